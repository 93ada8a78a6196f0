"""The offline reader's shell (/reader/) and the clinic embed's modules (/embed/v1/).

Nothing here reads content: the reader and the embed get guides from the delivery API.
Pages carry no inline script or style (a strict Content-Security-Policy with
`script-src 'self'; style-src 'self'` is enough for them).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from api.http import etag_matches

from . import files

SHELL_CACHE_CONTROL = "no-cache"  # always revalidated: the service worker keeps the offline copy


@require_safe
def reader(request: HttpRequest) -> HttpResponse:
    response = render(request, "clients/reader.html", _reader_context())
    response["Cache-Control"] = SHELL_CACHE_CONTROL
    return response


@require_safe
def reader_service_worker(request: HttpRequest) -> HttpResponse:
    context = _reader_context()
    page = render_to_string("clients/reader.html", context).encode()
    shell = [reverse("clients:reader"), reverse("clients:reader-manifest")] + [
        static(files.static_path(path)) for path in files.reader_shell_files()
    ]
    body = render_to_string(
        "clients/reader-sw.js",
        {"shell_json": json.dumps(shell), "version": files.shell_version(page)},
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = SHELL_CACHE_CONTROL
    response["Service-Worker-Allowed"] = reverse("clients:reader")
    return response


@require_safe
def reader_manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: what makes the reader installable."""
    icon = "clients/web/reader/icon-{}.png"
    manifest = {
        "name": f"{settings.WAGTAIL_SITE_NAME}: offline reader",
        "short_name": settings.WAGTAIL_SITE_NAME,
        "start_url": reverse("clients:reader"),
        "scope": reverse("clients:reader"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5cab",
        "icons": [
            {"src": static(icon.format(size)), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ]
        + [
            {
                "src": static("clients/web/reader/icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
            }
        ],
    }
    response = HttpResponse(json.dumps(manifest), content_type="application/manifest+json")
    response["Cache-Control"] = SHELL_CACHE_CONTROL
    return response


@require_safe
def embed_module(request: HttpRequest, name: str) -> HttpResponse:
    """`/embed/v1/health-guide.js` and the modules it imports, for clinic pages.

    The URL is the contract and stays the same across deploys, so it is cached briefly
    (EMBED_MAX_AGE) and revalidated with an ETag. A clinic page loads it with
    `<script type="module">` from another origin, which browsers fetch in CORS mode:
    hence `Access-Control-Allow-Origin: *` (no credentials are involved).
    """
    if name not in files.embed_module_names():
        raise Http404(f"No embed module {name!r}.")
    return _embed_file(request, files.WEB_DIR / name, "text/javascript; charset=utf-8")


@require_safe
def embed_catalogue(request: HttpRequest, name: str) -> HttpResponse:
    """`/embed/v1/i18n/<name>.json`: message catalogues the embed's modules fetch (CORS)."""
    if name not in files.embed_catalogue_names():
        raise Http404(f"No catalogue {name!r}.")
    return _embed_file(request, files.I18N_DIR / name, "application/json; charset=utf-8")


def _embed_file(request: HttpRequest, path, content_type: str) -> HttpResponse:
    module = files.read(path)
    if etag_matches(request, module.etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(module.body, content_type=content_type)
    response["ETag"] = module.etag
    response["Cache-Control"] = f"public, max-age={settings.EMBED_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _reader_context() -> dict:
    return {
        "api_root": reverse("api:locales").removesuffix("locales/"),
        "service_worker": reverse("clients:reader-sw"),
        "scope": reverse("clients:reader"),
    }

"""Content-Security-Policy per area of the site (django-csp 4).

The project's own pages — the translation review screens, the sign-in security screens, the
sign-in page, the rendered site and the static reader — get CONTENT_SECURITY_POLICY as it
is: no inline script or style, everything from our own origin. The rest of the Wagtail
admin renders a few inline scripts of its own (date pickers, inline panels, the
wagtail-localize editor) and inline style attributes, so CSP_AREAS relaxes exactly those
directives under /admin/ and nowhere else. A view decorated with django-csp's
`csp_update`/`csp_replace` keeps what its decorator says.

The API lane (api/http/middleware.py) answers /api/v1/ before this middleware: JSON needs no
policy, and SecurityMiddleware still sends `X-Content-Type-Options: nosniff` there.
"""

from __future__ import annotations

from typing import Any

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def area_override(path: str) -> dict[str, Any] | None:
    """The directives CSP_AREAS replaces for `path` (first matching prefix), if any."""
    for prefix, replace in getattr(settings, "CSP_AREAS", ()):
        if path.startswith(prefix):
            return replace
    return None


class AreaCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if parts.config is None and parts.replace is None:
            parts.replace = area_override(request.path_info)
        return parts


def static_html_headers(headers: Any, path: str, url: str) -> None:
    """WHITENOISE_ADD_HEADERS_FUNCTION: HTML served as a static file gets the strict policy
    too (WhiteNoise answers before any Django middleware)."""
    if url.endswith((".html", ".htm")) or url.endswith("/"):
        from csp.utils import build_policy

        headers["Content-Security-Policy"] = build_policy()

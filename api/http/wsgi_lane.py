"""Warm API reads answered at the WSGI layer, in front of Django's request handler.

Measured (bench/api_throughput.py: CPU per request of the gunicorn workers; cProfile of
the WSGI call): once the read model is in the process's own copy, a guide detail cost
~400 us of worker CPU against ~170 us for the same bytes from a bare WSGI app, and most
of the difference was Django's per-request machinery around the few microseconds of the
lookup: the request_started/finished signals, WSGIRequest and HttpHeaders, ten
middleware layers, HttpResponse header normalisation, and GZipMiddleware compressing the
same 16 KB again on every request.

This lane serves the same happy path (`api.http.fastpath.serve`: the view's own
authentication, permission and throttle classes and its `fast_get`) straight from the
WSGI environ, and steps aside to Django for everything else, so every other status,
header and error is still produced in one place:

- not a GET under /api/v1/, a route without `fast_get`, a host not in ALLOWED_HOSTS, a
  request SECURE_SSL_REDIRECT would redirect, a CORS request (Origin header), or any
  case the fast path declines (bad key, throttled, unknown locale, missing guide, store
  unavailable) -> Django, with the environ exactly as the server built it (the lane's
  request works on a copy: WSGIRequest writes the decoded PATH_INFO back into its
  environ, and a path outside Latin-1 written into the server's dict made Django's own
  re-encoding of it fail with a 500); a declined request reaches Django as a copy
  carrying the FASTPATH_DECLINED mark, so the server's dict is never written;
- the response carries the headers Django's stack adds to such a response
  (SecurityMiddleware's, HSTS on HTTPS, the Vary of GZip and CORS) computed from the same
  settings; tests/api/test_wsgi_lane.py compares both paths header by header;
- gzip: compressed once per body version and kept (bounded), with the weak ETag and
  headers GZipMiddleware sets; unlike GZipMiddleware it adds no random padding (a
  BREACH mitigation for pages that mix secrets with reflected input; these bodies are
  public and reflect nothing).

Set API_WSGI_LANE=0 to send everything through Django.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest, get_path_info
from django.core.signals import setting_changed
from django.http.request import split_domain_port, validate_host
from django.urls import get_urlconf
from django.utils.regex_helper import _lazy_re_compile

from api.http import fastpath
from api.http.middleware import API_PREFIX, FASTPATH_DECLINED, resolve_api

_accepts_gzip = _lazy_re_compile(r"\bgzip\b")
_GZIP_MIN = 200  # GZipMiddleware leaves shorter bodies alone
_GZIP_HELD = 1024


class _Gzipped:
    """Compressed bodies by ETag (a content hash: one body per tag), least recent out."""

    def __init__(self) -> None:
        self._data: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag: str, body: bytes) -> bytes:
        with self._lock:
            held = self._data.get(etag)
            if held is not None:
                self._data.move_to_end(etag)
                return held
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        with self._lock:
            self._data[etag] = packed
            while len(self._data) > _GZIP_HELD:
                self._data.popitem(last=False)
        return packed


class ApiWsgiLane:
    def __init__(self, django_app: Callable) -> None:
        self.django_app = django_app
        self.gzipped = _Gzipped()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").startswith(API_PREFIX):
            try:
                answered, declined = self._attempt(environ, start_response)
            except Exception:  # let Django produce (and log) whatever this turns into
                answered, declined = None, False
            if answered is not None:
                return answered
            if declined:
                # Django's lane middleware need not try the fast path again; the mark goes
                # on a copy, so the server's environ stays exactly as it was built.
                return self.django_app({**environ, FASTPATH_DECLINED: True}, start_response)
        return self.django_app(environ, start_response)

    def _serve(self, environ: dict, start_response: Callable) -> list[bytes] | None:
        """The response body when the lane answers (start_response called), else None."""
        return self._attempt(environ, start_response)[0]

    def _attempt(self, environ: dict, start_response: Callable) -> tuple[list[bytes] | None, bool]:
        """(the body, or None when stepping aside; whether the fast path ran and declined).

        Never writes into `environ`: whatever steps aside reaches Django as the server
        built it."""
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or not environ.get("PATH_INFO", "").startswith(API_PREFIX)
            or "HTTP_ORIGIN" in environ
            or not _config().enabled
            or not _host_allowed(environ)
            or _would_redirect(environ)
        ):
            return None, False
        path = get_path_info(environ)  # the path Django routes: the raw bytes as UTF-8
        match = resolve_api(path, get_urlconf())
        view_class = getattr(match.func, "view_class", None) if match else None
        if not hasattr(view_class, "fast_get"):
            return None, False
        # WSGIRequest writes PATH_INFO and SCRIPT_NAME into the dict it is given: a copy.
        request = WSGIRequest(dict(environ))
        request.resolver_match = match
        response = fastpath.serve(view_class, request, match.kwargs)
        if response is None:
            return None, True
        body = response.content
        big = len(body) >= _GZIP_MIN
        secure = _is_secure(environ)
        headers = [(k, v) for k, v in response.items() if k != "Vary"]
        headers.append(("Vary", _vary(response.get("Vary", ""), big)))
        config = _config()
        headers += config.secure_headers if secure else config.plain_headers
        if big and _accepts_gzip.search(environ.get("HTTP_ACCEPT_ENCODING", "")):
            body = self.gzipped.get(response.get("ETag", ""), body)
            headers = [
                (k, f"W/{v}" if k == "ETag" and not v.startswith("W/") else v) for k, v in headers
            ]
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [body], False


@dataclass(frozen=True)
class _Config:
    """The settings the lane reads, read once (settings are fixed in a serving process;
    tests that override them reset this through the setting_changed signal)."""

    enabled: bool
    allowed_hosts: list[str]
    ssl_redirect: bool
    proxy_ssl_header: tuple[str, str] | None
    plain_headers: list[tuple[str, str]]  # SecurityMiddleware's, on an HTTP request
    secure_headers: list[tuple[str, str]]  # the same on an HTTPS request (HSTS)


@lru_cache(maxsize=1)
def _config() -> _Config:
    allowed = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return _Config(
        enabled=bool(getattr(settings, "API_WSGI_LANE", True)),
        allowed_hosts=allowed,
        ssl_redirect=bool(settings.SECURE_SSL_REDIRECT),
        proxy_ssl_header=settings.SECURE_PROXY_SSL_HEADER,
        plain_headers=_security_headers(secure=False),
        secure_headers=_security_headers(secure=True),
    )


def reset_config(**kwargs) -> None:
    _config.cache_clear()


setting_changed.connect(reset_config, dispatch_uid="api.http.wsgi_lane.reset_config")


def _host_allowed(environ: dict) -> bool:
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, _config().allowed_hosts)


def _is_secure(environ: dict) -> bool:
    """HttpRequest.is_secure(), from the environ."""
    header = _config().proxy_ssl_header
    if header:
        name, value = header
        forwarded = environ.get(name)
        if forwarded is not None:
            return forwarded.split(",")[0].strip() == value
    return environ.get("wsgi.url_scheme") == "https"


def _would_redirect(environ: dict) -> bool:
    """SecurityMiddleware's HTTPS redirect (Django answers those)."""
    return _config().ssl_redirect and not _is_secure(environ)


def _vary(view_vary: str, big: bool) -> str:
    """The view's Vary, patched as GZipMiddleware (bodies of 200+ bytes) and CORS do."""
    names = [v.strip() for v in view_vary.split(",") if v.strip()]
    lowered = {n.lower() for n in names}
    for added in ("Accept-Encoding", "origin") if big else ("origin",):
        if added.lower() not in lowered:
            names.append(added)
    return ", ".join(names)


def _security_headers(*, secure: bool) -> list[tuple[str, str]]:
    """SecurityMiddleware.process_response's headers, from the same settings."""
    extra = []
    if settings.SECURE_HSTS_SECONDS and secure:
        sts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            sts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            sts += "; preload"
        extra.append(("Strict-Transport-Security", sts))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        extra.append(("X-Content-Type-Options", "nosniff"))
    policy = settings.SECURE_REFERRER_POLICY
    if policy:
        if isinstance(policy, str):
            policy = ",".join(v.strip() for v in policy.split(","))
        else:
            policy = ",".join(policy)
        extra.append(("Referrer-Policy", policy))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        extra.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    return extra

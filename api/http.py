"""HTTP caching for read-model responses: strong ETags, 304s, Cache-Control, surrogate keys.

Bodies are pre-built bytes, so these helpers wrap them in a plain HttpResponse: DRF
still runs authentication, throttling and errors around the view, but no renderer
re-encodes what the read model already encoded.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified

JSON = "application/json"
JSON_LD = "application/ld+json"


def quote_etag(version: str) -> str:
    return f'"{version}"'


def etag_matches(request, etag: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ is ignored, so a
    tag that gzip weakened on the way out still matches the strong one we hold."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


def _cache_control() -> str:
    max_age = getattr(settings, "API_CACHE_MAX_AGE", 60)
    s_maxage = getattr(settings, "API_CACHE_S_MAXAGE", 3600)
    return f"public, max-age={max_age}, s-maxage={s_maxage}"


def _decorate(
    response: HttpResponse, etag: str, language: str | None, surrogate: str, cache_control: str
) -> None:
    response["ETag"] = etag
    response["Cache-Control"] = cache_control or _cache_control()
    response["Surrogate-Key"] = surrogate
    response["Cache-Tag"] = surrogate.replace(" ", ",")
    if language:
        response["Content-Language"] = language
    response["Vary"] = "Accept-Language"  # a new response: nothing to merge with


def cached_bytes_response(
    request,
    body: bytes,
    *,
    version: str,
    language: str | None,
    surrogate: str,
    content_type: str = JSON,
    cache_control: str = "",
) -> HttpResponse:
    """200 with `body`, or 304 (no body) when the client already holds this version."""
    etag = quote_etag(version)
    if etag_matches(request, etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
    _decorate(response, etag, language, surrogate, cache_control)
    return response

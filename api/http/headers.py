"""HTTP caching for read-model responses: strong ETags, 304s, Cache-Control, surrogate keys.

Bodies are pre-built bytes, so these helpers wrap them in a plain HttpResponse: DRF
still runs authentication, throttling and errors around the view, but no renderer
re-encodes what the read model already encoded.

An answer to a request that carries an API key is `private, no-cache`: no shared cache
(a CDN, Varnish) may store it, and a browser asks again each time (a 304 while the key
holds), so a wrong or revoked key is refused at once instead of being answered from a
cache. Every answer varies on the key headers too, so no cache hands an anonymous answer
to a request with a key, or one key's answer to another: anonymous answers stay public,
one shared copy for all anonymous readers. docs/api.md, "HTTP caching", says why.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified

from api.access.authentication import raw_key_from
from api.read_model.purge import purge_reaches

JSON = "application/json"
JSON_LD = "application/ld+json"
# The answer depends on these request headers: the language, and the key (both spellings).
VARY = "Accept-Language, Authorization, X-API-Key"
KEYED_CACHE_CONTROL = "private, no-cache"


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


def _cache_control(request) -> str:
    """Public; shared caches may keep it for s-maxage only where a change purges the URL
    (api.read_model.purge.purge_reaches), else max-age binds them too."""
    max_age = getattr(settings, "API_CACHE_MAX_AGE", 60)
    if not purge_reaches(request):
        return f"public, max-age={max_age}"
    s_maxage = getattr(settings, "API_CACHE_S_MAXAGE", 3600)
    return f"public, max-age={max_age}, s-maxage={s_maxage}"


def _decorate(
    response: HttpResponse,
    etag: str,
    language: str | None,
    surrogate: str,
    cache_control: str,
) -> None:
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    response["Surrogate-Key"] = surrogate
    response["Cache-Tag"] = surrogate.replace(" ", ",")
    if language:
        response["Content-Language"] = language
    response["Vary"] = VARY  # a new response: nothing to merge with


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
    if raw_key_from(request) is not None:
        cache_control = KEYED_CACHE_CONTROL
    _decorate(response, etag, language, surrogate, cache_control or _cache_control(request))
    return response

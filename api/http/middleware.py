"""A lean lane for /api/v1/: API requests skip the middleware they never use.

Sessions, CSRF, user auth, messages, the locale middleware and Wagtail's redirects
serve the admin and the HTML site; the API negotiates its own locale and
authenticates with keys, and its views are CSRF-exempt DRF views. Measured with
bench/api_throughput.py, those middlewares cost more than serving a cached guide.
This middleware sits after security, CORS and gzip (which still apply) and calls the
resolved DRF view directly, so DRF keeps authentication, throttling and errors; views
with a `fast_get` serve their happy path through `fastpath.serve` (see there).
/api/v1/ belongs to the API: a path no API route matches is the API's JSON 404 at once
(not a page-tree lookup by Wagtail's catch-all route), unless the same path with a
slash is a route, which goes down the normal stack for CommonMiddleware's APPEND_SLASH
redirect. Everything else goes down the normal stack.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, ResolverMatch, get_urlconf, resolve

from api.http import fastpath
from api.http.errors import json_error

API_PREFIX = "/api/v1/"
# Set in the WSGI environ by api.http.wsgi_lane when the fast path already declined this request.
FASTPATH_DECLINED = "api.fastpath_declined"
API_NAMESPACE = "api"


@lru_cache(maxsize=4096)
def resolve_api(path: str, urlconf: str | None = None) -> ResolverMatch | None:
    """URL resolution is a fixed function of (path, URLconf), so remember it; bounded,
    because paths come from clients."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return match if API_NAMESPACE in match.namespaces else None


class ApiLaneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        # CommonMiddleware's ALLOWED_HOSTS check, which this lane skips (a bad Host
        # raises DisallowedHost: a 400 in the JSON error shape).
        request.get_host()
        match = resolve_api(request.path_info, get_urlconf())
        if match is None:
            if not request.path_info.endswith("/") and resolve_api(
                request.path_info + "/", get_urlconf()
            ):
                return self.get_response(request)  # CommonMiddleware's APPEND_SLASH redirect
            return json_error(404)
        request.resolver_match = match
        view_class = getattr(match.func, "view_class", None)
        if (
            request.method == "GET"
            and hasattr(view_class, "fast_get")
            and FASTPATH_DECLINED not in request.META
        ):
            response = fastpath.serve(view_class, request, match.kwargs)
            if response is not None:
                return response
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response = response.render()  # DRF error responses are lazily rendered
        return response


def clear_resolutions(*, setting: str, **kwargs) -> None:
    """Tests that swap ROOT_URLCONF (override_settings) must not see old resolutions."""
    if setting == "ROOT_URLCONF":
        resolve_api.cache_clear()

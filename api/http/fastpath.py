"""The happy path of warm read-model GETs, without DRF's per-request machinery.

Measured (bench/api_throughput.py, profiles of the WSGI call): for a cached guide,
DRF's Request wrapping, content negotiation and response finalizing cost about as
much as everything else the request does. So a view may offer `fast_get`: the lane
middleware runs the view's OWN DRF authentication, permission and throttle classes
against the plain request, calls `fast_get`, and returns its response. Anything else
— a bad key, a refusal, a throttle, an unknown locale, a missing guide — makes the
fast path step aside and the regular DRF view answer, so every error, header and
status is still produced in exactly one place.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from rest_framework.exceptions import APIException

from api.read_model.tiers import ReadModelUnavailable


class _Shim:
    """The attributes DRF's auth/permission/throttle classes read from a request."""

    __slots__ = ("META", "_request", "auth", "user")

    def __init__(self, request: HttpRequest) -> None:
        self._request = request
        self.META = request.META
        self.auth = None
        self.user = None

    @property
    def headers(self):
        return self._request.headers  # built from META on first use only


def serve(view_class, request: HttpRequest, kwargs: dict) -> HttpResponse | None:
    """The view's response on the happy path, or None to let DRF handle the request."""
    shim = _Shim(request)
    try:
        for authenticator in view_class.authentication_classes:
            result = authenticator().authenticate(shim)
            if result is not None:
                shim.user, shim.auth = result
                break
        for permission in view_class.permission_classes:
            if not permission().has_permission(shim, None):
                return None
    except APIException:
        return None
    try:
        response = view_class.fast_get(request, **kwargs)
    except ReadModelUnavailable:
        return None  # DRF answers it (503 with Retry-After, in the JSON error shape)
    if response is None:
        return None
    # Throttles last: a request DRF ends up answering is counted once, by DRF.
    for throttle in view_class.throttle_classes:
        if not throttle().allow_request(shim, None):
            return None  # DRF counts it again (already over the limit) and answers 429
    return response

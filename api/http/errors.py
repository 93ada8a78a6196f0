"""One error shape for everything under /api/: {"error": {"code", "message", "details"}}.

DRF errors go through `exception_handler`; Django-level 400/403/404/500 (a bad Host
header, an unknown URL, a crash in middleware) go through the `handler*` views, which answer JSON under
/api/ and defer to Django's pages elsewhere. With DEBUG on, Django renders its technical
HTML pages for those instead and no handler is asked, so `JsonErrorsMiddleware`, outside
every other middleware, turns any error under /api/ that is not already JSON into the
same shape. No HTML, no stack trace, whatever DEBUG says.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger("api")
API_PREFIX = "/api/"


class ApiError(exceptions.APIException):
    """An API error with machine-readable details (e.g. the enabled locales)."""

    def __init__(self, message: str, *, code: str, status_code: int = 400, details: Any = None):
        super().__init__(message, code)
        self.status_code = status_code
        self.details = details


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


def _describe(exc: exceptions.APIException) -> tuple[str, str, Any]:
    details = getattr(exc, "details", None)
    detail = exc.detail
    if isinstance(detail, (list, dict)):
        return exc.default_code, str(exc.default_detail), detail
    code = getattr(detail, "code", None) or exc.default_code
    return str(code), str(detail), details


def exception_handler(exc: Exception, context: dict) -> Response:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in %s", context.get("view").__class__.__name__)
        return Response(
            error_body("server_error", "Internal server error."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    code, message, details = _describe(exc)
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        details = {"retry_after": int(exc.wait)}
    response.data = error_body(code, message, details)
    return response


# The shape's code and message for errors Django produces itself, by status.
_GENERIC = {
    400: ("bad_request", "Bad request."),
    403: ("permission_denied", "Forbidden."),
    404: ("not_found", "Not found."),
    405: ("method_not_allowed", "Method not allowed."),
    500: ("server_error", "Internal server error."),
}


def generic_error(status_code: int) -> tuple[str, str]:
    """(code, message) for a bare status: the table above, else the HTTP reason phrase."""
    if status_code in _GENERIC:
        return _GENERIC[status_code]
    try:
        phrase = HTTPStatus(status_code).phrase
    except ValueError:
        phrase = "Error"
    return phrase.lower().replace(" ", "_").replace("-", "_"), f"{phrase}."


def json_error(status_code: int) -> JsonResponse:
    code, message = generic_error(status_code)
    return JsonResponse(error_body(code, message), status=status_code)


def handler400(request, exception=None):
    if request.path_info.startswith(API_PREFIX):
        return json_error(400)
    return defaults.bad_request(request, exception)


def handler403(request, exception=None):
    if request.path_info.startswith(API_PREFIX):
        return json_error(403)
    return defaults.permission_denied(request, exception)


def handler404(request, exception=None):
    if request.path_info.startswith(API_PREFIX):
        return json_error(404)
    return defaults.page_not_found(request, exception)


def handler500(request):
    if request.path_info.startswith(API_PREFIX):
        return json_error(500)
    return defaults.server_error(request)


# Headers that describe the body being replaced; every other header is kept (Allow,
# Retry-After, WWW-Authenticate, CORS, Vary, the security headers).
_BODY_HEADERS = frozenset(
    h.lower()
    for h in (
        "Content-Type",
        "Content-Length",
        "Content-Encoding",
        "Content-Disposition",
        "Content-Language",
        "ETag",
        "Last-Modified",
    )
)


def _is_json(response: HttpResponse) -> bool:
    media_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
    return media_type == "application/json"


class JsonErrorsMiddleware:
    """Any error response under /api/ that is not JSON leaves as the JSON error of its
    status (DEBUG's technical 404/400/500 pages, an HTML 405, ...). It runs outside every
    other middleware, so what they raise (SecurityMiddleware's DisallowedHost on an HTTPS
    redirect, for one) has become a response by the time it looks. Django has already
    logged the error as usual; only the body the client sees changes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path_info.startswith(API_PREFIX)
            or _is_json(response)
        ):
            return response
        code, message = generic_error(response.status_code)
        replaced = HttpResponse(
            json.dumps(error_body(code, message)),
            status=response.status_code,
            content_type="application/json",
        )
        for name, value in response.items():
            if name.lower() not in _BODY_HEADERS:
                replaced[name] = value
        replaced.cookies = response.cookies
        return replaced

"""One error shape for everything under /api/: {"error": {"code", "message", "details"}}.

DRF errors go through `exception_handler`; Django-level 400/403/404/500 (a bad Host
header, an unknown URL, a crash in middleware) go through the `handler*` views, which answer JSON under
/api/ and defer to Django's pages elsewhere. No HTML, no stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
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


def _json_error(status_code: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(error_body(code, message), status=status_code)


def handler400(request, exception=None):
    if request.path_info.startswith(API_PREFIX):
        return _json_error(400, "bad_request", "Bad request.")
    return defaults.bad_request(request, exception)


def handler403(request, exception=None):
    if request.path_info.startswith(API_PREFIX):
        return _json_error(403, "permission_denied", "Forbidden.")
    return defaults.permission_denied(request, exception)


def handler404(request, exception=None):
    if request.path_info.startswith(API_PREFIX):
        return _json_error(404, "not_found", "Not found.")
    return defaults.page_not_found(request, exception)


def handler500(request):
    if request.path_info.startswith(API_PREFIX):
        return _json_error(500, "server_error", "Internal server error.")
    return defaults.server_error(request)

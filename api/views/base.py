"""What every API view shares: key auth, throttles, JSON errors, locale resolution."""

from __future__ import annotations

from django.http import HttpRequest
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import exceptions
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from api.access.authentication import ApiKeyAuthentication
from api.access.permissions import HasApiKeyOrAnonymousAllowed
from api.access.throttling import AnonymousThrottle, ApiKeyThrottle
from api.http.errors import ApiError
from api.http.negotiation import LOCALE_PARAM, LocaleNotEnabled, ResolvedLocale, resolve_locale
from api.views.serializers import ErrorSerializer
from locales.registry import LocaleInfo, get_registry


class FirstRenderer(BaseContentNegotiation):
    """Every endpoint has one representation: serve it whatever `Accept` says."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ApiView(APIView):
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasApiKeyOrAnonymousAllowed]
    throttle_classes = [ApiKeyThrottle, AnonymousThrottle]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRenderer
    parser_classes: list = []

    def permission_denied(self, request, message=None, code=None):
        # DRF drops the permission's message for a 401; ours says how to send a key.
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated(detail=message, code=code)
        raise exceptions.PermissionDenied(detail=message, code=code)

    def resolve_locale(self, request) -> ResolvedLocale:
        try:
            return resolve_locale(
                request._request.GET.get(LOCALE_PARAM),
                request._request.META.get("HTTP_ACCEPT_LANGUAGE"),
            )
        except LocaleNotEnabled as exc:
            raise unknown_locale(exc) from None


def locale_or_none(request: HttpRequest) -> LocaleInfo | None:
    """`resolve_locale` for the fast path: None where the DRF view would answer 400."""
    try:
        return resolve_locale(
            request.GET.get(LOCALE_PARAM), request.META.get("HTTP_ACCEPT_LANGUAGE")
        ).locale
    except LocaleNotEnabled:
        return None


def unknown_locale(exc: LocaleNotEnabled) -> ApiError:
    return ApiError(
        str(exc),
        code="unknown_locale",
        details={"requested": exc.requested, "enabled": exc.enabled},
    )


# A language tag as `LocaleRegistry.negotiate` reads one (surrounding spaces ignored);
# the same tags in a bundle's path, where it cannot be empty.
LOCALE_TAG_PATTERN = r"^\s*[A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*\s*$"
ENABLED = ", ".join(get_registry().codes)
LOCALE_PARAMETER = OpenApiParameter(
    LOCALE_PARAM,
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    # Empty (or only spaces) = not given.
    pattern=r"^\s*([A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*)?\s*$",
    examples=[OpenApiExample(code, value=code) for code in ("es", "es-MX", "pt", "zh-CN")],
    description=f"A BCP 47 language tag, negotiated onto the enabled locales ({ENABLED}) "
    "like Accept-Language: the locale it names (case and -/_ do not matter), else the "
    "enabled locale of the same language and script (es-MX -> es, pt -> pt-BR, zh-CN -> "
    "zh-Hans; zh-TW matches none). `requested_locale` in the answer says which. No "
    "enabled locale serves it -> 400 `unknown_locale` listing them. Omitted -> "
    "Accept-Language, else the source locale.",
)
ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False
)
NOT_MODIFIED = OpenApiResponse(description="Not modified: your ETag is current (no body).")
ERRORS = {
    code: OpenApiResponse(ErrorSerializer, description=text)
    for code, text in {
        400: "Bad request (e.g. a locale that is not enabled).",
        401: "No key while anonymous reads are disabled, or an invalid or revoked key.",
        403: "The key is bound to other browser origins than this request's Origin.",
        404: "Not found.",
        405: "Method not allowed.",
        429: "Too many requests; see Retry-After.",
        500: "Server error (no details are disclosed).",
    }.items()
}

"""Offline bundles: every published guide of a locale in one cacheable response."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema

from api.http.headers import cached_bytes_response
from api.http.negotiation import LocaleNotEnabled, resolve_path_locale
from api.read_model.purge import surrogate_keys
from api.read_model.store import get_bundle
from api.views.base import (
    ENABLED,
    ERRORS,
    IF_NONE_MATCH,
    LOCALE_TAG_PATTERN,
    NOT_MODIFIED,
    ApiView,
    unknown_locale,
)
from api.views.serializers import BundleSerializer
from locales.registry import LocaleInfo


class BundleView(ApiView):
    @extend_schema(
        operation_id="bundles_retrieve",
        summary="Every published guide of a locale in one response (offline use)",
        parameters=[
            OpenApiParameter(
                "locale",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                pattern=LOCALE_TAG_PATTERN,
                examples=[OpenApiExample(code, value=code) for code in ("es", "pt")],
                description=f"A BCP 47 language tag, negotiated like `?locale=` onto the "
                f"enabled locales ({ENABLED}): pt -> pt-BR. No enabled locale serves it -> "
                "400 listing them.",
            ),
            IF_NONE_MATCH,
        ],
        responses={200: BundleSerializer, 304: NOT_MODIFIED, **ERRORS},
    )
    def get(self, request, locale: str):
        try:
            info = resolve_path_locale(locale)
        except LocaleNotEnabled as exc:
            raise unknown_locale(exc) from None
        return bundle_response(request._request, info)

    @staticmethod
    def fast_get(request: HttpRequest, locale: str) -> HttpResponse | None:
        try:
            info = resolve_path_locale(locale)
        except LocaleNotEnabled:
            return None
        return bundle_response(request, info)


def bundle_response(request: HttpRequest, info: LocaleInfo) -> HttpResponse:
    bundle = get_bundle(info)
    return cached_bytes_response(
        request,
        bundle.body,
        version=bundle.version,
        language=info.code,
        surrogate=surrogate_keys(locale=info.code),
    )

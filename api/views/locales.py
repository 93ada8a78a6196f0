"""The enabled locales (static per deployment: settings, via the registry)."""

from __future__ import annotations

from functools import lru_cache

from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import extend_schema

from api.documents.builder import content_hash, dumps
from api.http.headers import cached_bytes_response
from api.views.base import ERRORS, IF_NONE_MATCH, NOT_MODIFIED, ApiView
from api.views.serializers import LocaleListSerializer
from locales.registry import get_registry


@lru_cache(maxsize=1)
def _locales_body() -> tuple[bytes, str]:
    registry = get_registry()
    body = dumps(
        {
            "source": registry.source.code,
            "results": [
                {
                    "code": info.code,
                    "english_name": info.english_name,
                    "native_name": info.native_name,
                    "direction": info.direction,
                    "is_source": info.is_source,
                }
                for info in registry.all
            ],
        }
    )
    return body, content_hash(body)


class LocaleListView(ApiView):
    @extend_schema(
        operation_id="locales_list",
        summary="Enabled locales",
        parameters=[IF_NONE_MATCH],
        responses={200: LocaleListSerializer, 304: NOT_MODIFIED, **ERRORS},
    )
    def get(self, request):
        return self.fast_get(request._request)

    @staticmethod
    def fast_get(request: HttpRequest) -> HttpResponse:
        body, version = _locales_body()
        return cached_bytes_response(request, body, version=version, language=None, surrogate="api")

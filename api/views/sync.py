"""Delta sync for offline apps (the protocol lives in api/read_model/sync.py)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema

from api.documents.builder import content_hash, dumps
from api.http.headers import cached_bytes_response
from api.read_model.purge import surrogate_keys
from api.read_model.sync import sync
from api.views.base import (
    ACCEPT_LANGUAGE,
    ERRORS,
    IF_NONE_MATCH,
    LOCALE_PARAMETER,
    NOT_MODIFIED,
    ApiView,
)
from api.views.serializers import SyncSerializer


class SyncView(ApiView):
    @extend_schema(
        operation_id="sync_retrieve",
        summary="Changes since a token (or everything, without one) plus a new token",
        parameters=[
            LOCALE_PARAMETER,
            ACCEPT_LANGUAGE,
            IF_NONE_MATCH,
            OpenApiParameter(
                "since",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description="The `token` of your last applied answer.",
            ),
            OpenApiParameter(
                "bundle",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description="Without `since`: the `version` of the bundle you started from. "
                "Still current -> no guides, just a token; else the full state.",
            ),
        ],
        responses={200: SyncSerializer, 304: NOT_MODIFIED, **ERRORS},
    )
    def get(self, request):
        requested = self.resolve_locale(request).locale
        params = request._request.GET
        answer = sync(requested, params.get("since") or None, params.get("bundle") or None)
        body = (
            b'{"locale":"%s","token":%s,"full":%s,"removed":%s,"changed":['
            % (
                requested.code.encode(),
                dumps(answer.token),
                b"true" if answer.full else b"false",
                dumps(answer.removed),
            )
            + b",".join(g.served_document(requested) for g in answer.changed)
            + b"]}"
        )
        return cached_bytes_response(
            request,
            body,
            version=content_hash(body),
            language=requested.code,
            surrogate=surrogate_keys(locale=requested.code),
            cache_control="no-cache",
        )

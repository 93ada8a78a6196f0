"""Full-text search over published FAQ items and guides. Thin: validate, select, respond.

It queries the database on every request (see api/search/selectors.py), behind the
same breaker as the other reads of the durable store (api/read_model/tiers.py `from_database`):
when the database is unreachable it answers 503 at once, in the shared error shape.
"""

from __future__ import annotations

import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from api.documents.builder import content_hash, dumps
from api.http.errors import ApiError
from api.http.headers import cached_bytes_response
from api.read_model.purge import surrogate_keys
from api.read_model.store import find_guide
from api.read_model.tiers import ReadModelUnavailable, from_database
from api.search.selectors import (
    EmptyQuery,
    SearchHit,
    SearchResults,
    max_query_chars,
    parse_query,
)
from api.views.base import (
    ACCEPT_LANGUAGE,
    ERRORS,
    IF_NONE_MATCH,
    LOCALE_PARAMETER,
    NOT_MODIFIED,
    ApiView,
)
from api.views.guides import PAGE_PARAMETERS, GuidePagination, _not_found
from api.views.serializers import ErrorSerializer, SearchResultsSerializer

RETRY_AFTER_SECONDS = 5
SLUG = re.compile(r"[-\w]{1,255}")  # what a Wagtail slug can be; anything else is no guide


class SearchUnavailable(ApiError):
    def __init__(self) -> None:
        super().__init__(
            "Search is temporarily unavailable. Try again shortly.",
            code="search_unavailable",
            status_code=503,
            details={"retry_after": RETRY_AFTER_SECONDS},
        )
        self.wait = RETRY_AFTER_SECONDS  # DRF turns this into a Retry-After header


def hit_json(hit: SearchHit) -> dict:
    row = hit.row
    item = None
    if row.kind == "item":
        item = {"id": row.item_id, "number": row.number, "question": row.question}
    return {
        "kind": row.kind,
        "guide": {"id": row.guide_id, "slug": row.slug, "title": row.title},
        "locale": row.locale,
        "fallback": row.fallback,
        "item": item,
        "snippet": hit.snippet.text,
        "snippet_html": hit.snippet.html,
        "score": round(row.score, 6),
    }


class SearchView(ApiView):
    @extend_schema(
        operation_id="search",
        summary="Search published FAQ items and guides in a locale, by relevance",
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                required=True,
                pattern=r"\S",
                description="Words to find (accents and case are ignored; words are "
                f"stemmed per language). Cut to {max_query_chars()} characters; operators "
                "and quotes are treated as plain text. Empty or only whitespace -> 400.",
            ),
            OpenApiParameter(
                "guide",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description="Only this guide (its slug). Unknown -> 404.",
            ),
            *PAGE_PARAMETERS,
            LOCALE_PARAMETER,
            ACCEPT_LANGUAGE,
            IF_NONE_MATCH,
        ],
        responses={
            200: SearchResultsSerializer,
            304: NOT_MODIFIED,
            **ERRORS,
            503: OpenApiResponse(
                ErrorSerializer, description="The database is unreachable; see Retry-After."
            ),
        },
    )
    def get(self, request):
        requested = self.resolve_locale(request).locale
        params = request._request.GET
        try:
            query = parse_query(params.get("q"))
        except EmptyQuery as exc:
            raise ApiError(str(exc), code="empty_query", details={"parameter": "q"}) from None
        try:
            guide = None
            if slug := params.get("guide", "").strip():
                guide = find_guide(slug, requested) if SLUG.fullmatch(slug) else None
                if guide is None:
                    raise _not_found(slug)
            results = SearchResults(query, requested, guide)
            paginator = GuidePagination()
            hits = from_database(
                lambda: paginator.paginate_queryset(results, request, view=self),
                in_django_request=True,  # search never takes the WSGI lane
            )
        except ReadModelUnavailable:
            raise SearchUnavailable() from None
        body = dumps(
            {
                "count": paginator.page.paginator.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "requested_locale": requested.code,
                "query": query.text,
                "truncated": query.truncated,
                "match": results.match,
                "results": [hit_json(hit) for hit in hits],
            }
        )
        return cached_bytes_response(
            request._request,
            body,
            version=content_hash(body),
            language=requested.code,
            surrogate=surrogate_keys(locale=requested.code),
            cache_control="no-cache",  # a search may not outlive an unpublish (no URL purge)
        )

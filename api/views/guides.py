"""Guides: list, detail and FAQPage JSON-LD. Thin: negotiate, look up, respond."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

from api.documents.builder import content_hash, dumps
from api.http.errors import ApiError
from api.http.headers import JSON_LD, cached_bytes_response
from api.read_model.purge import surrogate_keys
from api.read_model.store import find_guide, locale_view
from api.views.base import (
    ACCEPT_LANGUAGE,
    ERRORS,
    IF_NONE_MATCH,
    LOCALE_PARAMETER,
    NOT_MODIFIED,
    ApiView,
    locale_or_none,
)
from api.views.serializers import FAQPageSerializer, GuideDocumentSerializer, GuideListSerializer
from locales.registry import LocaleInfo


class GuidePagination(PageNumberPagination):
    """20 a page; `page_size` asks for 1 to 100 (more is cut to 100). DRF quietly ignores a
    `page_size` that is not a positive whole number; here it is a 400, as the schema says
    (an integer, at least 1), so a client's typo is not answered with another page size."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise ApiError(
                f"page_size must be a whole number from 1 to {self.max_page_size}.",
                code="invalid_page_size",
                details={"parameter": self.page_size_query_param, "value": raw},
            )
        return min(int(raw), self.max_page_size)


SLUG_PARAMETER = OpenApiParameter(
    "slug",
    {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"},
    OpenApiParameter.PATH,
    description="The guide's slug (the source page's, the same in every locale).",
    examples=[OpenApiExample("exosome-hair-loss", value="exosome-hair-loss")],
)
PAGE_PARAMETERS = [
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1},
        OpenApiParameter.QUERY,
        description="Past the end -> 404.",
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1},
        OpenApiParameter.QUERY,
        description="Results per page, 1 to 100 (more is cut to 100; default 20).",
    ),
]


def _not_found(slug: str) -> NotFound:
    return NotFound(f"No published guide with slug {slug!r}.", code="guide_not_found")


class GuideListView(ApiView):
    @extend_schema(
        operation_id="guides_list",
        summary="Published guides in a locale (translation, else the source as fallback)",
        parameters=[LOCALE_PARAMETER, ACCEPT_LANGUAGE, IF_NONE_MATCH, *PAGE_PARAMETERS],
        responses={200: GuideListSerializer, 304: NOT_MODIFIED, **ERRORS},
    )
    def get(self, request):
        requested = self.resolve_locale(request).locale
        paginator = GuidePagination()
        page = paginator.paginate_queryset(locale_view(requested), request, view=self)
        body = dumps(
            {
                "count": paginator.page.paginator.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "requested_locale": requested.code,
                "results": [
                    {
                        "id": g.guide_id,
                        "slug": g.slug,
                        "locale": g.locale,
                        "requested_locale": requested.code,
                        "fallback": g.locale != requested.code,
                        "title": g.title,
                        "summary": g.summary,
                        "updated_at": g.updated_at,
                        "version": g.version,
                    }
                    for g in page
                ],
            }
        )
        return cached_bytes_response(
            request,
            body,
            version=content_hash(body),
            language=requested.code,
            surrogate=surrogate_keys(locale=requested.code),
        )


def detail_response(request: HttpRequest, slug: str, requested: LocaleInfo) -> HttpResponse | None:
    guide = find_guide(slug, requested)
    if guide is None:
        return None
    return cached_bytes_response(
        request,
        guide.served_document(requested),
        version=guide.served_version(requested),
        language=guide.locale,
        surrogate=surrogate_keys(locale=guide.locale, guide_id=guide.guide_id),
    )


def jsonld_response(request: HttpRequest, slug: str, requested: LocaleInfo) -> HttpResponse | None:
    guide = find_guide(slug, requested)
    if guide is None:
        return None
    return cached_bytes_response(
        request,
        guide.jsonld,
        version=guide.jsonld_version,
        language=guide.locale,
        surrogate=surrogate_keys(locale=guide.locale, guide_id=guide.guide_id),
        content_type=JSON_LD,
    )


class _OneGuideView(ApiView):
    """A single guide's representation; subclasses set `respond` (read model -> response)."""

    def get(self, request, slug: str):
        requested = self.resolve_locale(request).locale
        response = self.respond(request._request, slug, requested)
        if response is None:
            raise _not_found(slug)
        return response

    @classmethod
    def fast_get(cls, request: HttpRequest, slug: str) -> HttpResponse | None:
        requested = locale_or_none(request)
        return cls.respond(request, slug, requested) if requested else None


@extend_schema_view(
    get=extend_schema(
        operation_id="guides_retrieve",
        summary="One guide, in the negotiated locale or the source as fallback",
        parameters=[SLUG_PARAMETER, LOCALE_PARAMETER, ACCEPT_LANGUAGE, IF_NONE_MATCH],
        responses={200: GuideDocumentSerializer, 304: NOT_MODIFIED, **ERRORS},
    )
)
class GuideDetailView(_OneGuideView):
    respond = staticmethod(detail_response)


@extend_schema_view(
    get=extend_schema(
        operation_id="guides_faq_jsonld",
        summary="schema.org FAQPage JSON-LD to embed in a clinic page",
        parameters=[SLUG_PARAMETER, LOCALE_PARAMETER, ACCEPT_LANGUAGE, IF_NONE_MATCH],
        responses={(200, JSON_LD): FAQPageSerializer, 304: NOT_MODIFIED, **ERRORS},
    )
)
class GuideJsonLdView(_OneGuideView):
    respond = staticmethod(jsonld_response)

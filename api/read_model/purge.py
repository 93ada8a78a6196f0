"""Frontend-cache (CDN/Varnish) purge of the API URLs a guide change affects.

Responses are cacheable by a shared cache for `API_CACHE_S_MAXAGE`; when content
changes these URLs are purged through Wagtail's frontend-cache backends
(WAGTAILFRONTENDCACHE), after the transaction commits so the CDN refetches the new
state. The purge is Wagtail's own task, queued for a worker; when the task queue cannot
take it, the production task backend (cms.tasks.ResilientRQBackend) sends it from this
process instead, so a queue outage never loses a purge (a CDN serving old text for up to
`s-maxage`). Responses also carry surrogate keys for CDNs that purge by tag.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import get_urlconf, reverse
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from api.http.middleware import resolve_api
from locales.registry import LocaleRegistry, get_registry


def api_base_url() -> str:
    base = getattr(settings, "API_PUBLIC_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/")


def affected_urls(slugs: Iterable[str]) -> list[str]:
    """Detail, JSON-LD, list and bundle URLs, per locale and without a locale (negotiated)."""
    base = api_base_url()
    paths: list[str] = []
    locales: list[str | None] = [None, *get_registry().codes]
    for code in locales:
        query = f"?{urlencode({'locale': code})}" if code else ""
        paths.append(reverse("api:guide-list") + query)
        for slug in sorted(s for s in slugs if s):
            paths.append(reverse("api:guide-detail", kwargs={"slug": slug}) + query)
            paths.append(reverse("api:guide-jsonld", kwargs={"slug": slug}) + query)
        if code:
            paths.append(reverse("api:bundle", kwargs={"locale": code}))
    return [base + p for p in paths]


def purge_reaches(request) -> bool:
    """Whether `affected_urls` names this request's URL, so a change purges its answer.

    Only then may a shared cache keep the answer for s-maxage: another spelling of the
    same resource (`?locale=es-MX`, `?locale=ES`, `/bundles/es-MX/`, an extra or reordered
    query parameter, a list page) is never purged and would serve an unpublished guide
    for up to an hour. The purge names no query, or exactly `locale=<an enabled code>`,
    and a bundle by its enabled code."""
    codes, queries = _purged_spellings(get_registry())
    query = request.META.get("QUERY_STRING", "")
    if query and query not in queries:
        return False
    # Set wherever a request is served (the lane, ApiLaneMiddleware, Django's handler);
    # resolved here only for a request built by hand.
    match = getattr(request, "resolver_match", None) or resolve_api(
        request.path_info, get_urlconf()
    )
    path_locale = match.kwargs.get("locale") if match is not None else None
    return path_locale is None or path_locale in codes


@lru_cache(maxsize=1)
def _purged_spellings(registry: LocaleRegistry) -> tuple[frozenset[str], frozenset[str]]:
    """The locale codes and the queries (`locale=pt-BR`) that affected_urls spells."""
    codes = registry.codes
    return frozenset(codes), frozenset(urlencode({"locale": code}) for code in codes)


def surrogate_keys(*, locale: str | None = None, guide_id: str | None = None) -> str:
    keys = ["api"]
    if locale:
        keys.append(f"api-locale-{locale}")
    if guide_id:
        keys.append(f"api-guide-{guide_id}")
    return " ".join(keys)


def purge_guide_urls(slugs: Iterable[str]) -> None:
    urls = affected_urls(set(slugs))
    transaction.on_commit(lambda: purge_urls_from_cache(urls), robust=True)

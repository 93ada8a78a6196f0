"""The request path's reads: the cached read model, refilled from GuideSnapshot on a miss.

A warm request is cache lookups only (no database). Misses are remembered too
(a negative entry), so a guide without a translation falls back to the source
without a query. `services.rebuild_guides` is the only writer; it drops these keys.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from locales.registry import LocaleInfo, get_registry

from .documents import content_hash
from .models import GuideSnapshot

PREFIX = "api:v1"
_MISSING = "missing"


def _cache():
    return caches[getattr(settings, "API_CACHE_ALIAS", "default")]


# An optional per-process copy in front of a shared cache (API_PROCESS_CACHE_SECONDS,
# default 0 = off): with Redis it saves a network round trip per request, at the price
# of other processes seeing a change up to that many seconds late. The writing process
# drops its copy at once (forget), so a publish is visible there immediately.
_process_copy: dict[str, tuple[float, object]] = {}
_PROCESS_COPY_MAX = 2048


def _cached(key: str):
    seconds = getattr(settings, "API_PROCESS_CACHE_SECONDS", 0)
    if seconds:
        held = _process_copy.get(key)
        if held is not None and held[0] > time.monotonic():
            return held[1]
    value = _cache().get(key)
    if value is not None:
        _hold(key, value)
    return value


def _hold(key: str, value: object) -> None:
    seconds = getattr(settings, "API_PROCESS_CACHE_SECONDS", 0)
    if seconds:
        if len(_process_copy) >= _PROCESS_COPY_MAX:
            _process_copy.clear()
        _process_copy[key] = (time.monotonic() + seconds, value)


def _fill(key: str, value: object) -> None:
    # add(), not set(): never overwrite what a concurrent rebuild just stored.
    _cache().add(key, value, _timeout())
    _hold(key, value)


def _timeout() -> int | None:
    return getattr(settings, "API_READ_MODEL_TIMEOUT", 60)


# Not slots=True: slotted dataclasses unpickle through a per-field __setstate__, which
# measurably costs on every cache hit; a plain instance restores its __dict__ in one go.
@dataclass(frozen=True)
class CachedGuide:
    guide_id: str
    locale: str
    slug: str
    title: str
    summary: str
    updated_at: str
    version: str
    document: bytes
    jsonld: bytes
    jsonld_version: str

    @classmethod
    def from_snapshot(cls, row: GuideSnapshot) -> CachedGuide:
        jsonld = bytes(row.jsonld)
        return cls(
            guide_id=str(row.guide_id),
            locale=row.locale,
            slug=row.slug,
            title=row.title,
            summary=row.summary,
            updated_at=row.updated_at.isoformat(),
            version=row.version,
            document=bytes(row.document),
            jsonld=jsonld,
            jsonld_version=content_hash(jsonld),
        )

    def served_document(self, requested: LocaleInfo) -> bytes:
        """The stored document with the per-request fields spliced in front (no re-encoding)."""
        fallback = b"true" if requested.code != self.locale else b"false"
        head = b'{"requested_locale":"%s","fallback":%s,' % (requested.code.encode(), fallback)
        return head + self.document[1:]

    def served_version(self, requested: LocaleInfo) -> str:
        """Each distinct body needs its own strong tag: the splice depends on `requested`."""
        if requested.code == self.locale:
            return self.version
        return f"{self.version}-{requested.code}"


def guide_key(locale: str, slug: str) -> str:
    return f"{PREFIX}:guide:{locale}:{slug}"


def index_key(locale: str) -> str:
    return f"{PREFIX}:index:{locale}"


def bundle_key(locale: str) -> str:
    return f"{PREFIX}:bundle:{locale}"


def get_guide(locale: str, slug: str) -> CachedGuide | None:
    key = guide_key(locale, slug)
    hit = _cached(key)
    if hit is None:
        row = GuideSnapshot.objects.filter(locale=locale, slug=slug).first()
        hit = CachedGuide.from_snapshot(row) if row else _MISSING
        _fill(key, hit)
    return None if hit == _MISSING else hit


def find_guide(slug: str, requested: LocaleInfo) -> CachedGuide | None:
    """The guide in the requested locale, else in the source locale (a fallback)."""
    guide = get_guide(requested.code, slug)
    if guide is None and not requested.is_source:
        guide = get_guide(get_registry().source.code, slug)
    return guide


def locale_view(locale: LocaleInfo) -> list[CachedGuide]:
    """Every published guide as seen in `locale`: its translation, or the source as fallback.

    Bundles, lists and sync all use this, so they always agree.
    """
    key = index_key(locale.code)
    hit = _cached(key)
    if hit is None:
        hit = locale_view_from_db(locale)
        _fill(key, hit)
    return hit


def locale_view_from_db(
    locale: LocaleInfo, guide_ids: list[str] | None = None
) -> list[CachedGuide]:
    source = get_registry().source.code
    rows = GuideSnapshot.objects.filter(locale__in={locale.code, source})
    if guide_ids is not None:
        rows = rows.filter(guide_id__in=guide_ids)
    chosen: dict[str, GuideSnapshot] = {}
    for row in rows:
        current = chosen.get(str(row.guide_id))
        if current is None or row.locale == locale.code:
            chosen[str(row.guide_id)] = row
    guides = [CachedGuide.from_snapshot(row) for row in chosen.values()]
    return sorted(guides, key=lambda g: (g.slug, g.guide_id))


@dataclass(frozen=True)
class Bundle:
    locale: str
    version: str
    body: bytes


def get_bundle(locale: LocaleInfo) -> Bundle:
    key = bundle_key(locale.code)
    hit = _cached(key)
    if hit is None:
        hit = build_bundle(locale, locale_view(locale))
        _fill(key, hit)
    return hit


def build_bundle(locale: LocaleInfo, guides: list[CachedGuide]) -> Bundle:
    items = b",".join(g.served_document(locale) for g in guides)
    version = content_hash(items)
    head = b'{"locale":"%s","version":"%s","count":%d,"guides":[' % (
        locale.code.encode(),
        version.encode(),
        len(guides),
    )
    return Bundle(locale=locale.code, version=version, body=head + items + b"]}")


def forget(slugs: set[str]) -> None:
    """Drop every cached entry a guide change can affect (all locales: fallbacks move)."""
    codes = get_registry().codes
    keys = [guide_key(code, slug) for code in codes for slug in slugs]
    keys += [index_key(code) for code in codes] + [bundle_key(code) for code in codes]
    _cache().delete_many(keys)
    for key in keys:
        _process_copy.pop(key, None)


def clear_process_copy() -> None:
    _process_copy.clear()

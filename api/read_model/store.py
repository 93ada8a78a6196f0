"""The request path's reads: the read model, from this process's copy, Redis or GuideSnapshot.

A warm request is a lookup in the process's own copy (no Redis, no database); a miss
goes to Redis, then to the durable GuideSnapshot rows (api.read_model.tiers). Misses are remembered
too (a negative entry), so a guide without a translation falls back to the source
without a query. `services.rebuild_guides` is the only writer: it drops these keys at once
in its own process and raises the generation on commit, which every other process learns
within API_GENERATION_POLL_SECONDS (api.read_model.generation).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from api.documents.builder import content_hash
from api.models import GuideSnapshot
from api.read_model.tiers import Tier
from locales.registry import LocaleInfo, get_registry

PREFIX = "api:v1"
_MISSING = "missing"

_tier = Tier("content", getattr(settings, "API_LOCAL_CACHE_BYTES", 64 * 1024 * 1024))


def _size(value) -> int:
    if isinstance(value, CachedGuide):
        return len(value.document) + len(value.jsonld) + 512
    if isinstance(value, Bundle):
        return len(value.body) + 256
    if isinstance(value, list):
        return sum(_size(item) for item in value) + 64
    return 256


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
    def build():
        row = GuideSnapshot.objects.filter(locale=locale, slug=slug).first()
        return CachedGuide.from_snapshot(row) if row else _MISSING

    hit = _tier.get(guide_key(locale, slug), build, _size)
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
    return _tier.get(index_key(locale.code), lambda: locale_view_from_db(locale), _size)


def offer_locale_view(locale: LocaleInfo, guides: list[CachedGuide], seq: int) -> None:
    """Sync read the whole view from the database at `seq`: keep it for when it cannot."""
    _tier.offer(index_key(locale.code), guides, _size(guides), seq)


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
    return _tier.get(
        bundle_key(locale.code), lambda: build_bundle(locale, locale_view(locale)), _size
    )


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
    _tier.forget(keys)


def local_copy():
    """This process's copy (sizes and hit counts for /readyz and the benchmarks)."""
    return _tier.local


def clear_process_copy() -> None:
    """Forget everything this process holds or knows (tests)."""
    from api.read_model import generation

    _tier.local.clear()
    generation.reset()

"""The read model's only writer: rebuild a guide's snapshots (every locale) after a change.

Called by the invalidation handlers (publish, unpublish, delete, move, view
restrictions) and by `rebuild_api`. Rebuilding is idempotent: unchanged content
keeps its version and `updated_at`, writes no change-log entry and purges nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from api.documents.builder import DOCUMENT_FORMAT, build_guide
from api.models import GuideChange, GuideSnapshot, SyncSequence
from api.read_model import generation
from api.read_model import store as read_model
from api.read_model.purge import purge_guide_urls
from api.read_model.selectors import live_guide_variants, source_slug
from api.search.indexing import update_search_index
from locales.registry import get_registry


@dataclass
class RebuildResult:
    changed: set[str] = field(default_factory=set)  # guide ids whose served state changed
    slugs: set[str] = field(default_factory=set)  # every slug they had or have
    seq: int = 0  # the content generation after this rebuild (0: nothing changed)


def rebuild_guides(guide_ids: Iterable[uuid.UUID | str]) -> RebuildResult:
    result = RebuildResult()
    with transaction.atomic():
        for guide_id in sorted({str(g) for g in guide_ids}):
            slugs = _rebuild_one(guide_id, result)
            if slugs:
                result.changed.add(guide_id)
                result.slugs |= slugs
        # The search index follows the snapshots, in the same transaction (api/search/).
        update_search_index(result.changed)
    if result.changed:
        # This thread reads its own writes at once; other processes keep serving the
        # committed state until the commit raises the generation (api.read_model.generation).
        read_model.forget(result.slugs)
        purge_guide_urls(result.slugs)
        seq = result.seq
        transaction.on_commit(lambda: generation.committed(content=seq), robust=True)
    return result


def _rebuild_one(guide_id: str, result: RebuildResult) -> set[str]:
    """Bring the snapshots of one guide in line with its live pages; return affected slugs."""
    registry = get_registry()
    variants = live_guide_variants(guide_id)
    existing = {row.locale: row for row in GuideSnapshot.objects.filter(guide_id=guide_id)}
    slug = source_slug(guide_id, fallback=variants[0].slug) if variants else ""
    order = {info.code: n for n, info in enumerate(registry.all)}
    available = sorted(
        (registry.get(p.locale.language_code).code for p in variants), key=order.__getitem__
    )

    affected: set[str] = set()
    seen: set[str] = set()
    for page in variants:
        built = build_guide(page, guide_id=guide_id, slug=slug, available=available)
        seen.add(built.locale)
        previous = existing.get(built.locale)
        if (
            previous is not None
            and previous.version == built.version
            and previous.slug == slug
            and previous.format == DOCUMENT_FORMAT
        ):
            continue
        GuideSnapshot.objects.update_or_create(
            guide_id=guide_id,
            locale=built.locale,
            defaults={
                "slug": slug,
                "page_id": built.page_id,
                "title": built.title,
                "summary": built.summary,
                "updated_at": built.updated_at,
                "version": built.version,
                "document": built.document,
                "jsonld": built.jsonld,
                "format": DOCUMENT_FORMAT,
            },
        )
        affected.add(slug)
        if previous is not None:
            affected.add(previous.slug)
    for locale, row in existing.items():
        if locale not in seen:
            row.delete()
            affected.add(row.slug)
    if affected:
        result.seq = record_change(guide_id)
    return affected


def record_change(guide_id: str) -> int:
    """Append to the sync log. The sequence row stays locked until commit, so sequence
    numbers become visible in order and a client's token can never skip one."""
    with transaction.atomic():
        sequence, _ = SyncSequence.objects.select_for_update().get_or_create(pk=1)
        sequence.value += 1
        sequence.save(update_fields=["value"])
        GuideChange.objects.filter(guide_id=guide_id).delete()
        GuideChange.objects.create(seq=sequence.value, guide_id=guide_id)
    return sequence.value


def rebuild_all() -> RebuildResult:
    """Every guide that has pages or snapshots (after a deploy, a restore, a cache flush)."""
    from api.read_model.selectors import all_guide_ids

    ids = {str(g) for g in all_guide_ids()}
    ids |= {str(g) for g in GuideSnapshot.objects.values_list("guide_id", flat=True)}
    return rebuild_guides(ids)

"""Reads about translations: segment rows for review, page summaries for the API, reports.

Everything that decides "is this reviewed?" is computed here from wagtail-localize's
segments plus the `SegmentReview` memory records, so the guard, the review screen,
the report and the API can never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max
from wagtail.models import Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from .registry import get_registry
from .review_state import SegmentOrigin, SegmentReview, SegmentStatus, text_hash

# Segments that are not prose a reader sees as a translation (the URL slug stays the
# source slug), so they are never sent to a provider and never block publishing.
UNREVIEWED_PATHS = frozenset({"slug"})

# Effective states shown to reviewers (stored states plus "untranslated").
UNTRANSLATED = "untranslated"


@dataclass(frozen=True)
class SegmentRow:
    segment: StringSegment
    slot: int
    review: SegmentReview | None
    string_translation: StringTranslation | None
    status: str  # SegmentStatus value or UNTRANSLATED

    @property
    def path(self) -> str:
        return self.segment.context.path

    @property
    def source_text(self) -> str:
        return self.segment.string.data

    @property
    def translated_text(self) -> str:
        return self.string_translation.data if self.string_translation else ""

    @property
    def needs_review(self) -> bool:
        return self.status != SegmentStatus.REVIEWED


@dataclass(frozen=True)
class TranslationSummary:
    source_locale: str
    machine_translated: bool
    reviewed_at: datetime | None
    outdated: bool


def source_segments(source: TranslationSource) -> list[tuple[StringSegment, int]]:
    """The source's reviewable string segments in page order, each with its slot."""
    seen: dict[int, int] = defaultdict(int)
    result = []
    for segment in (
        StringSegment.objects.filter(source=source)
        .select_related("context", "string")
        .order_by("order")
    ):
        if segment.context.path in UNREVIEWED_PATHS:
            continue
        slot = seen[segment.context_id]
        seen[segment.context_id] += 1
        result.append((segment, slot))
    return result


def _effective_status(
    segment: StringSegment, review: SegmentReview | None, st: StringTranslation | None
) -> str:
    if review is None:
        # Text written outside this workflow (wagtail-localize's editor or its own
        # machine-translate button) still needs a reviewer.
        return SegmentStatus.MACHINE if st is not None else UNTRANSLATED
    if review.string_id != segment.string_id:
        # The source changed after this record was written.
        return (
            SegmentStatus.OUTDATED
            if review.status in {SegmentStatus.REVIEWED, SegmentStatus.OUTDATED}
            else SegmentStatus.MACHINE
        )
    if st is None:
        return UNTRANSLATED
    if review.status in {SegmentStatus.REVIEWED, SegmentStatus.OUTDATED}:
        # Outdated with a matching string means the source was changed back.
        if st.has_error or text_hash(st.data) != review.translation_hash:
            return SegmentStatus.MACHINE  # edited elsewhere since approval
        return SegmentStatus.REVIEWED
    return review.status


def segment_rows(translation: Translation) -> list[SegmentRow]:
    """One row per reviewable segment of `translation`, in page order."""
    segments = source_segments(translation.source)
    reviews = {
        (r.context_id, r.slot): r
        for r in SegmentReview.objects.filter(translation=translation).select_related(
            "string_translation", "reviewed_by"
        )
    }
    translations = {
        (st.translation_of_id, st.context_id): st
        for st in StringTranslation.objects.filter(
            locale_id=translation.target_locale_id,
            context__object_id=translation.source.object_id,
        )
    }
    rows = []
    for segment, slot in segments:
        review = reviews.get((segment.context_id, slot))
        st = translations.get((segment.string_id, segment.context_id))
        rows.append(
            SegmentRow(
                segment=segment,
                slot=slot,
                review=review,
                string_translation=st,
                status=_effective_status(segment, review, st),
            )
        )
    return rows


def translation_for_page(page: Page) -> Translation | None:
    """The wagtail-localize Translation whose target is `page`, if it was made by one."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
        )
        .exclude(source__locale_id=page.locale_id)
        .select_related("source", "target_locale")
        .first()
    )


def _page_strings(instance: Page) -> dict[str, list[str]]:
    by_path: dict[str, list[str]] = defaultdict(list)
    for value in sorted(
        (v for v in extract_segments(instance) if isinstance(v, StringSegmentValue)),
        key=lambda v: v.order,
    ):
        by_path[value.path].append(value.string.data)
    return by_path


def unreviewed_content_count(instance: Page, translation: Translation | None = None) -> int:
    """How many segments of `instance`'s content are not the reviewed translation.

    This looks at the content itself (the revision being published), not only at the
    review records: a stale revision built before a reviewer's correction fails too.
    """
    translation = translation or translation_for_page(instance)
    if translation is None:
        return 0
    actual = _page_strings(instance)
    count = 0
    for row in segment_rows(translation):
        texts = actual.get(row.path, [])
        present = texts[row.slot] if row.slot < len(texts) else None
        if row.status != SegmentStatus.REVIEWED or present != row.translated_text:
            count += 1
    return count


def translation_summary(page: Page) -> TranslationSummary | None:
    """What the API tells readers about a page's translation (None for source pages)."""
    registry = get_registry()
    info = registry.find(page.locale.language_code)
    if info is not None and info.is_source:
        return None
    translation = translation_for_page(page)
    if translation is None:
        # Written by hand in this locale: nothing machine-made to flag.
        return TranslationSummary(
            source_locale=registry.source.code,
            machine_translated=False,
            reviewed_at=None,
            outdated=False,
        )
    source_info = registry.find(translation.source.locale.language_code)
    reviews = SegmentReview.objects.filter(translation=translation)
    return TranslationSummary(
        source_locale=source_info.code if source_info else translation.source.locale.language_code,
        machine_translated=reviews.filter(
            origin__in=[SegmentOrigin.MACHINE, SegmentOrigin.MEMORY]
        ).exists(),
        reviewed_at=reviews.aggregate(latest=Max("reviewed_at"))["latest"],
        # The stored row is the live content, whatever copy of the page we were given.
        outdated=unreviewed_content_count(Page.objects.get(pk=page.pk).specific, translation) > 0,
    )


@dataclass(frozen=True)
class OutdatedTranslation:
    translation: Translation
    page: Page | None
    outdated: int
    needs_review: int


def outdated_translations(
    translations: Iterable[Translation] | None = None,
) -> list[OutdatedTranslation]:
    """Translations with at least one outdated segment, for the admin report."""
    if translations is None:
        translations = Translation.objects.filter(enabled=True).select_related(
            "source", "target_locale"
        )
    result = []
    for translation in translations:
        rows = segment_rows(translation)
        outdated = sum(1 for r in rows if r.status == SegmentStatus.OUTDATED)
        if not outdated:
            continue
        try:
            page = translation.get_target_instance()
        except Page.DoesNotExist:
            page = None
        result.append(
            OutdatedTranslation(
                translation=translation,
                page=page,
                outdated=outdated,
                needs_review=sum(1 for r in rows if r.needs_review),
            )
        )
    return result

"""Reads about translations: segment rows for review, page summaries for the API, reports.

Everything that decides "is this reviewed?" is computed here from wagtail-localize's
segments plus the `SegmentReview` memory records, so the guard, the review screen,
the report and the API can never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from wagtail.models import Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from locales.gate.page_text import UNREVIEWED_PATHS
from locales.review.state import UNTRANSLATED, SegmentReview, SegmentRow, SegmentStatus, text_hash


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

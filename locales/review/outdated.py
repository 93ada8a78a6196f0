"""Outdating reviewed translations when their source text changes.

A publish of the source (the signal in locales.signals) and a machine draft both call
this; it lives in review, which owns the review records it flags.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from locales.review.selectors import segment_rows
from locales.review.state import SegmentReview, SegmentStatus


def mark_outdated(source: TranslationSource) -> dict[int, int]:
    """Flag reviewed segments whose source text changed; drop records of removed segments.

    Returns {translation id: newly outdated count}. Only segments whose string changed
    are touched, so editing one answer outdates exactly that answer in every locale.
    """
    changed: dict[int, int] = {}
    for translation in source.translations.all():
        rows = segment_rows(translation)
        live_slots = {(r.segment.context_id, r.slot) for r in rows}
        stale = [
            r.pk
            for r in SegmentReview.objects.filter(translation=translation).only(
                "pk", "context_id", "slot"
            )
            if (r.context_id, r.slot) not in live_slots
        ]
        SegmentReview.objects.filter(pk__in=stale).delete()
        count = 0
        for row in rows:
            review = row.review
            if (
                review is not None
                and review.status == SegmentStatus.REVIEWED
                and review.string_id != row.segment.string_id
            ):
                review.status = SegmentStatus.OUTDATED
                review.previous_translation = (
                    review.string_translation.data if review.string_translation else ""
                )
                review.save(update_fields=["status", "previous_translation", "updated_at"])
                count += 1
        changed[translation.pk] = count
    return changed


@transaction.atomic
def sync_source_after_publish(page: Page) -> dict[int, int]:
    """Bring a published source guide's TranslationSource up to date and flag changes."""
    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is None:
        return {}  # never translated: nothing to flag
    source.update_from_db()
    return mark_outdated(source)

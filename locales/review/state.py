"""Review state of every segment of a translation: the translation-memory record.

wagtail-localize stores *what* a segment says in each language (`StringTranslation`,
keyed by source string, context and locale). It has no notion of whether a human
checked that text, so this record adds it: one row per segment slot of a
`Translation` (a context can hold several strings, e.g. two paragraphs of one answer;
`slot` is the string's position within its context). The row remembers which source
string the translation was made from, so a changed source is detected by comparing
string ids rather than by trusting timestamps.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail_localize.models import (
    String,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationContext,
)

from locales.gate.provenance import approve_text

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def text_hash(text: str) -> str:
    """Stable fingerprint of a text (source or translation) for the memory record."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SegmentStatus(models.TextChoices):
    MACHINE = "machine", "Needs review"
    REVIEWED = "reviewed", "Reviewed"
    OUTDATED = "outdated", "Outdated"


class SegmentOrigin(models.TextChoices):
    MACHINE = "machine", "Machine"
    HUMAN = "human", "Human"
    MEMORY = "memory", "Translation memory"
    AGENCY = "agency", "Agency"


class SegmentReviewQuerySet(models.QuerySet):
    def reviewed(self) -> SegmentReviewQuerySet:
        return self.filter(status=SegmentStatus.REVIEWED)

    def needing_review(self) -> SegmentReviewQuerySet:
        return self.exclude(status=SegmentStatus.REVIEWED)


class SegmentReview(models.Model):
    translation = models.ForeignKey(
        Translation, on_delete=models.CASCADE, related_name="segment_reviews"
    )
    context = models.ForeignKey(TranslationContext, on_delete=models.CASCADE, related_name="+")
    slot = models.PositiveSmallIntegerField(
        default=0, help_text="Position of the string within its context (0 for most fields)."
    )
    string = models.ForeignKey(
        String,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The source string this translation was made from.",
    )
    string_translation = models.ForeignKey(
        StringTranslation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_hash = models.CharField(max_length=64)
    translation_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="Fingerprint of the translated text as written or approved; an edit made "
        "elsewhere no longer matches it, so it needs review again.",
    )
    status = models.CharField(
        max_length=16, choices=SegmentStatus.choices, default=SegmentStatus.MACHINE
    )
    origin = models.CharField(
        max_length=16, choices=SegmentOrigin.choices, default=SegmentOrigin.MACHINE
    )
    provider = models.CharField(max_length=64, blank=True)
    translated_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    previous_translation = models.TextField(
        blank=True, help_text="The reviewed wording before the source changed (outdated segments)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SegmentReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "segment review"
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "context", "slot"], name="unique_segment_review_slot"
            ),
        ]
        indexes = [models.Index(fields=["string", "status"], name="segment_review_memory")]
        permissions = [
            ("review_translation", "Can review, approve and publish machine translations"),
        ]

    def __str__(self) -> str:
        return f"{self.context.path}[{self.slot}] → {self.translation.target_locale}: {self.status}"


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


def _reviewed_wording(previous: SegmentReview | None) -> str:
    """What a reviewer last approved for this slot, kept when the source moves on."""
    if previous is None:
        return ""
    approved = previous.status in {SegmentStatus.REVIEWED, SegmentStatus.OUTDATED}
    if approved and previous.string_translation:
        return previous.string_translation.data
    return previous.previous_translation


def record_segment(
    translation: Translation,
    row: SegmentRow,
    st: StringTranslation,
    *,
    status: str,
    origin: str,
    provider: str,
    reviewed_by: AbstractBaseUser | None = None,
    reviewed_at: datetime | None = None,
    translated_now: bool = True,
    keep_reviewed_wording: bool = False,
) -> SegmentReview:
    """Point a segment slot's review record at `st`: the one place these records are written.

    The record pins the source string and both texts' fingerprints, so a later change to
    either is detected. `translated_now=False` (an approval) leaves `translated_at` as the
    time the text was written. `keep_reviewed_wording` (the draft step, which may move the
    record to a new source string) saves the previously approved wording in
    `previous_translation`; otherwise that field is left as it is.
    """
    defaults: dict[str, object] = {
        "string": row.segment.string,
        "string_translation": st,
        "source_hash": text_hash(row.source_text),
        "translation_hash": text_hash(st.data),
        "status": status,
        "origin": origin,
        "provider": provider,
        "reviewed_by": reviewed_by,
        "reviewed_at": reviewed_at,
    }
    if translated_now:
        defaults["translated_at"] = timezone.now()
    if keep_reviewed_wording:
        defaults["previous_translation"] = _reviewed_wording(row.review)
    review, _ = SegmentReview.objects.update_or_create(
        translation=translation, context=row.segment.context, slot=row.slot, defaults=defaults
    )
    if status == SegmentStatus.REVIEWED:
        # The text itself is now approved for this locale, wherever it is copied to.
        approve_text(translation.target_locale_id, st.data, reviewed_by, reviewed_at)
    return review


def store_written_translation(
    translation: Translation, row: SegmentRow, text: str, user: AbstractBaseUser | None
) -> StringTranslation:
    """Store text a person wrote (a reviewer's edit, an agency's file) for a segment.

    It replaces whatever translation the slot held, as a manual translation by `user`;
    the caller records its review state next (`record_segment`).
    """
    st, _ = StringTranslation.objects.update_or_create(
        translation_of=row.segment.string,
        locale=translation.target_locale,
        context=row.segment.context,
        defaults={
            "data": text,
            "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            "tool_name": "",
            "last_translated_by": user,
            "has_error": False,
            "field_error": "",
        },
    )
    return st

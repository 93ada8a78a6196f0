"""Writes of the review workflow: approve, edit, approve-all, publish, mark outdated.

Views, the task and the command call these; the publish guard (guard.py) re-checks
everything on the server whatever path publishes a page, so these functions are the
convenient way in, not the only line of defence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue, validate_translation_links

from . import audit
from .guard import UnreviewedTranslationError
from .protection import TAG_RE, is_well_nested
from .provenance import approve_text, fingerprint
from .review_gate import texts_to_approve
from .review_permissions import require_reviewer
from .review_state import (
    SegmentOrigin,
    SegmentReview,
    SegmentStatus,
    record_segment,
    store_written_translation,
)
from .selectors import SegmentRow, segment_rows


class ReviewError(ValueError):
    """A review action that cannot be applied (unknown segment, broken markup...)."""


@dataclass(frozen=True)
class ApproveAllResult:
    approved: int
    skipped_with_warnings: int
    still_needing_review: int


def _row(translation: Translation, segment_id: int) -> SegmentRow:
    for row in segment_rows(translation):
        if row.segment.pk == segment_id:
            return row
    raise ReviewError(_("That segment is no longer part of the source guide; reload the page."))


def _approve_row(translation: Translation, row: SegmentRow, user, *, origin: str | None) -> None:
    st = row.string_translation
    if st is None:
        raise ReviewError(
            _("This segment has no translation yet; write one or run the draft step.")
        )
    if st.has_error:
        raise ReviewError(
            _("This translation has an error and cannot be approved: %(error)s")
            % {"error": st.get_error()}
        )
    previous = row.review
    if origin is None:
        same_string = previous is not None and previous.string_id == row.segment.string_id
        origin = (
            previous.origin
            if same_string
            else (
                SegmentOrigin.MACHINE
                if st.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
                else SegmentOrigin.HUMAN
            )
        )
    record_segment(
        translation,
        row,
        st,
        status=SegmentStatus.REVIEWED,
        origin=origin,
        provider=st.tool_name if previous is None else previous.provider,
        reviewed_by=user,
        reviewed_at=timezone.now(),
        translated_now=False,  # approving keeps the time the text was written
    )


@transaction.atomic
def approve_segment(translation: Translation, segment_id: int, user) -> None:
    """Mark one segment's current translation as reviewed by `user`."""
    require_reviewer(user, translation)
    row = _row(translation, segment_id)
    _approve_row(translation, row, user, origin=None)
    audit.log_segment_approved(translation, row, user)


def _tags(html: str) -> Counter:
    return Counter(m.group(0).replace(" ", "") for m in TAG_RE.finditer(html))


def validate_translated_text(source_text: str, text: str) -> str:
    """Clean and check a reviewer's text; ReviewError says what is wrong."""
    text = (text or "").strip()
    if not text:
        raise ReviewError(_("The translation is empty."))
    if not is_well_nested(text) or _tags(text) != _tags(source_text):
        raise ReviewError(
            _(
                "The translation's markup does not match the source: it must use the same "
                "tags (%(tags)s), each opened and closed in order."
            )
            % {"tags": ", ".join(sorted(_tags(source_text))) or _("none")}
        )
    try:
        StringValue.from_translated_html(text)
        validate_translation_links(source_text, text)
    except ValueError as exc:
        raise ReviewError(
            _(
                "The translation's markup does not match the source: %(problem)s. Keep the "
                'tags such as <b>, <i> and <a id="…"> exactly as in the source.'
            )
            % {"problem": exc}
        ) from exc
    return text


@transaction.atomic
def edit_segment(
    translation: Translation, segment_id: int, text: str, user, *, approve: bool = False
) -> Page:
    """Store a reviewer's wording for a segment (optionally approving it) and redraft.

    The new wording is a human translation; it goes into a new draft revision at once
    so the page's latest revision never lags behind what the reviewer approved.
    """
    from .drafts import save_draft_revision

    require_reviewer(user, translation)
    row = _row(translation, segment_id)
    text = validate_translated_text(row.source_text, text)
    previous_text = row.translated_text
    st = store_written_translation(translation, row, text, user)
    previous = row.review
    record_segment(
        translation,
        row,
        st,
        status=SegmentStatus.MACHINE,
        origin=SegmentOrigin.HUMAN,
        provider=previous.provider if previous else "",
    )
    if approve:
        _approve_row(translation, _row(translation, segment_id), user, origin=SegmentOrigin.HUMAN)
    audit.log_segment_edited(
        translation, row, user, previous=previous_text, text=text, approved=approve
    )
    page, _ = save_draft_revision(translation, user=user)
    return page


def _has_origin(row: SegmentRow, origin: str) -> bool:
    review = row.review
    return (
        review is not None and review.origin == origin and review.string_id == row.segment.string_id
    )


@transaction.atomic
def approve_all_without_warnings(
    translation: Translation, user, *, origin: str | None = None
) -> ApproveAllResult:
    """Approve every translated segment that the QA checks have nothing to say about.

    With `origin` (e.g. "agency"), only segments whose current text came from there.
    """
    from .review_checks import warnings_for_rows

    require_reviewer(user, translation)
    rows = [
        r
        for r in segment_rows(translation)
        if r.needs_review and (origin is None or _has_origin(r, origin))
    ]
    warnings = warnings_for_rows(translation, rows)
    approved: list[SegmentRow] = []
    skipped = 0
    for row in rows:
        if row.string_translation is None or row.string_translation.has_error:
            continue
        if warnings.get(row.segment.pk):
            skipped += 1
            continue
        _approve_row(translation, row, user, origin=None)
        approved.append(row)
    remaining = sum(1 for r in segment_rows(translation) if r.needs_review)
    if approved:
        audit.log_approve_all(
            translation, approved, user, skipped=skipped, remaining=remaining, origin=origin
        )
    return ApproveAllResult(len(approved), skipped, remaining)


def publish_translation(translation: Translation, user) -> Page:
    """Publish the translated page built from exactly the reviewed translations.

    A fresh revision is written first, so what goes live is what was approved, not an
    older draft. The guard refuses if anything still needs review (and the whole
    transaction, revision included, rolls back); the refusal itself is then written to
    the page's history, outside the rolled-back transaction.
    """
    try:
        return _publish_translation(translation, user)
    except UnreviewedTranslationError:
        audit.flush_publish_refusals(user)
        raise


@transaction.atomic
def _publish_translation(translation: Translation, user) -> Page:
    from .drafts import save_draft_revision

    require_reviewer(user, translation)
    if translation.enabled:
        page, _ = save_draft_revision(translation, user=user)
    else:
        # Sync stopped: the page's own latest revision holds a person's edits; rebuilding
        # it from the stored translations would throw them away.
        page = translation.get_target_instance()
    revision = page.get_latest_revision()
    revision.publish(user=user)
    return Page.objects.get(pk=page.pk).specific


@transaction.atomic
def approve_page_text(translation: Translation, text_fingerprint: str, user) -> None:
    """Approve, for the translation's locale, a text that stands on the translated page but
    is no source segment's reviewed translation (review_gate.texts_to_approve)."""
    require_reviewer(user, translation)
    for finding in texts_to_approve(translation):
        if fingerprint(finding.text) == text_fingerprint:
            approve_text(translation.target_locale, finding.text, user)
            audit.log_page_text_approved(translation, finding, user)
            return
    raise ReviewError(
        _("That text is no longer on the page, or needs no approval; reload the page.")
    )


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


def rows_by_ids(translation: Translation, ids: Sequence[int]) -> list[SegmentRow]:
    wanted = set(ids)
    return [r for r in segment_rows(translation) if r.segment.pk in wanted]

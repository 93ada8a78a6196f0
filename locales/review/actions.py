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
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.strings import StringValue, validate_translation_links

from locales.gate.guard import UnreviewedTranslationError
from locales.gate.provenance import approve_text, fingerprint
from locales.gate.rules import texts_to_approve
from locales.machine_translation.protection import TAG_RE, is_well_nested
from locales.review import audit
from locales.review.draft_revision import save_draft_revision
from locales.review.permissions import require_reviewer
from locales.review.selectors import segment_rows
from locales.review.state import (
    SegmentOrigin,
    SegmentRow,
    SegmentStatus,
    record_segment,
    store_written_translation,
)


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
    from locales.review.checks import warnings_for_rows

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


def rows_by_ids(translation: Translation, ids: Sequence[int]) -> list[SegmentRow]:
    wanted = set(ids)
    return [r for r in segment_rows(translation) if r.segment.pk in wanted]

"""The side-by-side review screen of one translation (source locale → target locale)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail_localize.models import Translation

from ..guard import UnreviewedTranslationError
from ..provenance import fingerprint, visible_text
from ..registry import get_registry
from ..review import (
    ReviewError,
    approve_all_without_warnings,
    approve_page_text,
    approve_segment,
    edit_segment,
    publish_translation,
)
from ..review_checks import answer_readability, warnings_for_rows
from ..review_gate import texts_to_approve
from ..review_permissions import can_review
from ..review_state import SegmentOrigin
from ..segment_labels import label, numbering
from ..selectors import segment_rows


def _translation(request, translation_id: int) -> Translation:
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"), pk=translation_id
    )
    if not can_review(request.user, translation):
        raise PermissionDenied
    return translation


@dataclass(frozen=True)
class RejectedEdit:
    """A reviewer's wording the server refused: shown again in its field, with the reason."""

    segment_id: int
    text: str
    error: str


def review(request, translation_id: int):
    return _review_page(request, _translation(request, translation_id))


def _review_page(
    request, translation: Translation, rejected: RejectedEdit | None = None
) -> TemplateResponse | None:
    """The review screen; with `rejected`, that segment's field holds the refused text.

    None when the rejected segment is no longer on the screen (the caller says so as a
    page message instead).
    """
    rows = segment_rows(translation)
    if rejected is not None and all(row.segment.pk != rejected.segment_id for row in rows):
        return None
    warnings = warnings_for_rows(translation, rows)
    page = translation.get_target_instance()
    source_page = translation.source.get_source_instance()
    names = numbering(source_page)
    items = [
        {
            "row": row,
            "label": label(row.path, names),
            "warnings": warnings.get(row.segment.pk, []),
            "rejected": rejected if rejected and rejected.segment_id == row.segment.pk else None,
            "readability": answer_readability(row, translation),
        }
        for row in rows
    ]
    page_texts = [
        {
            "label": label(f.path, names),
            "text": visible_text(f.text),
            "fingerprint": fingerprint(f.text),
        }
        for f in texts_to_approve(translation)
    ]
    pending = sum(1 for row in rows if row.needs_review) + len(page_texts)
    agency_pending = sum(
        1
        for row in rows
        if row.needs_review and row.review is not None and row.review.origin == SegmentOrigin.AGENCY
    )
    return TemplateResponse(
        request,
        "locales/review.html",
        {
            "translation": translation,
            "page": page,
            "items": items,
            "page_texts": page_texts,
            "synced": translation.enabled,
            "pending": pending,
            "agency_pending": agency_pending,
            "total": len(rows),
            "direction": get_registry().get(translation.target_locale.language_code).direction,
            "source_page_id": source_page.pk,
            "locale_code": get_registry().get(translation.target_locale.language_code).code,
            "page_title": f"Review {translation.target_locale.get_display_name()}: {page.title}",
        },
    )


@require_POST
def review_action(request, translation_id: int):
    translation = _translation(request, translation_id)
    action = request.POST.get("action", "")
    anchor = ""
    segment_id = 0
    try:
        if action in {"approve", "save", "save_approve"}:
            segment_id = int(request.POST.get("segment", "0"))
            anchor = f"#segment-{segment_id}"
            if action == "approve":
                approve_segment(translation, segment_id, request.user)
                messages.success(request, "Segment approved.")
            else:
                edit_segment(
                    translation,
                    segment_id,
                    request.POST.get("text", ""),
                    request.user,
                    approve=action == "save_approve",
                )
                messages.success(
                    request,
                    "Translation saved and approved."
                    if action == "save_approve"
                    else "Translation saved; approve it when it is right.",
                )
        elif action in {"approve_all", "approve_agency"}:
            result = approve_all_without_warnings(
                translation,
                request.user,
                origin=SegmentOrigin.AGENCY if action == "approve_agency" else None,
            )
            messages.success(
                request,
                f"Approved {result.approved} segments. {result.skipped_with_warnings} with "
                f"warnings need a look; {result.still_needing_review} still need review.",
            )
        elif action == "approve_text":
            anchor = "#page-texts"
            approve_page_text(translation, request.POST.get("fingerprint", ""), request.user)
            messages.success(request, "Text approved.")
        elif action == "publish":
            page = publish_translation(translation, request.user)
            messages.success(request, f"Published “{page.title}”.")
        else:
            messages.error(request, "Unknown action.")
    except ReviewError as exc:
        if action in {"save", "save_approve"}:
            # Nothing was stored: render the screen again (no redirect) so the reviewer's
            # text stays in its field, with the reason beside it and the focus on it.
            text = request.POST.get("text", "")
            page = _review_page(request, translation, RejectedEdit(segment_id, text, str(exc)))
            if page is not None:
                return page
        messages.error(request, str(exc))
    except (UnreviewedTranslationError, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect(reverse("locales:review", args=[translation.pk]) + anchor)

"""The side-by-side review screen of one translation (source locale → target locale)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail_localize.models import Translation

from locales.gate.guard import UnreviewedTranslationError
from locales.gate.provenance import fingerprint, visible_text
from locales.gate.rules import texts_to_approve
from locales.locale_names import display_name, ui_direction
from locales.registry import get_registry
from locales.review.actions import (
    ReviewError,
    approve_all_without_warnings,
    approve_page_text,
    approve_segment,
    edit_segment,
    publish_translation,
)
from locales.review.checks import answer_readability, warnings_for_rows
from locales.review.labels import label, numbering
from locales.review.messages import approve_all_summary
from locales.review.permissions import can_review
from locales.review.selectors import segment_rows
from locales.review.state import SegmentOrigin
from locales.review.words import approved_title, authors, origin_words, person_name, state_word


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
    writers = authors(rows)
    items = [
        {
            "row": row,
            "label": label(row.path, names),
            "state": state_word(row.status),
            "origin": origin_words(
                row,
                writers.get(row.string_translation.last_translated_by_id)
                if row.string_translation
                else None,
            ),
            "reviewer": person_name(row.review.reviewed_by) if row.review else "",
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
    registry = get_registry()
    target = registry.get(translation.target_locale.language_code)
    source_info = registry.find(translation.source.locale.language_code)
    heading = approved_title(rows) or source_page.title
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
            "direction": target.direction,
            "source_direction": source_info.direction if source_info else "ltr",
            "ui_direction": ui_direction(),
            "ui_language": get_language() or "",
            "source_page_id": source_page.pk,
            "locale_code": target.code,
            "page_title": _("Review %(locale)s: %(title)s")
            % {"locale": display_name(target), "title": heading},
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
                messages.success(request, _("Segment approved."))
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
                    _("Translation saved and approved.")
                    if action == "save_approve"
                    else _("Translation saved; approve it when it is right."),
                )
        elif action in {"approve_all", "approve_agency"}:
            result = approve_all_without_warnings(
                translation,
                request.user,
                origin=SegmentOrigin.AGENCY if action == "approve_agency" else None,
            )
            messages.success(request, approve_all_summary(result))
        elif action == "approve_text":
            anchor = "#page-texts"
            approve_page_text(translation, request.POST.get("fingerprint", ""), request.user)
            messages.success(request, _("Text approved."))
        elif action == "publish":
            page = publish_translation(translation, request.user)
            messages.success(request, _("Published “%(title)s”.") % {"title": page.title})
        else:
            messages.error(request, _("Unknown action."))
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

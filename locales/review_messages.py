"""Translated sentences of the review workflow that depend on counts.

Each count gets its own `ngettext` sentence so that every language can agree the noun
and verb with its number (Arabic has six plural forms, Chinese one); sentences glued
from English fragments ("segment" + "s") cannot be translated.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.utils.translation import gettext, ngettext

if TYPE_CHECKING:
    from wagtail.models import Page

    from .review import ApproveAllResult


def approve_all_summary(result: ApproveAllResult) -> str:
    """After "Approve all without warnings": what was approved and what is left."""
    approved = ngettext(
        "Approved %(count)s segment.", "Approved %(count)s segments.", result.approved
    ) % {"count": result.approved}
    warned = ngettext(
        "%(count)s with warnings needs a look",
        "%(count)s with warnings need a look",
        result.skipped_with_warnings,
    ) % {"count": result.skipped_with_warnings}
    left = ngettext(
        "%(count)s still needs review.",
        "%(count)s still need review.",
        result.still_needing_review,
    ) % {"count": result.still_needing_review}
    return gettext("%(approved)s %(warned)s; %(left)s") % {
        "approved": approved,
        "warned": warned,
        "left": left,
    }


def _example(text: str) -> str:
    return gettext(" (for example “%(text)s”)") % {"text": text} if text else ""


def refusal_message(
    page: Page | None,
    reasons: Counter,
    segments: int,
    added_example: str,
    machine_example: str,
    *,
    added_reason: str,
    machine_reason: str,
) -> str:
    """What an editor is told when publishing is refused: how many texts, why, what to do."""
    if page is not None:
        what = gettext("“%(title)s” (%(locale)s)") % {
            "title": page.title,
            "locale": page.locale.language_code,
        }
    else:
        what = gettext("This page")
    parts = []
    if segments:
        parts.append(
            ngettext("%(count)s segment needs review", "%(count)s segments need review", segments)
            % {"count": segments}
        )
    if added := reasons.get(added_reason):
        parts.append(
            ngettext(
                "%(count)s text was added or changed on the translated page and no reviewer "
                "approved it",
                "%(count)s texts were added or changed on the translated page and no reviewer "
                "approved them",
                added,
            )
            % {"count": added}
            + _example(added_example)
        )
    if machine := reasons.get(machine_reason):
        parts.append(
            ngettext(
                "%(count)s text came from machine translation and no reviewer approved it "
                "for this language",
                "%(count)s texts came from machine translation and no reviewer approved them "
                "for this language",
                machine,
            )
            % {"count": machine}
            + _example(machine_example)
        )
    advice = (
        gettext("Approve every segment on the translation review screen, then publish.")
        if not machine
        else gettext(
            "Machine text goes live only through its translation's review screen: review it "
            "there, or replace it with text written by a person."
        )
    )
    return gettext("%(what)s cannot be published: %(reasons)s. %(advice)s") % {
        "what": what,
        # Translators: the separator between two reasons in one sentence.
        "reasons": gettext("; ").join(parts),
        "advice": advice,
    }

"""Translated sentences of the review workflow that depend on counts (approve all).

Each count gets its own `ngettext` sentence so that every language can agree the noun
and verb with its number (Arabic has six plural forms, Chinese one); sentences glued
from English fragments ("segment" + "s") cannot be translated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext, ngettext

if TYPE_CHECKING:
    from locales.review.actions import ApproveAllResult


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

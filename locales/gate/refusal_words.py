"""What an editor is told when the gate refuses a publish, in the editor's language.

Counted sentences use `ngettext` so every language can agree noun and verb with the
number; the gate's reasons come in from `guard`, which decides them.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.utils.translation import gettext, ngettext

if TYPE_CHECKING:
    from wagtail.models import Page


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

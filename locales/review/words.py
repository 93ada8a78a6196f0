"""The words a reviewer reads on the review screen, instead of the records' raw values.

The records say `machine`, `outdated` and `human` with a provider name kept from the
machine draft; a reviewer needs "Needs review", "Changed in the original" and the name
of the person who wrote the text. This module is that mapping, in one place, translated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext, gettext_lazy

from locales.review.state import UNTRANSLATED, SegmentOrigin, SegmentStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from locales.review.state import SegmentRow

STATE_WORDS = {
    SegmentStatus.MACHINE: gettext_lazy("Needs review"),
    SegmentStatus.REVIEWED: gettext_lazy("Reviewed"),
    SegmentStatus.OUTDATED: gettext_lazy("Changed in the original"),
    UNTRANSLATED: gettext_lazy("Not translated yet"),
}


def state_word(status: str) -> str:
    """What the reviewer is told about a segment's state."""
    return str(STATE_WORDS.get(status, status))


def person_name(user: AbstractBaseUser | None) -> str:
    """A person as colleagues know them: full name, else the username."""
    if user is None:
        return ""
    full = getattr(user, "get_full_name", lambda: "")() or ""
    return full.strip() or user.get_username()


def origin_words(row: SegmentRow, author: AbstractBaseUser | None = None) -> str:
    """Who wrote the text in the field: a named person, an agency, memory or a machine.

    `author` is the text's last writer (the view fetches them all in one query). A
    person's edit keeps the provider of the draft it replaced on its record, which is
    why the screen used to say "Human (pseudo)"; the provider belongs only to machine text.
    """
    review = row.review
    if review is None:
        return ""
    if review.origin == SegmentOrigin.HUMAN:
        name = person_name(author)
        if name:
            return gettext("Edited by %(name)s") % {"name": name}
        return gettext("Edited by a person")
    if review.origin == SegmentOrigin.AGENCY:
        return gettext("Translated by an agency (imported file)")
    if review.origin == SegmentOrigin.MEMORY:
        return gettext("From the translation memory")
    if review.provider:
        return gettext("Machine translation (%(provider)s)") % {"provider": review.provider}
    return gettext("Machine translation")


def approved_title(rows: list[SegmentRow]) -> str:
    """The title a reviewer approved, if they did: the heading names the guide by it, not by
    the machine title the unpublished page may still carry."""
    for row in rows:
        if row.path == "title" and row.status == SegmentStatus.REVIEWED and row.translated_text:
            return row.translated_text
    return ""


def authors(rows: list[SegmentRow]) -> dict[int, AbstractBaseUser]:
    """The last writers of the rows' texts by user id, in one query."""
    from django.contrib.auth import get_user_model

    ids = {
        row.string_translation.last_translated_by_id
        for row in rows
        if row.string_translation is not None and row.string_translation.last_translated_by_id
    }
    return get_user_model().objects.in_bulk(ids) if ids else {}

"""Segment labels in the admin's language: "Grupo 2 · P5 respuesta" for a Spanish reviewer.

segment_labels builds the label from these words; the English text is what the XLIFF
export and the English admin always showed.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

FIELD_WORDS = {
    "title": pgettext_lazy("guide field", "title"),
    "seo_title": pgettext_lazy("guide field", "seo title"),
    "search_description": pgettext_lazy("guide field", "search description"),
    "intro": pgettext_lazy("guide field", "intro"),
    "conclusion": pgettext_lazy("guide field", "conclusion"),
    "disclaimer": pgettext_lazy("guide field", "disclaimer"),
    "reviewer_name": pgettext_lazy("guide field", "reviewer name"),
    "heading": pgettext_lazy("guide field", "heading"),
    "question": pgettext_lazy("guide field", "question"),
    "answer": pgettext_lazy("guide field", "answer"),
}
_GROUP = gettext_lazy("Group %(group)s")
_ITEM = gettext_lazy("Group %(group)s · Q%(question)s")


def field_word(name: str) -> str:
    """A field's name as reviewers call it; unknown fields as their name with spaces."""
    word = FIELD_WORDS.get(name)
    return str(word) if word is not None else name.replace("_", " ")


def group_word(group: int) -> str:
    return str(_GROUP) % {"group": group}


def item_word(group: int, question: int) -> str:
    return str(_ITEM) % {"group": group, "question": question}


def place_and_field(place: str, field: str) -> str:
    """ "Group 1 · Q3" + "answer": word order is the translator's."""
    if not place:
        return field
    return gettext("%(place)s %(field)s") % {"place": place, "field": field}

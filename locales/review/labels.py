"""What reviewers and translators call a segment: "Group 2 · Q5 answer", "intro".

Segment paths are block ids (`body.<group-id>.items.<item-id>.answer`); people number
groups and questions by position in the source guide. The review screen and the XLIFF
export both label segments this way, so a translator's note and a reviewer's screen
name the same place the same way.
"""

from __future__ import annotations

from wagtail_localize.models import Translation

from locales.review.segment_words import field_word, group_word, item_word, place_and_field


def numbering(source_page) -> dict[str, str]:
    """Block id -> "Group 1" / "Group 1 · Q3", from the source guide's current order."""
    names: dict[str, str] = {}
    for g, group in enumerate(source_page.faq_groups(), start=1):
        names[group.id] = group_word(g)
        for item in group.items:
            names[item.id] = item_word(g, item.number)
    return names


def label(path: str, names: dict[str, str]) -> str:
    """`body.<group>.items.<item>.answer` -> "Group 1 · Q3 answer"; `intro` -> "intro"."""
    parts = path.split(".")
    if parts[0] != "body":
        return field_word(parts[0])
    where = next((names[p] for p in reversed(parts[1:-1]) if p in names), "")
    return place_and_field(where, field_word(parts[-1]))


def labels_for(translation: Translation) -> dict[str, str]:
    """Block-id numbering of the translation's source guide."""
    return numbering(translation.source.get_source_instance())

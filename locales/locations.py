"""What reviewers call a segment: "Group 2 · Q5 answer", "title", "intro".

The review screen labels its rows with these, and the audit log (audit.py) names the
segment an action touched the same way, so both say the same thing.
"""

from __future__ import annotations

from wagtail.models import Page
from wagtail_localize.models import Translation


def numbering(source_page: Page) -> dict[str, str]:
    """Block id -> what a reviewer calls it ("Group 1", "Group 1 · Q3"), from the source."""
    names: dict[str, str] = {}
    for g, group in enumerate(source_page.faq_groups(), start=1):
        names[group.id] = f"Group {g}"
        for item in group.items:
            names[item.id] = f"Group {g} · Q{item.number}"
    return names


def location_label(path: str, names: dict[str, str]) -> str:
    """`body.<group>.items.<item>.answer` -> "Group 1 · Q3 answer"; `intro` -> "intro"."""
    parts = path.split(".")
    field = parts[-1].replace("_", " ")
    if parts[0] != "body":
        return parts[0].replace("_", " ")
    where = next((names[p] for p in reversed(parts[1:-1]) if p in names), "")
    return f"{where} {field}".strip()


def translation_numbering(translation: Translation) -> dict[str, str]:
    return numbering(translation.source.get_source_instance())

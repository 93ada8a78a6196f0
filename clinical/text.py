"""The medical text of a guide page: what a clinician signs off, and its fingerprint.

Title, intro, every question and answer, and the conclusion, as plain text. The
fingerprint decides "changed since review": a publish whose text differs from the signed
revision's means readers see words no clinician checked. Markup-only changes (a link
target, bold) do not count; any change of wording does.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from content.richtext import richtext_to_text

# Latin, CJK full-width and Arabic sentence ends.
_SENTENCE_ENDS = frozenset(".!?;:\u3002\uff01\uff1f\u061f")


@dataclass(frozen=True, slots=True)
class Answer:
    label: str  # "Group 1 · Q3"
    question: str
    text: str


def answers(page) -> list[Answer]:
    """Every FAQ answer of `page` as plain text, labelled by position."""
    found = []
    for g, group in enumerate(page.faq_groups(), start=1):
        for item in group.items:
            found.append(
                Answer(
                    f"Group {g} · Q{item.number}",
                    richtext_to_text(item.question),
                    richtext_to_text(item.answer),
                )
            )
    return found


def medical_text(page) -> list[str]:
    """The page's texts in reading order (title, intro, Q and A pairs, conclusion)."""
    parts = [page.title or "", richtext_to_text(page.intro)]
    for answer in answers(page):
        parts += [answer.question, answer.text]
    parts.append(richtext_to_text(page.conclusion))
    return parts


def reading_text(page) -> str:
    """What readability is measured on: intro, answers and conclusion (questions and the
    title are short headings that would distort sentence length)."""
    parts = [richtext_to_text(page.intro), *(a.text for a in answers(page))]
    parts.append(richtext_to_text(page.conclusion))
    return "\n".join(sentences(p) for p in parts if p.strip())


def sentences(text: str) -> str:
    """A line without final punctuation (a list item) still ends a sentence."""
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if line and line[-1] not in _SENTENCE_ENDS:
            line += "."
        lines.append(line)
    return "\n".join(lines)


def text_hash(page) -> str:
    return hashlib.sha256(json.dumps(medical_text(page), ensure_ascii=False).encode()).hexdigest()

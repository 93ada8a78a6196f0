"""Parse the plain-text guide format into a `ParsedGuide`, or fail naming the line.

The format (one paragraph per line; blank lines are ignored):

    <intro paragraph>
    1. <question>
    <answer paragraph(s)>
    2. ...
    Frequently Asked Questions          (optional: starts a second, renumbered group)
    1. <question>
    <answer paragraph(s)>
    In conclusion, ...                  (optional: final paragraph)

Parsing is pure (no database), so a malformed file is rejected before anything
is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

QUESTION_RE = re.compile(r"^(\d{1,3})[.)]\s+(\S.*)$")
FAQ_HEADING_RE = re.compile(r"^(frequently asked questions|faqs?)\s*:?$", re.IGNORECASE)
CONCLUSION_RE = re.compile(r"^in conclusion\b", re.IGNORECASE)
DEFAULT_FIRST_HEADING = "Questions and answers"


class GuideFormatError(ValueError):
    """The text is not a guide in the expected format; `line` is 1-based."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


@dataclass
class ParsedItem:
    question: str
    answer_paragraphs: list[str]
    line: int


@dataclass
class ParsedGroup:
    heading: str
    items: list[ParsedItem] = field(default_factory=list)


@dataclass
class ParsedGuide:
    intro_paragraphs: list[str]
    groups: list[ParsedGroup]
    conclusion_paragraphs: list[str]

    @property
    def question_count(self) -> int:
        return sum(len(g.items) for g in self.groups)


def parse_guide(text: str, *, first_heading: str = DEFAULT_FIRST_HEADING) -> ParsedGuide:
    if "\x00" in text:
        raise GuideFormatError(1, "the file is binary, not a plain-text guide")
    lines = [(n, raw.strip()) for n, raw in enumerate(text.splitlines(), start=1)]
    lines = [(n, s) for n, s in lines if s]
    if not lines:
        raise GuideFormatError(1, "the file is empty")

    intro: list[str] = []
    groups: list[ParsedGroup] = [ParsedGroup(heading=first_heading)]
    conclusion: list[str] = []
    current: ParsedItem | None = None
    state = "intro"  # intro -> items -> conclusion

    def close_item() -> None:
        if current is not None and not current.answer_paragraphs:
            raise GuideFormatError(
                current.line, f"question {current.question!r} has no answer paragraph"
            )

    for n, line in lines:
        if state == "conclusion":
            if QUESTION_RE.match(line) or FAQ_HEADING_RE.match(line):
                raise GuideFormatError(n, "content after the conclusion paragraph")
            conclusion.append(line)
            continue

        question = QUESTION_RE.match(line)
        if question:
            if state == "intro" and not intro:
                raise GuideFormatError(n, "expected an intro paragraph before the first question")
            close_item()
            group = groups[-1]
            expected = len(group.items) + 1
            number = int(question.group(1))
            if number != expected:
                raise GuideFormatError(
                    n, f"numbering skips: expected question {expected}, found {number}"
                )
            current = ParsedItem(question=question.group(2).strip(), answer_paragraphs=[], line=n)
            group.items.append(current)
            state = "items"
        elif FAQ_HEADING_RE.match(line):
            if state == "intro":
                raise GuideFormatError(n, f"{line!r} appears before any numbered question")
            close_item()
            if len(groups) > 1:
                raise GuideFormatError(n, f"a second {line!r} heading")
            groups.append(ParsedGroup(heading=line))
            current = None
        elif CONCLUSION_RE.match(line) and state == "items":
            close_item()
            current = None
            conclusion.append(line)
            state = "conclusion"
        elif state == "intro":
            intro.append(line)
        elif current is None:
            raise GuideFormatError(n, "text after a group heading that is not a numbered question")
        else:
            current.answer_paragraphs.append(line)

    if not groups[0].items:
        raise GuideFormatError(lines[-1][0], "no numbered questions found")
    close_item()
    if not groups[-1].items:
        raise GuideFormatError(lines[-1][0], f"group {groups[-1].heading!r} has no questions")
    return ParsedGuide(intro_paragraphs=intro, groups=groups, conclusion_paragraphs=conclusion)

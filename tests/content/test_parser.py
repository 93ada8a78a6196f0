"""The plain-text format, without a database."""

import pytest

from content.importing.parser import GuideFormatError, parse_guide


def test_blank_lines_and_trailing_spaces_are_ignored():
    parsed = parse_guide("\n  Intro text.  \n\n1. Q one?\n\nA one.\n\nIn conclusion, done.  \n")
    assert parsed.intro_paragraphs == ["Intro text."]
    assert [(i.question, i.answer_paragraphs) for i in parsed.groups[0].items] == [
        ("Q one?", ["A one."])
    ]
    assert parsed.conclusion_paragraphs == ["In conclusion, done."]


def test_faq_heading_starts_a_renumbered_second_group():
    parsed = parse_guide("Intro.\n1. A?\na.\n2. B?\nb.\nFrequently Asked Questions\n1. C?\nc.\n")
    assert [g.heading for g in parsed.groups] == [
        "Questions and answers",
        "Frequently Asked Questions",
    ]
    assert [len(g.items) for g in parsed.groups] == [2, 1]


def test_content_after_the_conclusion_is_rejected():
    with pytest.raises(GuideFormatError) as exc:
        parse_guide("Intro.\n1. A?\na.\nIn conclusion, x.\n2. B?\nb.\n")
    assert exc.value.line == 5


def test_second_faq_heading_is_rejected():
    with pytest.raises(GuideFormatError) as exc:
        parse_guide("Intro.\n1. A?\na.\nFAQ\n1. B?\nb.\nFAQ\n1. C?\nc.\n")
    assert exc.value.line == 7


def test_faq_group_without_questions_is_rejected():
    with pytest.raises(GuideFormatError, match="has no questions"):
        parse_guide("Intro.\n1. A?\na.\nFrequently Asked Questions\nIn conclusion, x.\n")


def test_binary_input_is_rejected():
    with pytest.raises(GuideFormatError, match="binary"):
        parse_guide("Intro\x00.\n1. A?\na.\n")

"""Importing plain-text guides: the demo arrives word for word; bad files write nothing."""

from pathlib import Path

import pytest
from django.core.management.base import CommandError
from wagtail.models import Page, Revision

from content.models import GuidePage
from content.richtext import richtext_to_text


def seed_blocks(path: Path) -> dict:
    """The seed split by hand (independently of the parser) into its parts."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    faq_at = lines.index("Frequently Asked Questions")
    first, second = lines[1:faq_at], lines[faq_at + 1 : -1]
    return {
        "intro": lines[0],
        "groups": [
            [(first[i].split(". ", 1)[1], first[i + 1]) for i in range(0, len(first), 2)],
            [(second[i].split(". ", 1)[1], second[i + 1]) for i in range(0, len(second), 2)],
        ],
        "conclusion": lines[-1],
    }


def test_demo_import_has_intro_two_groups_and_conclusion_word_for_word(demo_guide, seed_path):
    expected = seed_blocks(seed_path)
    page = GuidePage.objects.get(pk=demo_guide.pk)

    assert richtext_to_text(page.intro) == expected["intro"]
    assert richtext_to_text(page.conclusion) == expected["conclusion"]
    groups = list(page.faq_groups())
    assert [len(g.items) for g in groups] == [10, 5]
    assert groups[1].heading == "Frequently Asked Questions"
    for group, expected_items in zip(groups, expected["groups"], strict=True):
        got = [(item.question, richtext_to_text(item.answer)) for item in group.items]
        assert got == expected_items
        assert [item.number for item in group.items] == list(range(1, len(expected_items) + 1))
    assert page.live and not page.has_unpublished_changes
    assert page.locale.language_code == "en"


def test_every_item_has_a_distinct_stable_id(demo_guide):
    ids = [item.id for group in demo_guide.faq_groups() for item in group.items]
    assert len(ids) == 15 and len(set(ids)) == 15


def test_reimport_of_same_file_creates_no_page_and_no_revision(demo_guide, seed_path, run_command):
    pages, revisions = GuidePage.objects.count(), Revision.objects.count()
    out = run_command("import_guide", str(seed_path), "--slug", "exosome-hair-loss", "--publish")
    assert "unchanged" in out
    assert GuidePage.objects.count() == pages
    assert Revision.objects.count() == revisions


def test_reimport_of_changed_file_adds_one_revision_and_keeps_item_ids(
    demo_guide, seed_path, tmp_path
):
    from content.services import import_guide_file

    before_ids = [i.id for g in demo_guide.faq_groups() for i in g.items]
    changed = tmp_path / "guide.txt"
    changed.write_text(
        seed_path.read_text().replace("multiple sessions scheduled", "three sessions scheduled")
    )
    revisions = Revision.objects.count()

    result = import_guide_file(changed, slug="exosome-hair-loss", publish=False)

    assert not result.created and result.revision_created
    assert Revision.objects.count() == revisions + 1
    assert GuidePage.objects.count() == 1
    draft = result.page.get_latest_revision_as_object()
    assert [i.id for g in draft.faq_groups() for i in g.items] == before_ids
    assert "three sessions" in draft.faq_groups()[0].items[3].answer
    # not published: the live version still has the old wording
    assert "three sessions" not in result.page.faq_groups()[0].items[3].answer
    assert result.page.has_unpublished_changes


def test_any_guide_in_the_format_imports(locales, tmp_path, run_command):
    guide = tmp_path / "sleep-apnoea.txt"
    guide.write_text(
        "Sleep apnoea is common.\n\n"
        "1. What is it?\nBreathing stops during sleep.\nIt can happen 30 times an hour.\n"
        "2. Is it treatable?\nYes.\n"
    )
    out = run_command("import_guide", str(guide), "--publish")
    page = GuidePage.objects.get(slug="sleep-apnoea")
    groups = list(page.faq_groups())
    assert "created" in out and page.live
    assert [len(g.items) for g in groups] == [2]
    assert richtext_to_text(groups[0].items[0].answer) == (
        "Breathing stops during sleep.\nIt can happen 30 times an hour."
    )
    assert page.conclusion == ""


MALFORMED = {
    "no questions": ("Intro only.\nStill no questions.\n", 2, "no numbered questions"),
    "question without answer": (
        "Intro.\n1. First?\nAnswer one.\n2. Second?\n3. Third?\nAnswer three.\n",
        4,
        "has no answer",
    ),
    "numbering skips": (
        "Intro.\n1. First?\nAnswer one.\n3. Third?\nAnswer three.\n",
        4,
        "expected question 2, found 3",
    ),
    "question first": ("1. First?\nAnswer.\n", 1, "intro paragraph"),
    "last question unanswered": ("Intro.\n1. First?\nAnswer.\n2. Second?\n", 4, "has no answer"),
    "faq numbering skips": (
        "Intro.\n1. A?\na.\nFrequently Asked Questions\n2. B?\nb.\n",
        5,
        "expected question 1, found 2",
    ),
    "empty file": ("\n\n", 1, "empty"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_file_names_the_line_and_writes_nothing(case, demo_guide, tmp_path, run_command):
    text, line, message = MALFORMED[case]
    path = tmp_path / "exosome-hair-loss.txt"
    path.write_text(text)
    counts = (Page.objects.count(), Revision.objects.count())
    live_intro = GuidePage.objects.get(pk=demo_guide.pk).intro

    with pytest.raises(CommandError) as excinfo:
        run_command("import_guide", str(path), "--publish")

    assert f"{path}:{line}:" in str(excinfo.value)
    assert message in str(excinfo.value)
    assert "nothing was written" in str(excinfo.value)
    assert (Page.objects.count(), Revision.objects.count()) == counts
    assert GuidePage.objects.get(pk=demo_guide.pk).intro == live_intro


def test_non_utf8_file_is_rejected_with_its_line(locales, tmp_path, run_command):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Intro.\n1. Qué?\n".encode("latin-1"))
    with pytest.raises(CommandError, match=r":2: the file is not UTF-8 text"):
        run_command("import_guide", str(path))
    assert not GuidePage.objects.exists()


def test_missing_file_is_a_clear_error(locales, run_command):
    with pytest.raises(CommandError, match="no such file"):
        run_command("import_guide", "/nonexistent/guide.txt")


def test_a_utf8_byte_order_mark_is_not_imported_into_the_intro(
    demo_guide, seed_path, tmp_path, run_command
):
    """Word, Windows editors and CAT tools start files with U+FEFF; it is not content."""
    path = tmp_path / "exosome-hair-loss.txt"
    path.write_bytes(b"\xef\xbb\xbf" + seed_path.read_bytes())
    revisions = Revision.objects.count()
    run_command(
        "import_guide",
        str(path),
        "--slug",
        "exosome-hair-loss",
        "--title",
        "Exosome hair loss guide",
    )
    page = GuidePage.objects.get(pk=demo_guide.pk)
    assert "\ufeff" not in page.intro and richtext_to_text(page.intro).startswith("Dealing with")
    assert Revision.objects.count() == revisions  # the same guide as without the mark

    fresh = tmp_path / "bom-guide.txt"
    fresh.write_bytes(b"\xef\xbb\xbfLow-level intro.\n\n1. A question?\nAn answer.\n")
    run_command("import_guide", str(fresh))
    created = GuidePage.objects.get(slug="bom-guide")
    assert created.intro.startswith("<p>Low-level intro.")

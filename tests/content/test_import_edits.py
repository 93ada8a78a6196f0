"""A re-import never replaces wording a person wrote after the last import (unless --force)."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError
from wagtail.models import PageLogEntry, Revision

from content.models import GuidePage

SLUG = "exosome-hair-loss"


@pytest.fixture
def changed_file(seed_path, tmp_path):
    path = tmp_path / "exosome-hair-loss.txt"
    path.write_text(
        seed_path.read_text().replace("multiple sessions scheduled", "three sessions scheduled")
    )
    return path


def _state(page) -> tuple:
    page = GuidePage.objects.get(pk=page.pk)
    return (
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        page.latest_revision_id,
        page.live_revision_id,
        page.title,
        page.get_latest_revision_as_object().title,
    )


def test_import_over_a_published_admin_edit_is_refused_and_names_it(
    demo_guide, changed_file, run_command, edit_in_admin, editor
):
    """Reproduction: import_guide replaced the editor's published title with the file's."""
    edited = edit_in_admin(demo_guide, title="Exosomes and hair loss: what is proven")
    revision = edited.latest_revision
    before = _state(edited)

    with pytest.raises(CommandError) as excinfo:
        run_command("import_guide", str(changed_file), "--slug", SLUG, "--publish")

    message = str(excinfo.value)
    assert f"revision {revision.pk}" in message
    assert revision.created_at.strftime("%Y-%m-%d %H:%M") in message
    assert "by editor" in message and "--force" in message and "nothing was written" in message
    assert _state(edited) == before


def test_an_unpublished_admin_draft_counts_as_an_edit(
    demo_guide, seed_path, run_command, edit_in_admin
):
    edited = edit_in_admin(demo_guide, title="A title still in draft", publish=False)
    before = _state(edited)

    with pytest.raises(CommandError, match=r"not published"):
        run_command("import_guide", str(seed_path), "--slug", SLUG, "--publish")

    assert _state(edited) == before
    assert GuidePage.objects.get(pk=demo_guide.pk).has_unpublished_changes


def test_the_service_refuses_with_its_own_exception(demo_guide, changed_file, edit_in_admin):
    from content.services import EditedSinceImportError, import_guide_file

    edited = edit_in_admin(demo_guide, title="Edited")
    with pytest.raises(EditedSinceImportError) as excinfo:
        import_guide_file(changed_file, slug=SLUG, publish=True)
    assert excinfo.value.revision.pk == edited.latest_revision_id
    assert excinfo.value.page.pk == demo_guide.pk


def test_a_revision_saved_by_code_without_a_user_counts_as_an_edit(demo_guide, changed_file):
    """A missing revision user is not what tells an import apart from a person's edit."""
    from content.services import EditedSinceImportError, import_guide_file

    draft = demo_guide.get_latest_revision_as_object()
    draft.title = "Changed by a script"
    draft.save_revision()
    with pytest.raises(EditedSinceImportError, match="no user recorded"):
        import_guide_file(changed_file, slug=SLUG)


def test_an_import_revision_overwritten_in_place_counts_as_an_edit(locales, seed_path, editor):
    """Wagtail lets a user overwrite their own latest revision: same id, new text."""
    from content.services import EditedSinceImportError, import_guide_file

    page = import_guide_file(seed_path, slug=SLUG, publish=True, user=editor).page
    draft = page.get_latest_revision_as_object()
    draft.title = "Overwritten in place"
    draft.save_revision(user=editor, overwrite_revision=page.latest_revision)
    assert GuidePage.objects.get(pk=page.pk).latest_revision_id == page.latest_revision_id

    with pytest.raises(EditedSinceImportError):
        import_guide_file(seed_path, slug=SLUG, publish=True)


def test_a_revision_that_changes_no_imported_text_is_not_an_edit(demo_guide, changed_file):
    from content.services import import_guide_file

    demo_guide.get_latest_revision_as_object().save_revision()  # e.g. code re-saving as is

    result = import_guide_file(changed_file, slug=SLUG, publish=True)

    assert result.revision_created and result.published


def test_force_imports_over_the_edit_and_keeps_it_in_the_history(
    demo_guide, changed_file, run_command, edit_in_admin
):
    edited = edit_in_admin(demo_guide, title="Exosomes and hair loss: what is proven")
    editors_revision = edited.latest_revision_id

    out = run_command(
        "import_guide", str(changed_file), "--slug", SLUG, "--title", "Imported", "--force"
    )

    page = GuidePage.objects.get(pk=demo_guide.pk)
    assert f"replacing revision {editors_revision} by editor" in out
    assert page.get_latest_revision_as_object().title == "Imported"
    assert Revision.objects.filter(pk=editors_revision).exists()
    # the forced import is now the last import: the same file again changes nothing
    revisions = Revision.objects.count()
    out = run_command("import_guide", str(changed_file), "--slug", SLUG, "--title", "Imported")
    assert "unchanged" in out and Revision.objects.count() == revisions


def test_a_guide_no_import_wrote_is_refused(locales, seed_path, run_command, editor):
    """A guide written in the admin (or imported before imports were recorded)."""
    from content.richtext import paragraphs_to_richtext
    from content.services import ensure_guide_index

    index = ensure_guide_index()
    page = index.add_child(
        instance=GuidePage(
            title="Hand written",
            slug=SLUG,
            intro=paragraphs_to_richtext(["Written by a person."]),
            body=[],
        )
    )
    page.save_revision(user=editor).publish(user=editor)
    before = _state(page)

    with pytest.raises(CommandError, match=r"no import on record.*by editor"):
        run_command("import_guide", str(seed_path), "--slug", SLUG, "--publish")

    assert _state(page) == before


def test_identical_reimport_writes_nothing_and_unedited_change_updates(
    demo_guide, seed_path, changed_file, run_command
):
    before = _state(demo_guide)
    assert "unchanged" in run_command("import_guide", str(seed_path), "--slug", SLUG, "--publish")
    assert _state(demo_guide) == before

    out = run_command("import_guide", str(changed_file), "--slug", SLUG, "--publish")

    assert "updated (new revision)" in out and "published" in out
    page = GuidePage.objects.get(pk=demo_guide.pk)
    assert "three sessions" in page.faq_groups()[0].items[3].answer


def test_each_import_is_in_the_page_history(demo_guide, changed_file, client, editor):
    from django.urls import reverse

    from content.services import import_guide_file

    result = import_guide_file(changed_file, slug=SLUG)

    entry = PageLogEntry.objects.filter(page=demo_guide, action="content.import").latest("pk")
    assert entry.revision_id == result.page.latest_revision_id
    assert entry.data["source"] == "exosome-hair-loss.txt"
    client.force_login(editor)
    history = client.get(reverse("wagtailadmin_pages:history", args=[demo_guide.pk]))
    assert "Updated from “exosome-hair-loss.txt”" in history.content.decode()

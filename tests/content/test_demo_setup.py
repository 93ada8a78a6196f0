"""`setup_demo` (what `make run` calls) is repeatable and leaves a browsable site."""

from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Revision

from content.models import GuideIndexPage, GuidePage


def test_setup_demo_twice_duplicates_nothing(db, run_command, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = run_command("setup_demo")
    counts = (Page.objects.count(), Revision.objects.count(), get_user_model().objects.count())
    second = run_command("setup_demo")

    assert (
        Page.objects.count(),
        Revision.objects.count(),
        get_user_model().objects.count(),
    ) == counts
    guide = GuidePage.objects.get(slug="exosome-hair-loss", locale__language_code="en")
    assert guide.live
    password = (tmp_path / "admin-password").read_text().strip()
    assert f"admin / {password}" in first and f"admin / {password}" in second
    assert get_user_model().objects.get(username="admin").check_password(password)


def test_published_guide_renders_on_the_site(demo_guide, client):
    response = client.get("/exosome-hair-loss/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "What are Exosomes?" in body
    assert "Can exosome therapy be used for hair loss due to chemotherapy?" in body


def test_admin_login_page_is_served(db, client):
    assert client.get("/admin/login/").status_code == 200


def test_pages_carry_language_and_direction_from_the_registry(demo_guide, client):

    arabic_index = demo_guide.get_parent().specific.get_translation(
        Locale.objects.get(language_code="ar")
    )
    assert arabic_index.url == "/ar/"
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<html lang="en" dir="ltr">' in client.get("/exosome-hair-loss/").content.decode()


def _demo() -> GuidePage:
    return GuidePage.objects.get(slug="exosome-hair-loss", locale__language_code="en")


def _review_states(page) -> dict[str, str]:
    from locales.review.selectors import segment_rows, translation_for_page

    spanish = page.get_translation(Locale.objects.get(language_code="es"))
    return {row.path: row.status for row in segment_rows(translation_for_page(spanish))}


def test_setup_demo_leaves_a_guide_edited_in_the_admin_alone(
    db, run_command, settings, tmp_path, edit_in_admin, editor
):
    """Reproduction: `make run` again re-imported the demo over the editor's published title
    (a new revision with no user and the old title) and reset the translations' outdated
    flags. Now it only creates the demo guide when it is missing."""
    from locales.machine_translation.drafts import create_machine_draft
    from locales.review.actions import approve_segment
    from locales.review.selectors import segment_rows, translation_for_page

    settings.VAR_DIR = tmp_path
    run_command("setup_demo")
    draft = create_machine_draft(_demo(), "es", user=editor)
    translation = translation_for_page(draft.page)
    for row in segment_rows(translation):
        approve_segment(translation, row.segment.pk, editor)
    edited = edit_in_admin(_demo(), title="Exosomes and hair loss: what is proven")
    assert edited.live and edited.title == "Exosomes and hair loss: what is proven"
    assert _review_states(edited)["title"] == "outdated"
    before = (
        Revision.objects.count(),
        edited.latest_revision_id,
        edited.live_revision_id,
        _review_states(edited),
    )

    out = run_command("setup_demo")

    page = _demo()
    assert "left alone" in out and "updated" not in out
    assert page.title == "Exosomes and hair loss: what is proven"
    assert (
        Revision.objects.count(),
        page.latest_revision_id,
        page.live_revision_id,
        _review_states(page),
    ) == before
    assert page.live_revision.user == editor


def test_setup_demo_leaves_an_unpublished_admin_draft_alone(
    db, run_command, settings, tmp_path, edit_in_admin
):
    settings.VAR_DIR = tmp_path
    run_command("setup_demo")
    edit_in_admin(_demo(), title="A title still in draft", publish=False)
    revisions = Revision.objects.count()

    out = run_command("setup_demo")

    page = _demo()
    assert "left alone" in out
    assert Revision.objects.count() == revisions
    assert page.get_latest_revision_as_object().title == "A title still in draft"
    assert page.has_unpublished_changes


def test_a_moved_demo_guide_is_still_there(db, run_command, settings, tmp_path):
    """ "Missing" means no source-locale guide with the demo's slug, wherever it is."""
    settings.VAR_DIR = tmp_path
    run_command("setup_demo")
    # The admin offers guides no other parent; code can still move one (Wagtail's own move,
    # no revision; the page keeps its locale).
    other = GuideIndexPage.objects.get(locale__language_code="fr")
    _demo().move(other, pos="last-child")
    pages, revisions = Page.objects.count(), Revision.objects.count()

    out = run_command("setup_demo")

    assert "left alone" in out
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)
    assert _demo().get_parent().pk == other.pk


def test_a_renamed_demo_guide_is_left_alone_and_the_demo_slug_filled_again(
    db, run_command, settings, tmp_path, editor
):
    settings.VAR_DIR = tmp_path
    run_command("setup_demo")
    draft = _demo().get_latest_revision_as_object()
    draft.slug = "exosomes"
    draft.save_revision(user=editor).publish(user=editor)
    renamed = GuidePage.objects.get(slug="exosomes")
    latest = renamed.latest_revision_id

    out = run_command("setup_demo")

    assert "exosome-hair-loss: created" in out
    assert GuidePage.objects.get(pk=renamed.pk).latest_revision_id == latest
    assert _demo().pk != renamed.pk and _demo().live


def test_a_deleted_demo_guide_is_missing_and_imported_again(db, run_command, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    run_command("setup_demo")
    _demo().delete()

    out = run_command("setup_demo")

    assert "exosome-hair-loss: created" in out
    assert _demo().live

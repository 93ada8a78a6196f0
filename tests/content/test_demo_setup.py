"""`setup_demo` (what `make run` calls) is repeatable and leaves a browsable site."""

from django.contrib.auth import get_user_model
from wagtail.models import Page, Revision

from content.models import GuidePage


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
    from wagtail.models import Locale

    arabic_index = demo_guide.get_parent().specific.get_translation(
        Locale.objects.get(language_code="ar")
    )
    assert arabic_index.url == "/ar/"
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<html lang="en" dir="ltr">' in client.get("/exosome-hair-loss/").content.decode()

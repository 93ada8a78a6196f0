"""Content-Security-Policy: strict on the project's own pages, relaxed only where the Wagtail
admin needs it; the API's JSON keeps `nosniff`."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def assert_strict(response) -> None:
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]


@pytest.fixture
def signed_in(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def es_translation(demo_guide, signed_in):
    from locales.machine_translation.drafts import create_machine_draft
    from locales.review.selectors import translation_for_page

    return translation_for_page(create_machine_draft(demo_guide, "es", user=signed_in).page)


def test_the_review_screen_forbids_inline_script_and_style(client, es_translation):
    response = client.get(reverse("locales:review", args=[es_translation.pk]))
    assert response.status_code == 200
    assert_strict(response)
    html = response.content.decode()
    # ...and needs neither: every script has a src (JSON data blocks do not run).
    inline_scripts = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", html)
        if "src=" not in tag and "application/json" not in tag
    ]
    assert inline_scripts == []
    assert " style=" not in html and "<style" not in html
    assert "locales/review.css" in html


@pytest.mark.parametrize(
    "url",
    [
        "/admin/login/",
        "/admin/security/two-factor/",
        "/admin/security/lockouts/",
        "/exosome-hair-loss/",
        "/reader/",
        "/admin/translations/reports/status/",
    ],
)
def test_the_projects_own_pages_are_strict(client, signed_in, demo_guide, url):
    if url == "/admin/login/":
        client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert_strict(response)


def test_the_job_and_machine_translate_screens_are_strict(client, demo_guide, es_translation):
    from locales.machine_translation.jobs import TranslationJob

    assert_strict(client.get(reverse("locales:machine_translate", args=[demo_guide.pk])))
    job = TranslationJob.objects.create(page=demo_guide, target_locales=["es"])
    response = client.get(reverse("locales:job", args=[job.pk]))
    assert_strict(response)
    assert "locales/job.js" in response.content.decode()


def test_the_rest_of_the_admin_gets_only_what_it_needs(client, signed_in):
    directives = policy(client.get("/admin/"))
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["object-src"] == ["'none'"]  # the rest is not relaxed
    assert directives["connect-src"] == ["'self'", "https://releases.wagtail.org"]


def test_api_json_keeps_nosniff(client, demo_guide):
    response = client.get("/api/v1/guides/exosome-hair-loss/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"].startswith("application/json")


def test_html_served_as_a_static_file_gets_the_strict_policy():
    from cms.csp import static_html_headers

    headers: dict[str, str] = {}
    static_html_headers(headers, "/srv/static/reader/index.html", "/reader/index.html")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]

    script_headers: dict[str, str] = {}
    static_html_headers(script_headers, "/srv/static/embed.js", "/embed/v1/health-guide.js")
    assert script_headers == {}  # scripts stay loadable from any origin, untouched


def test_a_view_decorator_still_wins_over_the_area(rf, settings):
    from csp.decorators import csp_update
    from django.http import HttpResponse

    from cms.csp import AreaCSPMiddleware

    @csp_update({"img-src": ["https://tiles.example.org"]})
    def view(request):
        return HttpResponse("ok")

    response = AreaCSPMiddleware(view)(rf.get("/admin/pages/"))
    directives = policy(response)
    assert "https://tiles.example.org" in directives["img-src"]

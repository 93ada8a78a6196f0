"""The public site's pages (/exosome-hair-loss/, /es/...): a phone's viewport, the site's
stylesheet, links between the languages a page is published in (hreflang and a switcher),
their own words in the page's language, and a styled 404, also with DEBUG on."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings

from tests.clients.catalogue import message
from tests.clients.conftest import publish_reviewed_translation, sign_off_translations

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, tag: str, **attrs: str) -> list[dict]:
        return [
            a
            for t, a in self.tags
            if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


def parse(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    return page


@pytest.fixture
def guide(locales, seed_path, django_user_model):
    """The demo guide with its medical review, and a reviewed Spanish and Arabic translation."""
    from content.services import import_guide_file

    source = import_guide_file(seed_path, slug="exosome-hair-loss", publish=True).page
    from clinical.models import ReviewerProfile
    from clinical.services import record_sign_off

    clinician = django_user_model.objects.create_superuser("ada", "ada@example.com", "pw")
    ReviewerProfile.objects.create(user=clinician, display_name="Dr. Ada Example")
    record_sign_off(source, clinician, reviewed_on=datetime.date(2026, 11, 1))
    reviewer = django_user_model.objects.create_superuser("rev", "rev@example.com", "pw")
    for code in ("es", "ar"):
        publish_reviewed_translation(source, code, reviewer)
    source.refresh_from_db()
    return source


def test_a_guide_page_has_a_viewport_a_stylesheet_and_links_to_its_languages(client, guide):
    response = client.get("/exosome-hair-loss/")
    assert response.status_code == 200
    page = parse(response)
    assert page.all("html", lang="en", dir="ltr")
    assert page.all("meta", name="viewport", content="width=device-width, initial-scale=1")
    (stylesheet,) = page.all("link", rel="stylesheet")
    assert finders.find(stylesheet["href"].removeprefix("/static/"))
    # One alternate per published language, absolute, and x-default (the source).
    alternates = {a["hreflang"]: a["href"] for a in page.all("link", rel="alternate")}
    assert set(alternates) == {"en", "es", "ar", "x-default"}
    assert alternates["es"].startswith("http") and alternates["es"].endswith(
        "/es/exosome-hair-loss/"
    )
    assert alternates["x-default"] == alternates["en"]
    # The switcher: native names, the current one marked, each link in its language.
    links = [a for a in page.all("a") if "lang" in a]
    assert [a["lang"] for a in links] == ["en", "es", "ar"]
    assert [a.get("aria-current") for a in links] == ["page", None, None]
    body = response.content.decode()
    assert 'aria-label="Languages"' in body and ">Español</a>" in body and ">العربية</a>" in body
    assert (
        "Medically reviewed by <bdi>Dr. Ada Example</bdi> on <bdi>November 1, 2026</bdi>." in body
    )
    assert not re.search(r"<[^>]+\sstyle=|<style|<script", body)  # the strict CSP holds


def test_a_translated_page_speaks_its_language_and_arabic_is_right_to_left(client, guide):
    # The Spanish translation's medical review is its own: none until it is signed off.
    assert message("es", "review.none") in client.get("/es/exosome-hair-loss/").content.decode()
    sign_off_translations(guide, "es")
    spanish = client.get("/es/exosome-hair-loss/")
    assert spanish.status_code == 200
    page = parse(spanish)
    assert page.all("html", lang="es", dir="ltr")
    body = spanish.content.decode()
    assert message("es", "site.skip") in body
    assert f'aria-label="{message("es", "site.languages")}"' in body
    assert "1 de noviembre de 2026" in body
    assert [a.get("aria-current") for a in page.all("a") if "lang" in a] == [None, "page", None]

    arabic = client.get("/ar/exosome-hair-loss/")
    assert parse(arabic).all("html", lang="ar", dir="rtl")
    assert message("ar", "site.skip") in arabic.content.decode()


def test_a_language_switcher_offers_only_the_languages_published(client, guide):
    """French has no translation of the guide: neither a link nor an alternate to it."""
    page = parse(client.get("/exosome-hair-loss/"))
    hrefs = [a["href"] for a in page.all("a") + page.all("link") if "href" in a]
    assert not [href for href in hrefs if "/fr/" in href]


def test_the_index_page_lists_its_guides(client, guide):
    response = client.get("/es/")
    assert response.status_code == 200
    page = parse(response)
    assert page.all("meta", name="viewport")
    assert any(a.get("href") == "/es/exosome-hair-loss/" for a in page.all("a"))


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_page_is_the_styled_404_never_djangos_url_list(client, guide, debug):
    with override_settings(DEBUG=debug):
        for path, code in (
            ("/no-such-page/", "en"),
            ("/es/no-such-page/", "es"),
            ("/ar/no/such/page/", "ar"),
            ("/no-such-file.txt", "en"),
        ):
            response = client.get(path)
            assert response.status_code == 404, path
            body = response.content.decode()
            assert "URL patterns" not in body and "DEBUG = True" not in body, path
            assert message(code, "site.notFoundTitle") in body, path
            page = parse(response)
            assert page.all("meta", name="viewport") and page.all("link", rel="stylesheet")
            assert page.all("meta", name="robots", content="noindex")
            assert page.all("html", lang=code), path
        # The API's errors stay JSON.
        api = client.get("/api/v1/no-such-endpoint/")
        assert api.status_code == 404 and api["Content-Type"].startswith("application/json")

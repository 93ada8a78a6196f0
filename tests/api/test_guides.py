"""Guide detail, list, JSON-LD and locales against real pages and revisions."""

from __future__ import annotations

import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import GuideSnapshot
from content.models import GuidePage

SLUG = "exosome-hair-loss"
DETAIL = f"/api/v1/guides/{SLUG}/"

pytestmark = pytest.mark.django_db


def test_locales_lists_enabled_locales_with_names_direction_and_source(client, locales):
    data = client.get("/api/v1/locales/").json()
    by_code = {row["code"]: row for row in data["results"]}
    assert data["source"] == "en"
    assert list(by_code) == ["en", "es", "fr", "de", "pt-BR", "ar", "zh-Hans"]
    assert by_code["en"]["is_source"] is True
    assert by_code["es"] == {
        "code": "es",
        "english_name": "Spanish",
        "native_name": "Español",
        "direction": "ltr",
        "is_source": False,
    }
    assert by_code["ar"]["direction"] == "rtl"


def test_detail_in_source_has_the_whole_guide(client, demo_guide):
    response = client.get(DETAIL + "?locale=en")
    data = response.json()
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert data["slug"] == SLUG and data["locale"] == "en" and data["requested_locale"] == "en"
    assert data["fallback"] is False
    assert data["title"] == demo_guide.title
    groups = demo_guide.faq_groups()
    assert [g["heading"] for g in data["groups"]] == [g.heading for g in groups]
    # 10 numbered Q&As and a 5-question FAQ, ids are the StreamField's stable ids.
    assert [len(g["items"]) for g in data["groups"]] == [len(g.items) for g in groups] == [10, 5]
    first = data["groups"][0]["items"][0]
    assert first["id"] == groups[0].items[0].id
    assert first["number"] == 1
    assert first["question"] == groups[0].items[0].question
    assert first["answer"]["html"].startswith("<p>") and first["answer"]["text"]
    assert "<" not in first["answer"]["text"]
    assert data["intro"]["text"] and data["conclusion"]["html"]
    assert data["translation"] == {
        "is_source": True,
        "source_locale": "en",
        "machine_translated": False,
        "reviewed_at": None,
        "outdated": False,
    }
    assert data["medical_review"] == {
        "reviewed_by": None,
        "last_reviewed": None,
        "next_review_due": None,
        "overdue": None,
        "content_changed_since": None,
        "disclaimer": demo_guide.disclaimer,
    }
    assert data["readability"]["formula"] == "flesch-kincaid"
    assert data["readability"]["target_grade"] == 8
    assert data["available_locales"] == ["en"]
    assert data["version"] and data["updated_at"]


def test_translated_guide_is_served_with_translation_metadata(client, demo_guide, translate):
    translate(demo_guide, "es")
    response = client.get(DETAIL + "?locale=es")
    data = response.json()
    assert response["Content-Language"] == "es"
    assert data["locale"] == "es" and data["fallback"] is False
    assert data["title"] == f"[es] {demo_guide.title}"
    assert data["groups"][0]["items"][0]["question"].startswith("[es] ")
    # Item ids match across locales: an app can pair item N in any language.
    source = client.get(DETAIL + "?locale=en").json()
    ids = lambda d: [i["id"] for g in d["groups"] for i in g["items"]]  # noqa: E731
    assert ids(data) == ids(source)
    assert data["translation"]["is_source"] is False
    assert data["translation"]["source_locale"] == "en"
    assert data["translation"]["machine_translated"] is False
    assert data["available_locales"] == ["en", "es"]
    assert source["available_locales"] == ["en", "es"]  # the source variant was rebuilt too


def test_missing_translation_falls_back_to_source(client, demo_guide, translate):
    translate(demo_guide, "es")
    response = client.get(DETAIL + "?locale=fr")
    data = response.json()
    assert response.status_code == 200
    assert data["fallback"] is True
    assert data["requested_locale"] == "fr" and data["locale"] == "en"
    assert response["Content-Language"] == "en"
    assert data["title"] == demo_guide.title


def test_unknown_guide_is_404(client, demo_guide):
    response = client.get("/api/v1/guides/no-such-guide/?locale=es")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "guide_not_found"


def test_list_is_paginated_and_marks_fallbacks(client, demo_guide, translate, import_guide):
    import_guide("second-guide")
    import_guide("third-guide")
    translate(demo_guide, "es")
    data = client.get("/api/v1/guides/?locale=es&page_size=2").json()
    assert data["count"] == 3
    assert [g["slug"] for g in data["results"]] == [SLUG, "second-guide"]
    assert data["next"].endswith("page=2&page_size=2") or "page=2" in data["next"]
    first = data["results"][0]
    assert first["locale"] == "es" and first["fallback"] is False
    assert data["results"][1]["locale"] == "en" and data["results"][1]["fallback"] is True
    assert set(first) >= {"slug", "locale", "title", "summary", "updated_at", "version"}
    page2 = client.get(data["next"]).json()
    assert [g["slug"] for g in page2["results"]] == ["third-guide"]
    assert client.get("/api/v1/guides/?locale=es&page=9").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/guides/", "/api/v1/search/?q=hair"])
@pytest.mark.parametrize("page_size", ["false", "0", "-3", "2.0", "٢", " 2"])
def test_a_page_size_that_is_not_a_positive_whole_number_is_a_400(
    client, demo_guide, url, page_size
):
    """DRF ignored it and answered 20 a page: a client's mistake went unnoticed."""
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}page_size={page_size}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_page_size"
    assert error["details"] == {"parameter": "page_size", "value": page_size}


def test_a_page_size_over_the_maximum_is_cut_to_it(client, demo_guide, import_guide):
    for n in range(3):
        import_guide(f"guide-{n}")
    data = client.get("/api/v1/guides/?page_size=100000").json()
    assert data["count"] == 4 and len(data["results"]) == 4 and data["next"] is None


def test_faq_jsonld_is_schema_org_faqpage(client, demo_guide, translate):
    translate(demo_guide, "es")
    response = client.get(DETAIL + "faq.jsonld?locale=es")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    data = json.loads(response.content)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == ["MedicalWebPage", "FAQPage"]
    assert data["medicalAudience"] == {"@type": "Patient"}
    assert "reviewedBy" not in data and "lastReviewed" not in data  # nobody signed off es
    assert data["inLanguage"] == "es"
    assert len(data["mainEntity"]) == 15
    question = data["mainEntity"][0]
    assert question["@type"] == "Question" and question["name"].startswith("[es] ")
    assert question["acceptedAnswer"]["@type"] == "Answer"
    assert question["acceptedAnswer"]["text"].startswith("<p>")


HOSTILE = (
    '<p>Take <b onmouseover="steal()">2 mg</b><script>alert("x")</script>'
    '<img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(1)" onclick="alert(2)">click</a> '
    '<a href="https://example.org/a" style="color:red">safe</a>'
    '<iframe src="https://evil.example"></iframe></p>'
)


def test_hostile_html_in_an_answer_is_sanitized(client, demo_guide, translate):
    translate(demo_guide, "es", answer=HOSTILE)
    response = client.get(DETAIL + "?locale=es")
    raw = response.content.decode()
    for bad in (
        "<script",
        "onerror",
        "onclick",
        "onmouseover",
        "javascript:",
        "<img",
        "<iframe",
        "style=",
    ):
        assert bad not in raw, bad
    answer = response.json()["groups"][0]["items"][0]["answer"]
    assert answer["html"] == (
        '<p>Take <b>2 mg</b><a>click</a> <a href="https://example.org/a">safe</a></p>'
    )
    assert answer["text"] == "Take 2 mgclick safe"
    jsonld = client.get(DETAIL + "faq.jsonld?locale=es").content.decode()
    assert "<script" not in jsonld and "javascript:" not in jsonld


def test_draft_revision_newer_than_live_is_never_served(client, demo_guide, translate, edit_source):
    title = demo_guide.title
    es_page = translate(demo_guide, "es")
    # A newer draft (e.g. unreviewed machine output) in both locales, not published.
    edit_source(es_page, publish=False, title="UNREVIEWED MACHINE DRAFT")
    edit_source(demo_guide, publish=False, title="SOURCE DRAFT")
    for locale in ("es", "en"):
        for url in (DETAIL, DETAIL + "faq.jsonld", "/api/v1/guides/", f"/api/v1/bundles/{locale}/"):
            body = client.get(f"{url}?locale={locale}" if "bundles" not in url else url).content
            assert b"UNREVIEWED MACHINE DRAFT" not in body and b"SOURCE DRAFT" not in body
    # ...even after an unrelated rebuild of the read model (e.g. another locale published).
    translate(demo_guide, "fr")
    assert b"UNREVIEWED MACHINE DRAFT" not in client.get(DETAIL + "?locale=es").content
    assert client.get(DETAIL + "?locale=es").json()["title"] == f"[es] {title}"
    assert client.get(DETAIL + "?locale=en").json()["title"] == title


def test_unpublished_translation_is_never_served(client, demo_guide, translate):
    translate(demo_guide, "de", publish=False)  # a draft translation, never published
    data = client.get(DETAIL + "?locale=de").json()
    assert data["fallback"] is True and data["locale"] == "en"
    es = translate(demo_guide, "es")
    assert client.get(DETAIL + "?locale=es").json()["locale"] == "es"
    es.unpublish()
    data = client.get(DETAIL + "?locale=es").json()
    assert data["fallback"] is True and data["locale"] == "en"
    assert "es" not in data["available_locales"]
    assert GuideSnapshot.objects.filter(locale__in=["es", "de"]).count() == 0


def test_guides_under_private_or_unpublished_parents_are_not_served(client, demo_guide):
    from wagtail.models import PageViewRestriction

    index = demo_guide.get_parent()
    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert client.get(DETAIL).status_code == 404
    assert client.get("/api/v1/bundles/en/").json()["count"] == 0
    restriction.delete()
    assert client.get(DETAIL).status_code == 200
    index.specific.unpublish()
    assert GuidePage.objects.get(pk=demo_guide.pk).live  # the guide itself is still live
    assert client.get(DETAIL).status_code == 404
    assert client.get("/api/v1/guides/").json()["count"] == 0


def test_warm_requests_make_no_database_queries(client, demo_guide, translate):
    translate(demo_guide, "es")
    urls = [
        DETAIL + "?locale=es",
        DETAIL + "?locale=fr",  # fallback: a remembered miss, then the source
        DETAIL + "faq.jsonld?locale=es",
        "/api/v1/bundles/es/",
        "/api/v1/guides/?locale=es",
        "/api/v1/locales/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200  # warms the cache
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            assert client.get(url, HTTP_ACCEPT_LANGUAGE="es").status_code == 200
    assert [q["sql"] for q in queries.captured_queries] == []


def test_cold_cache_refills_from_snapshots_without_reading_pages(client, demo_guide):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DETAIL).status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "api_guidesnapshot" in tables
    assert "wagtailcore_page" not in tables and "content_guidepage" not in tables


def test_gzip_for_clients_that_ask(client, demo_guide):
    plain = client.get(DETAIL)
    zipped = client.get(DETAIL, HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 2
    assert "Accept-Encoding" in zipped["Vary"]


def test_deleted_guide_disappears(client, demo_guide, translate):
    translate(demo_guide, "es")
    assert client.get(DETAIL + "?locale=es").status_code == 200
    GuidePage.objects.get(pk=demo_guide.pk).delete()  # the source; es remains
    data = client.get(DETAIL + "?locale=es").json()
    assert data["locale"] == "es" and data["available_locales"] == ["es"]
    assert client.get(DETAIL + "?locale=fr").status_code == 404
    GuidePage.objects.filter(translation_key=demo_guide.translation_key).delete()
    assert client.get(DETAIL + "?locale=es").status_code == 404
    assert client.get("/api/v1/bundles/es/").json()["count"] == 0


def test_slug_change_moves_the_guide_in_every_locale(client, demo_guide, translate, edit_source):
    translate(demo_guide, "es")
    assert client.get(DETAIL + "?locale=es").status_code == 200
    edit_source(demo_guide, slug="exosome-therapy")
    assert client.get(DETAIL + "?locale=es").status_code == 404
    assert client.get(DETAIL + "?locale=en").status_code == 404
    moved = client.get("/api/v1/guides/exosome-therapy/?locale=es").json()
    assert moved["locale"] == "es" and moved["slug"] == "exosome-therapy"


def test_moving_a_guide_into_an_unpublished_tree_hides_it(client, demo_guide):
    from wagtail.models import Page

    from content.models import GuideIndexPage

    hidden = Page.get_first_root_node().add_child(
        instance=GuideIndexPage(title="Hidden", slug="hidden", live=False, locale=demo_guide.locale)
    )
    GuidePage.objects.get(pk=demo_guide.pk).move(hidden, pos="last-child")
    assert client.get(DETAIL).status_code == 404
    assert GuidePage.objects.get(pk=demo_guide.pk).live  # still live itself: unreachable
    home = GuideIndexPage.objects.get(slug="home", locale=demo_guide.locale)
    GuidePage.objects.get(pk=demo_guide.pk).move(home, pos="last-child")
    assert client.get(DETAIL).status_code == 200

"""GET /api/v1/search/: the demo guide and its Spanish translation, through the real workflow.

The Spanish translation is made the way editors make it: a machine draft (offline pseudo
provider), a reviewer's own Spanish wording for a few segments, every other segment
approved, then published. The same tests run on SQLite (FTS5 + Snowball in Python) and
on PostgreSQL (`make test-prod`: its own text search configurations) and expect the same.
"""

from __future__ import annotations

import re

import pytest
from wagtail.models import PageViewRestriction

from api.models import SearchEntry
from content.models import GuidePage
from locales.machine_translation.drafts import create_machine_draft
from locales.review.actions import approve_segment, edit_segment, publish_translation
from locales.review.selectors import segment_rows, translation_for_page

SEARCH = "/api/v1/search/"
SLUG = "exosome-hair-loss"

pytestmark = pytest.mark.django_db

# (group, item) of the demo guide -> reviewed Spanish wording.
SESSIONS = (0, 7)  # "8. Are Multiple Sessions Required?"
SIDE_EFFECTS = (0, 8)  # "9. What Are the Potential Side Effects?"
SPANISH = {
    (*SESSIONS, "question"): "¿Cuántas sesiones se necesitan?",
    (*SESSIONS, "answer"): "La mayoría de los pacientes necesita varias sesiones, "
    "con algunas semanas entre una y otra.",
    (*SIDE_EFFECTS, "question"): "¿Cuáles son los posibles efectos secundarios?",
    (*SIDE_EFFECTS, "answer"): "Algunas personas notan un enrojecimiento leve o una caída "
    "del cabello temporal que desaparece en pocos días.",
}


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")


def segment_path(page: GuidePage, group: int, item: int, field: str) -> str:
    raw = page.body.raw_data[group]
    return f"body.{raw['id']}.items.{raw['value']['items'][item]['id']}.{field}"


@pytest.fixture
def spanish(demo_guide, editor):
    """The demo guide's Spanish translation: machine draft, reviewed wording, published."""
    draft = create_machine_draft(demo_guide, "es", user=editor)
    translation = translation_for_page(draft.page)
    rows = {row.path: row for row in segment_rows(translation)}
    for (group, item, field), text in SPANISH.items():
        row = rows[segment_path(demo_guide, group, item, field)]
        edit_segment(translation, row.segment.pk, text, editor, approve=True)
    for row in segment_rows(translation):
        if row.needs_review:
            approve_segment(translation, row.segment.pk, editor)
    publish_translation(translation, editor)
    return translation


def search(client, q, expect: int = 200, **params) -> dict:
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == expect, response.content
    return response.json()


def item_id(page: GuidePage, group: int, item: int) -> str:
    return page.body.raw_data[group]["value"]["items"][item]["id"]


def first_item(data: dict) -> dict:
    assert data["results"], f"no hits for {data['query']!r}"
    return data["results"][0]


# --- relevance, languages, stemming --------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "position", "question"),
    [
        ("side effects", SIDE_EFFECTS, "What Are the Potential Side Effects?"),
        ("how many sessions", SESSIONS, "Are Multiple Sessions Required?"),
        ("How many SESSIONS do I need?", SESSIONS, "Are Multiple Sessions Required?"),
    ],
)
def test_an_english_query_finds_the_right_item_first(client, demo_guide, query, position, question):
    data = search(client, query, locale="en")
    hit = first_item(data)
    assert hit["kind"] == "item"
    assert hit["item"] == {"id": item_id(demo_guide, *position), "number": position[1] + 1,
                           "question": question}  # fmt: skip
    assert hit["guide"] == {"id": str(demo_guide.translation_key), "slug": SLUG,
                            "title": demo_guide.title}  # fmt: skip
    assert hit["locale"] == "en" and hit["fallback"] is False
    assert hit["score"] > 0
    assert "<mark>" in hit["snippet_html"] and "<mark>" not in hit["snippet"]
    scores = [h["score"] for h in data["results"]]
    assert scores == sorted(scores, reverse=True)


def test_every_word_must_match_unless_no_item_has_them_all(client, demo_guide):
    strict = search(client, "side effects", locale="en")
    assert strict["match"] == "all"
    assert all(
        "side" in (h["snippet"] + (h["item"] or {}).get("question", "")).lower()
        for h in strict["results"]
    )
    # "many" is in the intro only and "sessions" never next to it: relaxed to any word.
    relaxed = search(client, "how many sessions", locale="en")
    assert relaxed["match"] == "any" and relaxed["count"] > 1


def test_english_stemming_a_plural_finds_a_singular(client, demo_guide):
    hit = first_item(search(client, "transplants", locale="en"))
    assert hit["item"]["question"] == "Is Exosome Therapy an Alternative to Hair Transplant?"
    hit = first_item(search(client, "side effect", locale="en"))  # singular finds "Effects"
    assert hit["item"]["question"] == "What Are the Potential Side Effects?"


@pytest.mark.parametrize("query", ["¿Cuántas sesiones?", "cuantas sesiones", "CUÁNTAS SESIONES"])
def test_a_spanish_query_with_or_without_accents_finds_the_spanish_item(client, spanish, query):
    data = search(client, query, locale="es")
    hit = first_item(data)
    assert hit["item"]["question"] == "¿Cuántas sesiones se necesitan?"
    assert hit["locale"] == "es" and hit["fallback"] is False
    assert data["requested_locale"] == "es"


@pytest.mark.parametrize("query", ["caida del cabello", "caída del cabello", "CAIDA"])
def test_accents_and_case_are_ignored_in_spanish_text(client, spanish, demo_guide, query):
    hit = first_item(search(client, query, locale="es"))
    assert hit["item"]["id"] == item_id(demo_guide, *SIDE_EFFECTS)
    assert hit["item"]["question"] == "¿Cuáles son los posibles efectos secundarios?"
    assert "<mark>caída</mark>" in hit["snippet_html"]  # the text as written is marked
    assert "caída del cabello" in hit["snippet"]


def test_spanish_stemming_a_plural_finds_a_singular(client, spanish):
    # Only the singular "enrojecimiento" is in the text; "sesión" only in the plural.
    hit = first_item(search(client, "enrojecimientos", locale="es"))
    assert hit["item"]["question"] == "¿Cuáles son los posibles efectos secundarios?"
    hit = first_item(search(client, "sesión", locale="es"))
    assert hit["item"]["question"] == "¿Cuántas sesiones se necesitan?"


def test_the_item_id_is_the_one_the_guide_document_serves(client, spanish, demo_guide):
    hit = first_item(search(client, "efectos secundarios", locale="es"))
    document = client.get(f"/api/v1/guides/{SLUG}/?locale=es").json()
    served = {i["id"]: i for g in document["groups"] for i in g["items"]}
    assert served[hit["item"]["id"]]["question"] == hit["item"]["question"]
    assert served[hit["item"]["id"]]["number"] == hit["item"]["number"]


def test_the_guide_itself_is_found_by_its_title_and_intro(client, demo_guide):
    data = search(client, "debunk common myths", locale="en")  # intro only
    hit = first_item(data)
    assert hit["kind"] == "guide" and hit["item"] is None
    assert hit["guide"]["slug"] == SLUG
    assert "<mark>debunk</mark>" in hit["snippet_html"]


# --- only live, reviewed content ------------------------------------------------------------


def test_a_term_only_in_a_machine_draft_finds_nothing(
    client, spanish, demo_guide, editor, edit_source
):
    # The source gains a word and is republished; the new machine draft has it (pseudo-
    # translated) but is not reviewed: Spanish readers must not find it, in any spelling.
    raw = demo_guide.get_latest_revision_as_object().body.raw_data
    raw[0]["value"]["items"][0]["value"]["answer"] = "<p>Nanovesicles carry growth signals.</p>"
    edit_source(demo_guide, body=raw)
    draft = create_machine_draft(demo_guide, "es", user=editor).page
    draft_text = str(draft.get_latest_revision_as_object().body.raw_data)
    assert "Ñàñöṽéšîçĺéš" in draft_text  # the machine's text is in the draft revision
    assert search(client, "nanovesicles", locale="en")["count"] == 1  # the source has it
    for query in ("nanovesicles", "Ñàñöṽéšîçĺéš", "nanovesicle"):
        assert search(client, query, locale="es")["count"] == 0, query

    # A reviewer's own wording saved but not approved or published: not found either.
    translation = translation_for_page(draft)
    row = next(r for r in segment_rows(translation) if r.path.endswith(".question"))
    edit_segment(translation, row.segment.pk, "¿Xilófonos?", editor)
    assert search(client, "xilofonos", locale="es")["count"] == 0


def test_an_unpublished_guide_finds_nothing(client, demo_guide, import_guide, edit_source):
    other = import_guide("second-guide")
    edit_source(other, intro="<p>Quokkas are small marsupials.</p>")
    assert search(client, "quokka")["count"] == 1  # published: found (by its intro)
    edit_source(other, publish=False, conclusion="<p>Wombats too.</p>")
    assert search(client, "wombats")["count"] == 0  # a draft revision: never
    GuidePage.objects.get(pk=other.pk).unpublish()
    assert search(client, "quokka")["count"] == 0
    assert not SearchEntry.objects.filter(body__icontains="quokka").exists()


def test_private_moved_and_deleted_guides_find_nothing(client, demo_guide, import_guide):
    other = import_guide("second-guide")
    assert {h["guide"]["slug"] for h in search(client, "side effects")["results"]} == {
        SLUG,
        "second-guide",
    }
    restriction = PageViewRestriction.objects.create(
        page=other, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert {h["guide"]["slug"] for h in search(client, "side effects")["results"]} == {SLUG}
    restriction.delete()
    assert search(client, "side effects", guide="second-guide")["count"] > 0
    # Moved under an unpublished index: unreachable, so not served and not found.
    hidden = demo_guide.get_parent().add_child(instance=type(demo_guide.get_parent().specific)(
        title="Hidden", slug="hidden", live=False))  # fmt: skip
    GuidePage.objects.get(pk=other.pk).move(hidden, pos="last-child")
    assert {h["guide"]["slug"] for h in search(client, "side effects")["results"]} == {SLUG}
    GuidePage.objects.get(pk=demo_guide.pk).delete()
    assert search(client, "side effects")["count"] == 0


# --- locale negotiation and fallback -------------------------------------------------------


def test_a_locale_without_a_translation_searches_the_source_and_says_fallback(client, demo_guide):
    data = search(client, "side effects", locale="fr")
    assert data["requested_locale"] == "fr" and data["count"] > 0
    assert all(h["locale"] == "en" and h["fallback"] is True for h in data["results"])
    header = client.get(SEARCH, {"q": "side effects"}, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert header.json()["requested_locale"] == "de"
    assert header.json()["results"][0]["fallback"] is True


def test_each_guide_is_searched_in_the_locale_the_read_model_serves(client, spanish, import_guide):
    import_guide("second-guide")  # English only
    data = search(client, "side effects", locale="es")
    served = {(h["guide"]["slug"], h["locale"], h["fallback"]) for h in data["results"]}
    assert ("second-guide", "en", True) in served
    assert all(locale == "es" for slug, locale, _ in served if slug == SLUG)
    # The Spanish guide's English text is not searched for a Spanish reader ("redness" is
    # in the English side-effects answer; its reviewed Spanish wording says "enrojecimiento").
    english_only = search(client, "redness", locale="es")
    assert {h["guide"]["slug"] for h in english_only["results"]} == {"second-guide"}


def test_a_guide_can_be_searched_alone(client, spanish, import_guide):
    import_guide("second-guide")
    data = search(client, "sesiones", locale="es", guide=SLUG)
    assert data["count"] > 0 and {h["guide"]["slug"] for h in data["results"]} == {SLUG}
    fallback = search(client, "sessions", locale="es", guide="second-guide")
    assert fallback["count"] > 0
    assert all(h["fallback"] is True and h["locale"] == "en" for h in fallback["results"])


# --- snippets ------------------------------------------------------------------------------


def test_snippets_are_plain_text_and_escaped_html_with_only_mark(client, demo_guide, edit_source):
    raw = demo_guide.get_latest_revision_as_object().body.raw_data
    raw[0]["value"]["items"][0]["value"]["answer"] = (
        "<p>Sessions &lt;script&gt;alert(1)&lt;/script&gt; &amp; "
        "&lt;mark&gt;forged&lt;/mark&gt; <b>bold</b> sessions.</p>"
    )
    edit_source(demo_guide, body=raw)
    hits = search(client, "forged sessions", locale="en")["results"]
    hit = next(h for h in hits if h["item"] and h["item"]["number"] == 1)
    assert "<script>alert(1)</script>" in hit["snippet"]  # plain text: as written
    assert "&lt;script&gt;" in hit["snippet_html"] and "<script" not in hit["snippet_html"]
    assert "&lt;mark&gt;" in hit["snippet_html"]  # the content's own "<mark>" is text
    assert set(re.findall(r"</?([a-z]+)", hit["snippet_html"])) == {"mark"}
    assert "<b>" not in hit["snippet_html"]
    assert "<mark>forged</mark>" in hit["snippet_html"]


def test_long_answers_are_cut_around_the_match(client, demo_guide):
    hit = first_item(search(client, "oncologist", locale="en"))
    assert "<mark>oncologist</mark>" in hit["snippet_html"]
    assert hit["snippet"].startswith("…") and len(hit["snippet"].split()) <= 40


# --- bad input, pagination, throttling, schema -------------------------------------------


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "\t\n\u3000"}])
def test_an_empty_query_is_400_with_the_shared_error_shape(client, demo_guide, params):
    response = client.get(SEARCH, params)
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "empty_query",
            "message": "The query `q` is empty.",
            "details": {"parameter": "q"},
        }
    }


def test_a_long_query_is_cut_to_the_documented_maximum(client, demo_guide, settings):
    data = search(client, "sessions " * 200, locale="en")
    assert data["truncated"] is True and len(data["query"]) <= 200
    assert first_item(data)["item"]["question"] == "Are Multiple Sessions Required?"
    settings.API_SEARCH_MAX_QUERY_LENGTH = 12
    data = search(client, "side effects and more words", locale="en")
    assert data["query"] == "side effects" and data["truncated"] is True


NASTY = [
    '"',
    '"unbalanced',
    "*",
    "sessions*",
    "NEAR(side effects)",
    "side NEAR effects",
    "side AND OR NOT effects",
    "(side",
    "effects)",
    "^side",
    "index_title:side",
    "{index_title index_body}: side",
    "side & effects | !hair <-> loss:*",
    "'side' & 'effects'",
    "-side",
    "+effects",
    "\\",
    "%_%",
    "side'); DROP TABLE api_searchentry; --",
    "🙂 side effects",
    "\u200b\u202e effects",
    "\ue000mark\ue001",
    "ﬁnasteride",
    "\x00",
    "\x01\x02",
]


@pytest.mark.parametrize("query", NASTY)
def test_query_syntax_characters_are_plain_text_never_an_error(client, demo_guide, query):
    data = search(client, query, locale="en")
    assert isinstance(data["results"], list)
    for hit in data["results"]:
        assert set(re.findall(r"</?([a-z]+)", hit["snippet_html"])) <= {"mark"}


def test_operators_are_words_not_syntax(client, demo_guide):
    assert search(client, "sessions*")["results"][0]["item"]["question"] == (
        "Are Multiple Sessions Required?"
    )
    # On either engine "NOT" is not an operator: these find what "side effects" finds.
    plain = search(client, "side effects")
    assert search(client, "NOT side effects")["count"] >= plain["count"] > 0


def test_unknown_locale_and_guide(client, demo_guide):
    response = client.get(SEARCH, {"q": "sessions", "locale": "xx"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unknown_locale"
    response = client.get(SEARCH, {"q": "sessions", "guide": "no-such-guide"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "guide_not_found"


def test_paginated_like_the_list_endpoint(client, demo_guide):
    everything = search(client, "hair", locale="en", page_size=100)
    assert everything["count"] == len(everything["results"]) > 4
    first = search(client, "hair", locale="en", page_size=2)
    assert first["count"] == everything["count"] and len(first["results"]) == 2
    assert first["previous"] is None and "page=2" in first["next"] and "q=hair" in first["next"]
    second = client.get(first["next"]).json()
    assert second["results"] == everything["results"][2:4]
    assert first["results"] == everything["results"][:2]
    response = client.get(SEARCH, {"q": "hair", "page": 999})
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_no_hits_is_an_empty_page(client, demo_guide):
    data = search(client, "zzzzqqq")
    assert data == {
        "count": 0,
        "next": None,
        "previous": None,
        "requested_locale": "en",
        "query": "zzzzqqq",
        "truncated": False,
        "match": "all",
        "results": [],
    }


def test_search_is_throttled_like_the_rest(client, demo_guide, settings):
    settings.API_ANON_RATE = "2/min"
    assert client.get(SEARCH, {"q": "hair"}).status_code == 200
    assert client.get(SEARCH, {"q": "hair"}).status_code == 200
    response = client.get(SEARCH, {"q": "hair"})
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_responses_revalidate_and_are_never_kept_by_a_cdn(client, demo_guide):
    response = client.get(SEARCH, {"q": "hair"})
    assert response["Cache-Control"] == "no-cache"
    again = client.get(SEARCH, {"q": "hair"}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_rebuild_api_rebuilds_the_index(client, demo_guide, run_command):
    SearchEntry.objects.all().delete()
    assert search(client, "side effects")["count"] == 0
    out = run_command("rebuild_api")
    assert "search index: 1 snapshot(s) indexed" in out
    assert first_item(search(client, "side effects"))["item"]["number"] == 9


def test_a_migrate_after_the_analysis_changed_reindexes_what_was_built_before(
    client, demo_guide, monkeypatch
):
    """A deploy that changes the analysis (ANALYSIS_VERSION) must not leave rows that
    queries analysed the new way can no longer match: post-migrate re-indexes them."""
    from django.apps import apps

    from api.read_model import invalidation as handlers
    from api.search import indexing

    before = set(SearchEntry.objects.values_list("index_version", flat=True))
    monkeypatch.setattr(indexing, "ANALYSIS_VERSION", "next")
    handlers._after_migrate(apps.get_app_config("api"), using="default")
    after = set(SearchEntry.objects.values_list("index_version", flat=True))
    assert after and after.isdisjoint(before)
    assert all(v.split(":")[2] == "next" for v in after)
    assert first_item(search(client, "side effects"))["item"]["number"] == 9

    # Nothing changed since: the next migrate writes nothing.
    ids = set(SearchEntry.objects.values_list("pk", flat=True))
    handlers._after_migrate(apps.get_app_config("api"), using="default")
    assert set(SearchEntry.objects.values_list("pk", flat=True)) == ids

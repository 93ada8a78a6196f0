"""The search index underneath the endpoint: each engine's structures, analysis parity, CJK.

The parity test is the point of the Python analysis: on PostgreSQL it asks the server's
own `guide_<language>` configurations and checks the Python mirror (used by SQLite
FTS5 and by the highlighter) yields the same lexemes.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from api.models import GuideSnapshot, SearchEntry
from api.search import analysis
from api.search.languages import LANGUAGES, PG_CONFIGS, search_language

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/search/"


def test_the_engine_index_and_its_triggers_exist():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'api_searchentry_fts%'")
            names = {row[0] for row in cursor.fetchall()}
            assert {
                "api_searchentry_fts",
                "api_searchentry_fts_insert",
                "api_searchentry_fts_delete",
                "api_searchentry_fts_update",
            } <= names
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'api_searchentry'::regclass "
                "AND NOT tgisinternal"
            )
            assert [row[0] for row in cursor.fetchall()] == ["api_searchentry_vector"]
            cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname LIKE 'guide_%%'")
            assert set(PG_CONFIGS) <= {row[0] for row in cursor.fetchall()}
    assert {lang.pg_config for lang in LANGUAGES.values()} <= set(PG_CONFIGS)


def test_entries_follow_their_snapshot_and_the_engine_index_follows_the_rows(demo_guide):
    snapshot = GuideSnapshot.objects.get()
    entries = SearchEntry.objects.filter(snapshot=snapshot)
    assert entries.count() == 1 + 15  # the guide (title + intro) and every FAQ item
    assert entries.filter(kind="guide").get().question == demo_guide.title
    assert _engine_rows() == entries.filter(body__icontains="hair").count() > 10
    snapshot.delete()
    assert not SearchEntry.objects.exists()
    assert _engine_rows() == 0  # no orphan left in the engine's own index


def _engine_rows() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Only rows the FTS index itself still matches (a stale one would still match).
            cursor.execute(
                "SELECT count(*) FROM api_searchentry_fts WHERE api_searchentry_fts MATCH 'hair'"
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM api_searchentry WHERE search_vector @@ 'hair'::tsquery"
            )
        return cursor.fetchone()[0]


def test_republishing_unchanged_content_does_not_reindex(demo_guide, edit_source):
    before = set(SearchEntry.objects.values_list("pk", flat=True))
    edit_source(demo_guide)  # a new revision with the same content
    assert set(SearchEntry.objects.values_list("pk", flat=True)) == before
    edit_source(demo_guide, title="Exosomes and hair loss")
    assert SearchEntry.objects.get(kind="guide").question == "Exosomes and hair loss"


def test_migrate_fills_an_empty_index_from_existing_snapshots(demo_guide, client):
    SearchEntry.objects.all().delete()  # as after deploying 0003 on a database with guides
    call_command("migrate", "api", verbosity=0)
    assert client.get(SEARCH, {"q": "side effects"}).json()["count"] > 0


SAMPLES = {
    "en": "How many Sessions are needed? Side-effects of the therapies, naïve patients' results",
    "es": "¿Cuántas sesiones se necesitan? La caída del cabello, más efectos secundarios",
    "fr": "Combien de séances faut-il ? Les effets secondaires et la chute des cheveux",
    "de": "Wie viele Sitzungen? Nebenwirkungen für Haarausfall, Größe und Ärzte",
    "pt-BR": "Quantas sessões são necessárias? Efeitos colaterais da queda de cabelo",
    "ar": "كم عدد الجلسات المطلوبة؟ الآثار الجانبية لتساقط الشعر",
}


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_python_analysis_matches_postgresql(code):
    if connection.vendor != "postgresql":
        pytest.skip("compares with PostgreSQL's configurations (make test-prod)")
    language = search_language(code)
    text = analysis.prepare(SAMPLES[code])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(to_tsvector(%s::regconfig, %s))", [language.pg_config, text]
        )
        lexemes = set(cursor.fetchone()[0])
    python = {t.term for t in analysis.terms(text, language) if t.term}
    # PostgreSQL also indexes a hyphenated word whole ("side-effect"); words are the same.
    assert python == {lexeme for lexeme in lexemes if "-" not in lexeme}


def test_chinese_is_matched_by_character_bigrams(client, demo_guide, translate):
    translate(demo_guide, "zh-Hans", answer="<p>外泌体疗法可以减少脱发\uff0c疗程通常需要几次。</p>")
    data = client.get(SEARCH, {"q": "减少脱发", "locale": "zh-Hans"}).json()
    assert data["count"] == 15 and data["results"][0]["locale"] == "zh-Hans"
    assert "<mark>减少脱发</mark>" in data["results"][0]["snippet_html"]
    assert client.get(SEARCH, {"q": "脱发治疗", "locale": "zh-Hans"}).json()["match"] == "any"
    assert client.get(SEARCH, {"q": "头痛", "locale": "zh-Hans"}).json()["count"] == 0


def test_arabic_is_matched_word_by_word(client, demo_guide, translate):
    translate(demo_guide, "ar", answer="<p>العلاج بالإكسوسومات آمن لمعظم المرضى.</p>")
    data = client.get(SEARCH, {"q": "آمن", "locale": "ar"}).json()
    assert data["count"] == 15 and data["results"][0]["fallback"] is False
    assert "<mark>آمن</mark>" in data["results"][0]["snippet_html"]
    assert client.get(SEARCH, {"q": "العلاج", "locale": "ar"}).json()["count"] == 15

"""Delta sync: a client applying every answer in order ends with the server's state."""

from __future__ import annotations

import pytest
from django.core import signing

from api.read_model.sync import SALT
from content.models import GuidePage

pytestmark = pytest.mark.django_db


class OfflineApp:
    """What a mobile app does: keep guides by id, apply each answer, keep the token."""

    def __init__(self, client, locale: str):
        self.client = client
        self.locale = locale
        self.guides: dict[str, dict] = {}
        self.token: str | None = None
        self.answers = 0

    def sync(self) -> dict:
        params = {"locale": self.locale}
        if self.token:
            params["since"] = self.token
        response = self.client.get("/api/v1/sync/", params)
        assert response.status_code == 200, response.content
        answer = response.json()
        if answer["full"]:
            self.guides = {}
        for guide in answer["changed"]:
            self.guides[guide["id"]] = guide
        for guide_id in answer["removed"]:
            self.guides.pop(guide_id, None)
        self.token = answer["token"]
        self.answers += 1
        return answer


def server_state(client, locale: str) -> dict[str, dict]:
    bundle = client.get(f"/api/v1/bundles/{locale}/").json()
    return {guide["id"]: guide for guide in bundle["guides"]}


def test_sync_converges_over_publish_edit_unpublish_delete(
    client, demo_guide, translate, edit_source, import_guide
):
    eager = OfflineApp(client, "es")  # syncs after every step
    lazy = OfflineApp(client, "es")  # syncs once at the start and once at the end
    eager.sync()
    lazy.sync()
    assert eager.guides == server_state(client, "es") and len(eager.guides) == 1

    pages: dict[str, GuidePage] = {}

    def fresh(key: str) -> GuidePage:
        return GuidePage.objects.get(pk=pages[key].pk)

    steps = [
        ("translate to es", lambda: pages.update(es=translate(demo_guide, "es"))),
        ("publish a second guide", lambda: pages.update(second=import_guide("second-guide"))),
        ("edit the source", lambda: edit_source(demo_guide, title="Edited source")),
        ("edit the translation", lambda: translate(demo_guide, "es", answer="<p>nuevo</p>")),
        ("unpublish the translation", lambda: fresh("es").unpublish()),
        ("unpublish the second guide", lambda: fresh("second").unpublish()),
        ("republish the second guide", lambda: edit_source(fresh("second"), title="Back again")),
        (
            "delete the demo guide in every locale",
            lambda: GuidePage.objects.filter(translation_key=demo_guide.translation_key).delete(),
        ),
    ]
    seen_removed = False
    for name, step in steps:
        step()
        answer = eager.sync()
        seen_removed |= bool(answer["removed"])
        assert eager.guides == server_state(client, "es"), name
        assert answer["full"] is False, name
    lazy.sync()
    assert lazy.guides == eager.guides == server_state(client, "es")
    assert [g["title"] for g in eager.guides.values()] == ["Back again"]
    assert seen_removed
    # Nothing changed since: an empty answer that keeps the client where it is.
    answer = eager.sync()
    assert answer["changed"] == [] and answer["removed"] == []


def test_answers_track_the_locale_view_including_fallbacks(client, demo_guide, translate):
    app = OfflineApp(client, "fr")
    first = app.sync()
    assert first["full"] is True
    assert [g["fallback"] for g in first["changed"]] == [True]
    translate(demo_guide, "fr")
    answer = app.sync()
    assert [(g["locale"], g["fallback"]) for g in answer["changed"]] == [("fr", False)]
    translate(demo_guide, "es")  # another locale: fr's guide changes (available_locales)
    answer = app.sync()
    assert answer["changed"][0]["available_locales"] == ["en", "es", "fr"]


def test_garbage_token_is_a_clear_400(client, demo_guide):
    response = client.get("/api/v1/sync/", {"locale": "es", "since": "garbage"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_sync_token"
    forged = "es:1:not-a-signature"
    assert client.get("/api/v1/sync/", {"locale": "es", "since": forged}).status_code == 400


def test_token_of_another_locale_is_refused(client, demo_guide):
    token = client.get("/api/v1/sync/", {"locale": "fr"}).json()["token"]
    response = client.get("/api/v1/sync/", {"locale": "es", "since": token})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "sync_token_locale_mismatch"


def test_token_from_a_reset_server_gets_a_full_resync(client, demo_guide):
    token = signing.Signer(salt=SALT).sign("es:999999")
    answer = client.get("/api/v1/sync/", {"locale": "es", "since": token}).json()
    assert answer["full"] is True
    assert len(answer["changed"]) == 1
    assert answer["token"] != token


def test_starting_from_a_bundle_costs_no_second_download(client, demo_guide, edit_source):
    """First download from the CDN-cacheable bundle, then a token for it, then deltas."""
    bundle = client.get("/api/v1/bundles/en/").json()
    answer = client.get("/api/v1/sync/", {"locale": "en", "bundle": bundle["version"]}).json()
    assert answer["full"] is False and answer["changed"] == [] and answer["removed"] == []
    edit_source(demo_guide, title="Edited title")
    delta = client.get("/api/v1/sync/", {"locale": "en", "since": answer["token"]}).json()
    assert delta["full"] is False
    assert [g["title"] for g in delta["changed"]] == ["Edited title"]


def test_a_stale_bundle_gets_the_full_state(client, demo_guide, edit_source):
    stale = client.get("/api/v1/bundles/en/").json()["version"]
    edit_source(demo_guide, title="Edited title")
    answer = client.get("/api/v1/sync/", {"locale": "en", "bundle": stale}).json()
    assert answer["full"] is True
    assert [g["title"] for g in answer["changed"]] == ["Edited title"]
    # `since` wins over `bundle`: a client with a token is past its bundle.
    token = answer["token"]
    again = client.get("/api/v1/sync/", {"locale": "en", "since": token, "bundle": stale}).json()
    assert again["full"] is False and again["changed"] == []


def test_a_first_sync_on_a_current_process_reads_no_snapshot(
    client, demo_guide, edit_source, monkeypatch
):
    """New installs start with a tokenless sync (or one from a bundle): when this process
    is at the database's generation, its read model answers and the snapshot table (every
    guide's document) is not read again; one that lags reads the table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from api.read_model import generation

    edit_source(demo_guide, title="Edited before the first sync")
    bundle = client.get("/api/v1/bundles/en/").json()
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/api/v1/sync/", {"locale": "en"}).json()
        from_bundle = client.get("/api/v1/sync/", {"locale": "en", "bundle": bundle["version"]})
    assert not [q for q in queries if "api_guidesnapshot" in q["sql"]]
    assert first["changed"][0]["title"] == "Edited before the first sync"
    assert from_bundle.json()["changed"] == [] and from_bundle.json()["full"] is False

    # A process behind the database (another process published): the table answers.
    monkeypatch.setattr(generation.generations, "current", generation.Generation(0, 0))
    with CaptureQueriesContext(connection) as queries:
        lagging = client.get("/api/v1/sync/", {"locale": "en"}).json()
    assert [q for q in queries if "api_guidesnapshot" in q["sql"]]
    assert lagging["changed"][0]["title"] == "Edited before the first sync"

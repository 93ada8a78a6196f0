"""PostgreSQL down: warm and freshly started app processes keep serving published content.

The app servers reach the shared PostgreSQL through a proxy this test cuts (a stopped or
restarting server: connections refused and reset); the server itself is never stopped. Redis (the shared test database) stays up: a process that starts during the
outage learns the current generation from Redis's copy of it and serves Redis's entries.
"""

from __future__ import annotations

import json

import pytest

from api.read_model import generation
from tests.production.client import fetch, publish_title, wait_for_title
from tests.production.conftest import database_url_via, wait_until

pytestmark = pytest.mark.production

SLUG = "exosome-hair-loss"
READS = [
    f"/api/v1/guides/{SLUG}/?locale=en",
    f"/api/v1/guides/{SLUG}/?locale=fr",
    f"/api/v1/guides/{SLUG}/faq.jsonld?locale=en",
    "/api/v1/bundles/en/",
    "/api/v1/guides/?locale=en",
    "/api/v1/sync/?locale=fr",
    "/api/v1/locales/",
]


def test_warm_and_fresh_processes_serve_while_postgres_is_down(
    demo_guide, postgres_proxy, start_app_server
):
    env = {"DATABASE_URL": database_url_via(postgres_proxy), "API_ANON_RATE": "100000/min"}
    warm = start_app_server(**env)
    before = {}
    for path in READS:
        fetch(warm.base + path)  # fills Redis (shared) and the process copy
        answer = fetch(warm.base + path)
        assert answer.status == 200, (path, answer.body[:300])
        before[path] = answer
    token = json.loads(before["/api/v1/sync/?locale=fr"].body)["token"]
    current = f"/api/v1/sync/?locale=fr&since={token}"
    up_to_date = fetch(warm.base + current)
    assert json.loads(up_to_date.body)["changed"] == []

    # A running process copies the generation to Redis within a poll (0.2 s); a process
    # started during an outage learns it from there (without it, sync cannot answer).
    wait_until(lambda: generation.read_mirror() is not None, timeout=5, what="the mirror")
    postgres_proxy.cut()
    fresh = start_app_server(**env)  # nothing in memory, no database: Redis serves it
    for server in (warm, fresh):
        for path, answer in before.items():
            got = fetch(server.base + path)
            assert got.seconds < 1.0, (server.base, path, got.seconds)
            assert got.status == 200, (server.base, path, got.body[:300])
            assert (got.body, got.etag) == (answer.body, answer.etag), (server.base, path)
        # An app already at the current token is told so, from memory.
        got = fetch(server.base + current)
        assert (got.status, got.body) == (200, up_to_date.body)

    postgres_proxy.restore()
    publish_title(demo_guide, "Exosome hair loss: after the database came back")
    url = f"/api/v1/guides/{SLUG}/?locale=en"
    for server in (warm, fresh):
        took = wait_for_title(
            server.base + url, "Exosome hair loss: after the database came back", within=5
        )
        assert took < 5, took


def test_what_no_store_holds_is_a_clear_503_not_a_hang(
    demo_guide, postgres_proxy, start_app_server
):
    """A guide nobody read before the outage: neither copy holds it, the database is gone."""
    env = {"DATABASE_URL": database_url_via(postgres_proxy), "API_ANON_RATE": "100000/min"}
    server = start_app_server(**env)
    assert fetch(server.base + f"/api/v1/guides/{SLUG}/?locale=en").status == 200
    postgres_proxy.cut()
    answer = fetch(server.base + "/api/v1/guides/never-read/?locale=en")
    assert answer.status == 503, answer.body[:300]
    assert answer.seconds < 1.0
    assert json.loads(answer.body)["error"]["code"] == "unavailable"
    assert int(answer.headers["Retry-After"]) >= 1

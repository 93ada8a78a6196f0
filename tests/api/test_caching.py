"""ETags, 304s, Cache-Control, versions that change when and only when content changes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import GuideChange
from api.read_model import store as read_model

DETAIL = "/api/v1/guides/exosome-hair-loss/"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        DETAIL + "?locale=es",
        DETAIL + "?locale=fr",
        DETAIL + "faq.jsonld?locale=es",
        "/api/v1/bundles/es/",
        "/api/v1/guides/?locale=es",
        "/api/v1/locales/",
        "/api/v1/sync/?locale=es",
    ],
)
def test_conditional_get_round_trip(client, demo_guide, translate, url):
    translate(demo_guide, "es")
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert first["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    # A weakened tag (what gzip hands out) and a list of tags still match.
    assert client.get(url, HTTP_IF_NONE_MATCH=f'"nope", W/{etag}').status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_etag_changes_with_content_and_304_stops(client, demo_guide, edit_source):
    etag = client.get(DETAIL)["ETag"]
    edit_source(demo_guide, title="A new title")
    response = client.get(DETAIL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["title"] == "A new title"


def test_shared_cache_headers(client, demo_guide):
    response = client.get(DETAIL)
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=3600"
    assert f"api-guide-{demo_guide.translation_key}" in response["Surrogate-Key"].split()
    assert "api-locale-en" in response["Cache-Tag"].split(",")


def test_version_only_changes_when_content_changes(client, demo_guide, edit_source, translate):
    bundle = client.get("/api/v1/bundles/en/").json()
    detail = client.get(DETAIL).json()
    changes = GuideChange.objects.count()
    # Republishing identical content: same version, same updated_at, no sync entry.
    edit_source(demo_guide)
    assert client.get("/api/v1/bundles/en/").json()["version"] == bundle["version"]
    assert client.get(DETAIL).json() == detail
    assert GuideChange.objects.count() == changes
    # A translation elsewhere changes the source's available_locales: new version.
    translate(demo_guide, "es")
    after = client.get(DETAIL).json()
    assert after["version"] != detail["version"]
    assert client.get("/api/v1/bundles/en/").json()["version"] != bundle["version"]
    # Editing the text changes it too.
    edit_source(demo_guide, conclusion="<p>Changed conclusion.</p>")
    final = client.get(DETAIL).json()
    assert final["version"] != after["version"]
    assert final["conclusion"]["text"] == "Changed conclusion."


SCRIPT = textwrap.dedent(
    """
    import django, sys
    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from api.models import GuideSnapshot
    if sys.argv[1] == "setup":
        call_command("migrate", verbosity=0)
        call_command("sync_locales", verbosity=0)
        call_command("import_guide", sys.argv[2], "--slug", "exosome-hair-loss", "--publish")
    else:
        GuideSnapshot.objects.all().delete()  # this process builds the read model itself
        call_command("rebuild_api")
    cache.clear()
    for url in ["/api/v1/guides/exosome-hair-loss/", "/api/v1/bundles/fr/",
                "/api/v1/guides/exosome-hair-loss/faq.jsonld"]:
        print("ETAG", url, Client().get(url)["ETag"])
    """
)


def _etags(tmp_path: Path, *args: str, hashseed: str) -> list[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "VAR_DIR": str(tmp_path),
        "PYTHONHASHSEED": hashseed,
    }
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if line.startswith("ETAG")]


def test_etag_is_equal_across_processes(tmp_path, seed_path):
    built_on_publish = _etags(tmp_path, "setup", str(seed_path), hashseed="1")
    rebuilt_elsewhere = _etags(tmp_path, "rebuild", hashseed="2")
    rebuilt_again = _etags(tmp_path, "rebuild", hashseed="3")
    assert len(built_on_publish) == 3
    assert built_on_publish == rebuilt_elsewhere == rebuilt_again


def test_warm_requests_need_neither_the_shared_cache_nor_the_database(client, demo_guide):
    """The process's own copy answers: emptying Redis/locmem changes nothing, costs nothing."""
    from django.core.cache import cache

    first = client.get(DETAIL)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(DETAIL)
    assert queries.captured_queries == []
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert cache.get(read_model.guide_key("en", "exosome-hair-loss")) is None  # not refilled


def test_a_publish_in_this_process_is_served_at_once(client, demo_guide, edit_source):
    client.get(DETAIL)  # held in the process copy and the shared cache
    edit_source(demo_guide, title="Changed here")
    assert client.get(DETAIL).json()["title"] == "Changed here"


def test_shared_entries_of_another_generation_are_never_served(
    client, demo_guide, django_capture_on_commit_callbacks
):
    """What another process (or this one, before an outage) stored under an older
    generation is refused: the entry is rebuilt from the snapshots and re-tagged."""
    import dataclasses

    from django.core.cache import cache

    from api.read_model import generation

    key = read_model.guide_key("en", "exosome-hair-loss")
    served = client.get(DETAIL)
    tag, held = cache.get(key)
    assert tag == generation.current().content
    stale = dataclasses.replace(
        held, document=held.document.replace(b'"title":"', b'"title":"OLD ')
    )
    cache.set(key, (tag - 1, stale))
    read_model.local_copy().clear()
    assert client.get(DETAIL).content == served.content
    assert cache.get(key) == (tag, held)


def test_a_newer_generation_drops_the_process_copy(client, demo_guide):
    """What the watcher does when another process commits: a higher generation seen."""
    from django.core.cache import cache

    from api.read_model import generation

    client.get(DETAIL)
    assert read_model.local_copy().stats()["entries"] > 0
    now = generation.current()
    key = read_model.guide_key("en", "exosome-hair-loss")
    assert cache.get(key)[0] == now.content
    generation.generations.observe(generation.Generation(now.content + 1, now.keys))
    assert read_model.local_copy().stats()["entries"] == 0
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DETAIL).status_code == 200
    # The shared entry was tagged with the old generation: refused, rebuilt from snapshots.
    assert any("api_guidesnapshot" in q["sql"] for q in queries.captured_queries)
    assert cache.get(key)[0] == now.content + 1


# --- Keyed and anonymous answers in browser and shared caches -----------------------------


def may_reuse(response, stored_for: dict[str, str], request: dict[str, str], *, shared: bool):
    """RFC 9111: may a cache that stored `response` for the request headers `stored_for`
    answer `request` with it, without asking the server? (`shared`: a CDN or Varnish; else
    a browser's own cache.)"""
    directives = {
        d.strip().split("=", 1)[0].lower() for d in response["Cache-Control"].split(",") if d
    }
    if "no-store" in directives or (shared and "private" in directives):
        return False  # never stored
    authorized = "authorization" in {h.lower() for h in stored_for}
    if shared and authorized and not directives & {"public", "s-maxage", "must-revalidate"}:
        return False  # RFC 9111 3.5: not stored
    if "no-cache" in directives:
        return False  # stored, but only used after the server said it is still good
    vary = [h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()]
    lowered = ({k.lower(): v for k, v in d.items()} for d in (stored_for, request))
    stored, asked = lowered
    return "*" not in vary and all(stored.get(h) == asked.get(h) for h in vary)


def _meta(headers: dict[str, str]) -> dict[str, str]:
    return {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}


def _key_headers(style: str, raw: str) -> dict[str, str]:
    return {"X-API-Key": raw} if style == "x-api-key" else {"Authorization": f"Api-Key {raw}"}


@pytest.mark.parametrize("style", ["x-api-key", "authorization"])
def test_a_browser_never_shows_a_cached_guide_for_a_wrong_or_revoked_key(client, demo_guide, style):
    """Tester's reproduction: a browser with the guide cached showed it for a wrong or
    revoked key (public, max-age=60 without Vary on the key), so a clinic developer never
    saw the key error."""
    from api.access.keys import create_api_key, revoke_api_key

    created = create_api_key("Clinic A")
    good = _key_headers(style, created.raw_key)
    wrong = _key_headers(style, "gk_00000000_wrong")

    anonymous = client.get(DETAIL)
    keyed = client.get(DETAIL, **_meta(good))
    assert anonymous.status_code == keyed.status_code == 200
    for stored, stored_for in ((anonymous, {}), (keyed, good)):
        assert not may_reuse(stored, stored_for, wrong, shared=False)
    assert not may_reuse(anonymous, {}, good, shared=False)
    assert not may_reuse(keyed, good, {}, shared=False)
    # The same key again: the browser asks the server (a 304 while the key is good)...
    assert not may_reuse(keyed, good, good, shared=False)
    again = client.get(DETAIL, HTTP_IF_NONE_MATCH=keyed["ETag"], **_meta(good))
    assert again.status_code == 304
    # ... which refuses it once the key is revoked.
    revoke_api_key(created.key)
    refused = client.get(DETAIL, HTTP_IF_NONE_MATCH=keyed["ETag"], **_meta(good))
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "invalid_api_key"


@pytest.mark.parametrize("style", ["x-api-key", "authorization"])
@pytest.mark.parametrize(
    "url", [DETAIL, DETAIL + "faq.jsonld", "/api/v1/bundles/en/", "/api/v1/guides/"]
)
def test_a_shared_cache_keeps_anonymous_answers_and_never_keyed_ones(
    client, demo_guide, style, url
):
    from api.access.keys import create_api_key

    key = _key_headers(style, create_api_key("Clinic A").raw_key)
    anonymous = client.get(url)
    keyed = client.get(url, **_meta(key))
    assert anonymous["Cache-Control"] == "public, max-age=60, s-maxage=3600"
    assert may_reuse(anonymous, {}, {}, shared=True)  # a CDN still serves anonymous readers
    assert not may_reuse(anonymous, {}, key, shared=True)  # but not to a key
    assert keyed["Cache-Control"] == "private, no-cache"
    for asking in ({}, key):
        assert not may_reuse(keyed, key, asking, shared=True)
    assert keyed["ETag"] == anonymous["ETag"]  # revalidation still saves the body


def test_keyed_sync_and_search_are_private_too(client, demo_guide):
    from api.access.keys import create_api_key

    raw = create_api_key("Clinic A").raw_key
    for url in ("/api/v1/sync/?locale=en", "/api/v1/search/?q=hair"):
        assert client.get(url)["Cache-Control"] == "no-cache"
        assert client.get(url, HTTP_X_API_KEY=raw)["Cache-Control"] == "private, no-cache"

"""ETags, 304s, Cache-Control, versions that change when and only when content changes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from api.models import GuideChange

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


def test_process_copy_is_dropped_by_a_local_publish_and_expires_for_remote_ones(
    client, demo_guide, edit_source, settings, monkeypatch
):
    import dataclasses

    from django.core.cache import cache

    from api import read_model

    settings.API_PROCESS_CACHE_SECONDS = 5
    client.get(DETAIL)
    # A publish in this process: visible at once.
    edit_source(demo_guide, title="Changed here")
    assert client.get(DETAIL).json()["title"] == "Changed here"
    # Another process published: the shared cache now holds a newer entry.
    key = read_model.guide_key("en", "exosome-hair-loss")
    shared = cache.get(key)
    newer = dataclasses.replace(
        shared, document=shared.document.replace(b"Changed here", b"Changed elsewhere")
    )
    cache.set(key, newer)
    assert client.get(DETAIL).json()["title"] == "Changed here"  # this process's copy
    later = read_model.time.monotonic() + 6
    monkeypatch.setattr(read_model.time, "monotonic", lambda: later)
    assert client.get(DETAIL).json()["title"] == "Changed elsewhere"  # copy expired

"""How the reader's shell and the embed's modules are served (no browser needed)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders

from clients import files

pytestmark = pytest.mark.django_db


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_reader_page_needs_no_inline_script_or_style(client):
    """What a `script-src 'self'; style-src 'self'` Content-Security-Policy allows."""
    response = client.get("/reader/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    parser = _Tags()
    parser.feed(response.content.decode())
    tags = parser.tags
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert scripts and all(attrs.get("src", "").startswith("/static/") for attrs in scripts)
    assert not [tag for tag, _ in tags if tag == "style"]
    assert not [(t, a) for t, a in tags for name in a if name == "style" or name.startswith("on")]
    manifest = [a["href"] for t, a in tags if t == "link" and a.get("rel") == "manifest"]
    assert manifest == ["/reader/manifest.webmanifest"]


def test_service_worker_caches_an_existing_shell(client):
    response = client.get("/reader/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/reader/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", body).group(1))
    assert shell[:2] == ["/reader/", "/reader/manifest.webmanifest"]
    assert "/static/clients/web/reader/app.js" in shell
    for url in shell[2:]:
        assert finders.find(url.removeprefix("/static/")), url
    version = re.search(r'const CACHE = "reader-shell-(\w+)";', body).group(1)
    assert version == files.shell_version(client.get("/reader/").content)


def test_manifest_makes_the_reader_installable(client):
    response = client.get("/reader/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["start_url"] == manifest["scope"] == "/reader/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon


def test_embed_script_has_a_stable_url_short_max_age_etag_and_cors(client, settings):
    response = client.get("/embed/v1/health-guide.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == f"public, max-age={settings.EMBED_MAX_AGE}"
    assert response["Access-Control-Allow-Origin"] == "*"
    etag = response["ETag"]
    assert client.get("/embed/v1/health-guide.js", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert response.content == (files.WEB_DIR / "health-guide.js").read_bytes()
    # Its imports are served the same way, relative to it.
    imports = re.findall(r'from "\./([\w-]+\.js)"', response.content.decode())
    assert {"api.js", "nodes.js"} <= set(imports)
    for name in imports:
        assert client.get(f"/embed/v1/{name}")["Access-Control-Allow-Origin"] == "*"


def test_the_embeds_message_catalogues_are_served_beside_it(client, settings):
    """i18n.js fetches ./i18n/<code>.json relative to itself: under /embed/v1/ for a
    clinic's page (another origin), under /static/ for the reader (in its offline shell)."""
    response = client.get("/embed/v1/i18n/ar.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == f"public, max-age={settings.EMBED_MAX_AGE}"
    assert json.loads(response.content)["direction"] == "rtl"
    assert (
        client.get("/embed/v1/i18n/ar.json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    )
    assert client.get("/embed/v1/i18n/xx.json").status_code == 404
    assert client.get("/embed/v1/i18n/..%2Fi18n.js").status_code == 404
    body = client.get("/reader/sw.js").content.decode()
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", body).group(1))
    for path in sorted(files.CATALOGUE_DIR.glob("*.json")):
        assert f"/static/clients/web/i18n/{path.name}" in shell


@pytest.mark.parametrize(
    "path", ["/embed/v1/missing.js", "/embed/v1/reader/app.js", "/embed/v1/..%2Fviews.py"]
)
def test_only_the_embed_modules_are_served_there(client, path):
    assert client.get(path).status_code == 404


HTML_SINKS = re.compile(
    r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment"
    r"|\beval\(|new Function|setAttribute\(\s*[\"'](on|style)"
)


def test_client_code_never_turns_strings_into_markup():
    """Content is only ever rendered with createElement / text nodes (nodes.js, dom.js)."""
    sources = sorted(files.WEB_DIR.rglob("*.js"))
    assert len(sources) >= 10
    for path in sources:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            assert not HTML_SINKS.search(line), f"{path.name}:{number}: {line.strip()}"

"""Frontend-cache purge: a local HTTP receiver stands in for Varnish and records PURGEs."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = pytest.mark.django_db


class Recorder(BaseHTTPRequestHandler):
    requests: list[tuple[str, str, str]] = []

    def do_PURGE(self):
        Recorder.requests.append((self.command, self.path, self.headers.get("Host")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Recorder.requests = []
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    settings.API_PUBLIC_BASE_URL = "https://api.example.org"
    yield Recorder.requests
    server.shutdown()
    server.server_close()


def api_purges(requests) -> set[str]:
    return {path for method, path, host in requests if path.startswith("/api/")}


def test_publishing_a_translation_purges_the_api_urls(
    varnish, demo_guide, translate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        translate(demo_guide, "es")
    purged = api_purges(varnish)
    for expected in (
        "/api/v1/guides/exosome-hair-loss/?locale=es",
        "/api/v1/guides/exosome-hair-loss/faq.jsonld?locale=es",
        "/api/v1/guides/?locale=es",
        "/api/v1/bundles/es/",
        "/api/v1/guides/exosome-hair-loss/?locale=fr",  # fr falls back to en, which changed
        "/api/v1/bundles/fr/",
        "/api/v1/guides/exosome-hair-loss/",  # negotiated by Accept-Language
    ):
        assert expected in purged, expected
    assert {host for _m, path, host in varnish if path.startswith("/api/")} == {"api.example.org"}
    assert {method for method, _p, _h in varnish} == {"PURGE"}


def test_no_change_no_purge_and_unpublish_purges(
    varnish, demo_guide, edit_source, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edit_source(demo_guide)  # identical content republished
    assert api_purges(varnish) == set()
    with django_capture_on_commit_callbacks(execute=True):
        demo_guide.unpublish()
    assert "/api/v1/guides/exosome-hair-loss/?locale=en" in api_purges(varnish)

"""Several processes, one PostgreSQL and one Redis: what a publish does to the others.

- a second app process (gunicorn, production settings) serves the new content on its very
  next request, because the read model lives in the shared Redis cache;
- the RQ worker (production settings, FRONTEND_CACHE=varnish) sends PURGE requests for the
  affected API URLs to the CDN, here a local HTTP receiver that records them.
"""

from __future__ import annotations

import json
import secrets
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from content.models import GuidePage
from tests.production.conftest import wait_until

pytestmark = pytest.mark.production

SLUG = "exosome-hair-loss"


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:  # 304 and errors arrive here
        return exc.code, dict(exc.headers), exc.read()


def publish_title(page: GuidePage, title: str) -> None:
    """An editor's publish, through Wagtail's revision machinery (signals included)."""
    latest = page.get_latest_revision_as_object()
    latest.title = title
    latest.save_revision().publish()


def test_publish_in_this_process_is_served_by_a_second_process(demo_guide, app_server):
    url = f"{app_server}/api/v1/guides/{SLUG}/?locale=en"
    status, headers, body = fetch(url)
    assert status == 200, body[:300]
    before = json.loads(body)
    assert before["title"] == demo_guide.title
    etag = headers["ETag"]
    assert fetch(url, {"If-None-Match": etag})[0] == 304  # warm in the shared cache

    publish_title(demo_guide, "Exosome therapy for hair loss: what the evidence says")

    status, headers, body = fetch(url, {"If-None-Match": etag})
    assert status == 200, "the old ETag must no longer match in the other process"
    assert json.loads(body)["title"] == "Exosome therapy for hair loss: what the evidence says"
    assert headers["ETag"] != etag


class PurgeReceiver:
    """A stand-in for Varnish/a CDN: records (method, Host, path?query) of each request."""

    def __init__(self) -> None:
        received = self.received = []
        lock = self.lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self) -> None:
                with lock:
                    received.append(("PURGE", self.headers["Host"], self.path))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def snapshot(self) -> set[tuple[str, str, str]]:
        with self.lock:
            return set(self.received)

    def clear(self) -> None:
        with self.lock:
            self.received.clear()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def purge_receiver() -> Iterator[PurgeReceiver]:
    receiver = PurgeReceiver()
    yield receiver
    receiver.close()


def expected_purges(slug: str) -> set[tuple[str, str, str]]:
    from api.purge import affected_urls

    expected = set()
    for url in affected_urls([slug]):
        parts = urlsplit(url)
        expected.add(
            ("PURGE", parts.netloc, parts.path + (f"?{parts.query}" if parts.query else ""))
        )
    return expected


def test_publish_and_unpublish_send_purge_requests_through_the_worker(
    demo_guide, start_worker, rq_backend, purge_receiver
):
    start_worker(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        FRONTEND_CACHE="varnish",
        FRONTEND_CACHE_LOCATION=purge_receiver.url,
    )
    # Purges from setting up the guide must not count: wait until none is queued or running.
    wait_until(
        lambda: rq_backend.count == 0 and rq_backend.started_job_registry.count == 0,
        timeout=60,
        what="the queue to drain",
    )
    purge_receiver.clear()
    expected = expected_purges(SLUG)
    assert any("/api/v1/guides/exosome-hair-loss/" in path for _, _, path in expected)
    assert any("/api/v1/bundles/es/" in path for _, _, path in expected)

    publish_title(demo_guide, "Exosome therapy for hair loss: the evidence")
    wait_until(
        lambda: expected <= purge_receiver.snapshot(),
        timeout=60,
        what=f"PURGE of {sorted(expected - purge_receiver.snapshot())[:3]}...",
    )

    purge_receiver.clear()
    GuidePage.objects.get(pk=demo_guide.pk).unpublish()
    wait_until(
        lambda: expected <= purge_receiver.snapshot(),
        timeout=60,
        what="PURGE of the API URLs after unpublish",
    )

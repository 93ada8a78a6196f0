"""The edge's configuration without a running Varnish: the generated VCL is current and
compiles, and the purge backend sends every URL twice, the second time after the
generation poll has reached every process (api/edge/)."""

from __future__ import annotations

import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from api.edge.purging import EdgePurgeBackend, settle_seconds
from api.edge.vcl import EdgeSite, site_vcl

ROOT = Path(__file__).resolve().parents[2]
VARNISH = ROOT / "deploy" / "varnish"


def test_the_committed_site_vcl_is_what_the_generator_writes_for_the_defaults():
    """deploy/varnish/site.vcl is the example a reader sees: `manage.py edge_vcl` output."""
    assert (VARNISH / "site.vcl").read_text() == site_vcl(EdgeSite())


def test_site_vcl_lists_every_enabled_locale_and_the_cors_headers(settings):
    text = site_vcl(EdgeSite(origin_port=9999, grace="2h"))
    for code in ("en", "es", "pt-BR", "zh-Hans"):
        assert f'set req.http.X-Edge-Mapped = "{code}";' in text
    assert '.port = "9999";' in text
    assert 'X-Edge-Grace-Period = "2h"' in text
    assert ", ".join(settings.CORS_EXPOSE_HEADERS) in text


@pytest.mark.skipif(shutil.which("varnishd") is None, reason="varnishd is not installed")
def test_edge_vcl_compiles_with_varnishd(tmp_path):
    (tmp_path / "site.vcl").write_text(site_vcl(EdgeSite()))
    result = subprocess.run(
        [
            "varnishd",
            "-C",
            "-n",
            str(tmp_path / "instance"),
            "-f",
            str(VARNISH / "edge.vcl"),
            "-p",
            f"vcl_path={tmp_path}:{VARNISH}:/usr/share/varnish/vcl",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]


class _Receiver:
    def __init__(self) -> None:
        self.paths: list[tuple[str, str]] = []
        received = self.paths

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as Varnish answers

            def do_PURGE(self) -> None:
                received.append((self.headers["Host"], self.path))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_purge_batch_sends_each_url_twice_with_the_public_host(settings):
    settings.API_EDGE_PURGE_SETTLE_SECONDS = 0.01
    receiver = _Receiver()
    try:
        backend = EdgePurgeBackend({"LOCATION": receiver.url})
        backend.purge_batch(
            ["https://api.example/api/v1/guides/a/?locale=es", "https://api.example/api/v1/"]
        )
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
    one_round = [
        ("api.example", "/api/v1/guides/a/?locale=es"),
        ("api.example", "/api/v1/"),
    ]
    assert receiver.paths == one_round * 2


def test_settle_follows_the_generation_poll(settings):
    settings.API_EDGE_PURGE_SETTLE_SECONDS = None
    settings.API_GENERATION_POLL_SECONDS = 0.2
    assert settle_seconds() == pytest.approx(0.5)
    settings.API_GENERATION_POLL_SECONDS = 0  # no poll: only this process serves
    assert settle_seconds() == 0


def test_an_unreachable_edge_is_logged_not_raised(settings, caplog):
    settings.API_EDGE_PURGE_SETTLE_SECONDS = 0
    EdgePurgeBackend({"LOCATION": "http://127.0.0.1:9"}).purge("http://x/api/v1/")
    assert "could not purge" in caplog.text

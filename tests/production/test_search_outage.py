"""A database outage on the real stack: search answers 503 in the shared error shape.

gunicorn (production settings, Redis cache) reaches PostgreSQL through a TCP proxy this
test owns; cutting the proxy is the outage (the shared PostgreSQL is never touched).
Search needs the database on every request, so it says it is unavailable, while the
guide endpoints keep serving the read model from Redis. Search reads go through the same
database circuit breaker as every other read of the durable store: once the outage is
seen, searches are refused at once instead of each waiting on a dead connection, and
when the proxy comes back search answers again as soon as the breaker's probe succeeds
(its back-off is at most 5 s).
"""

from __future__ import annotations

import contextlib
import json
import secrets
import socket
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.production.conftest import (
    PYTHON,
    _answers,
    _database_url,
    free_port,
    spawn,
    stop,
    wait_until,
)

pytestmark = pytest.mark.production


class CuttableProxy:
    """Forwards 127.0.0.1:<port> to PostgreSQL; `cut()` drops every connection and
    closes new ones at once (as a dead server looks to a client), `restore()` undoes it."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.running = True
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.open = False
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.sockets.clear()

    def restore(self) -> None:
        self.open = True

    def close(self) -> None:
        self.running = False
        self.cut()
        self.listener.close()


def get(url: str) -> tuple[int, dict, dict]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


@pytest.fixture
def proxied_app(child_env):
    from django.db import connection

    db = connection.settings_dict
    proxy = CuttableProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    url = _database_url().replace(
        f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/", f"@127.0.0.1:{proxy.port}/"
    )
    port = free_port()
    env = {
        **child_env,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "0",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    proc = spawn([str(Path(PYTHON).with_name("gunicorn")), "-c", "cms/gunicorn.conf.py"], env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: proc.poll() is not None or _answers(base), timeout=60, what="gunicorn")
        if proc.poll() is not None:
            pytest.fail(f"gunicorn exited early:\n{stop(proc)}")
        yield base, proxy
    finally:
        stop(proc)
        proxy.close()


def test_search_is_503_while_the_database_is_down_and_guides_are_still_served(
    demo_guide, proxied_app
):
    base, proxy = proxied_app
    search = f"{base}/api/v1/search/?q=side+effects"
    detail = f"{base}/api/v1/guides/exosome-hair-loss/"
    status, _, body = get(search)
    assert status == 200 and body["results"][0]["item"]["number"] == 9
    assert get(detail)[0] == 200  # now in the Redis read model

    proxy.cut()
    status, headers, body = get(search)
    assert status == 503
    assert body == {
        "error": {
            "code": "search_unavailable",
            "message": "Search is temporarily unavailable. Try again shortly.",
            "details": {"retry_after": 5},
        }
    }
    assert headers["Retry-After"] == "5"
    status, _, body = get(detail)  # published content keeps being served from the cache
    assert status == 200 and body["slug"] == "exosome-hair-loss"

    assert get(search)[0] == 503  # refused by the open breaker, not by a new connect

    proxy.restore()
    wait_until(lambda: get(search)[0] == 200, timeout=10, what="search after the outage")
    status, _, body = get(search)
    assert status == 200 and body["count"] > 0

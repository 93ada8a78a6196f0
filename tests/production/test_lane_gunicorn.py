"""The API under a real gunicorn with the WSGI lane on (cms/gunicorn.conf.py, production
settings): what reaches Django after the lane stepped aside is the environ gunicorn built,
and every /api/ answer is the API's JSON, errors included."""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import pytest

from tests.production.client import fetch

pytestmark = pytest.mark.production

DETAIL = "/api/v1/guides/exosome-hair-loss/"


@pytest.fixture
def lane_server(demo_guide, start_app_server) -> str:
    # Error shapes, not throttling: earlier tests in the run may have spent the shared
    # (Redis) anonymous budget of 127.0.0.1 for this minute.
    return start_app_server(API_WSGI_LANE="1", API_ANON_RATE="").base


def assert_json_error(answer, status: int, code: str) -> None:
    assert answer.status == status, answer.body[:300]
    assert answer.headers["Content-Type"].startswith("application/json")
    assert json.loads(answer.body)["error"]["code"] == code


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        # The tester's reproduction: 500 under gunicorn, fine with API_WSGI_LANE=0.
        ("/api/v1/bundles/%F2%99%AD%B9X/", 400, "unknown_locale"),
        ("/api/v1/bundles/%E2%82%AC/", 400, "unknown_locale"),
        ("/api/v1/guides/%F2%99%AD%B9X/", 404, "not_found"),
        ("/api/v1/guides/%F2%99%AD%B9X/faq.jsonld", 404, "not_found"),
        ("/api/v1/nothing/", 404, "not_found"),
        ("/api/v1/nothing", 404, "not_found"),
        ("/api/v2/%F2%99%AD%B9/", 404, "not_found"),
    ],
)
def test_a_path_outside_latin_1_or_unknown_is_a_json_error(lane_server, path, status, code):
    assert_json_error(fetch(lane_server + path), status, code)
    # The server carries on answering (no worker died): the guide itself is served.
    assert fetch(lane_server + DETAIL).status == 200


@pytest.mark.parametrize("path", [DETAIL, "/api/v1/bundles/en/", "/api/v1/nothing/"])
@pytest.mark.parametrize("host", ["evil.example", "evil.example:8080", "[::1", "a b"])
def test_a_host_not_allowed_is_a_json_400(lane_server, path, host):
    assert_json_error(raw_get(lane_server, path, host), 400, "bad_request")


def test_a_regional_locale_is_served_by_the_lane_as_by_django(lane_server):
    answer = fetch(lane_server + DETAIL + "?locale=en-US")
    assert answer.status == 200
    data = json.loads(answer.body)
    assert (data["locale"], data["requested_locale"]) == ("en", "en")
    assert answer.headers["Cache-Control"] == "public, max-age=60"  # no purge names it


class _Raw:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body


def raw_get(base: str, path: str, host: str) -> _Raw:
    """A GET with a Host header no HTTP library would send as is."""
    where = urlsplit(base)
    with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode("latin-1")
        )
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    if headers.get("Transfer-Encoding") == "chunked":
        body = _dechunk(body)
    return _Raw(int(lines[0].split()[1]), headers, body)


def _dechunk(data: bytes) -> bytes:
    out = b""
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        data = rest[size + 2 :]
    return out

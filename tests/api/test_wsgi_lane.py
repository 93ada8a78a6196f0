"""The WSGI lane (api.http.wsgi_lane) answers warm reads exactly as Django's full stack would.

Both are called with the same WSGI environ: the lane must serve (not step aside) and give
the same status, the same headers (Content-Length aside: the lane frames its body, Django
sends it chunked) and the same body (decompressed, for gzip: Django pads its gzip
stream with random bytes).
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.wsgi import get_wsgi_application
from django.test import RequestFactory

from api.access.keys import create_api_key
from api.http.wsgi_lane import ApiWsgiLane

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/guides/exosome-hair-loss/"
URLS = [
    DETAIL + "?locale=en",
    DETAIL + "?locale=es",
    DETAIL + "?locale=fr",  # a fallback to the source
    DETAIL + "faq.jsonld?locale=es",
    "/api/v1/bundles/es/",
    "/api/v1/locales/",
    DETAIL + "?locale=es-MX",  # negotiated to es (no s-maxage: no purge names this URL)
    "/api/v1/bundles/pt/",  # negotiated to pt-BR
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Called as a WSGI server calls it, Django's handler would close the test's database
    connection at request start and end; Django's test client unhooks that the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(app, environ: dict) -> tuple[str, dict[str, str], bytes]:
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    chunks = app(dict(environ), start_response)
    body = b"".join(chunks)
    getattr(chunks, "close", lambda: None)()
    headers = {k: v for k, v in seen["headers"].items() if k != "Content-Length"}
    if headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return seen["status"], headers, body


@pytest.fixture
def both():
    def compare(url: str, **headers) -> tuple[str, dict, bytes]:
        # Built per call: Django's middleware reads settings when it is instantiated.
        django_app = get_wsgi_application()
        lane = ApiWsgiLane(django_app)
        environ = RequestFactory().get(url, **headers).environ
        served = lane._serve(dict(environ), lambda *a: None)
        assert served is not None, f"the lane stepped aside for {url}"
        expected = call(django_app, environ)
        got = call(lane, environ)
        assert got == expected, url
        return got

    return compare


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("encoding", ["", "gzip, deflate, br"])
def test_lane_answers_like_django(both, demo_guide, translate, url, encoding):
    translate(demo_guide, "es")
    status, headers, body = both(url, HTTP_ACCEPT_ENCODING=encoding)
    assert status == "200 OK"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "origin" in headers["Vary"]
    assert body


def test_conditional_and_keyed_requests(both, demo_guide):
    raw = create_api_key("Clinic A").raw_key
    _status, headers, _body = both(DETAIL, HTTP_X_API_KEY=raw)
    status, _h, body = both(DETAIL, HTTP_IF_NONE_MATCH=headers["ETag"], HTTP_X_API_KEY=raw)
    assert status == "304 Not Modified" and body == b""


@pytest.mark.parametrize("header", ["HTTP_X_API_KEY", "HTTP_AUTHORIZATION"])
def test_keyed_answers_are_private_on_both_paths(both, demo_guide, header):
    raw = create_api_key("Clinic A").raw_key
    value = raw if header == "HTTP_X_API_KEY" else f"Api-Key {raw}"
    for url in (DETAIL + "?locale=es", "/api/v1/bundles/en/", "/api/v1/locales/"):
        _status, headers, _body = both(url, **{header: value})
        assert headers["Cache-Control"] == "private, no-cache"
        assert {"authorization", "x-api-key"} <= {
            v.strip().lower() for v in headers["Vary"].split(",")
        }
    _status, anonymous, _body = both(DETAIL)
    assert anonymous["Cache-Control"].startswith("public, ")


def test_https_behind_a_proxy_gets_hsts_like_django(both, demo_guide, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_SSL_REDIRECT = True
    _status, headers, _body = both(DETAIL, HTTP_X_FORWARDED_PROTO="https")
    assert headers["Strict-Transport-Security"].startswith("max-age=3600")


@pytest.mark.parametrize(
    ("url", "headers", "why"),
    [
        (DETAIL, {"HTTP_ORIGIN": "https://clinic.example"}, "CORS is Django's"),
        (DETAIL + "?locale=xx", {}, "an unknown locale is a 400 from DRF"),
        ("/api/v1/guides/no-such-guide/", {}, "a 404 from DRF"),
        ("/api/v1/sync/?locale=es", {}, "sync has no fast path"),
        (DETAIL, {"HTTP_HOST": "evil.example"}, "a host not allowed is a 400"),
        (DETAIL, {"HTTP_X_API_KEY": "gk_00000000_wrong"}, "a bad key is a 401"),
    ],
)
def test_lane_steps_aside(demo_guide, settings, url, headers, why):
    settings.ALLOWED_HOSTS = ["testserver"]
    environ = RequestFactory().get(url, **headers).environ
    lane = ApiWsgiLane(get_wsgi_application())
    assert lane._serve(environ, lambda *a: None) is None, why


def test_lane_steps_aside_for_an_https_redirect(demo_guide, settings):
    settings.SECURE_SSL_REDIRECT = True
    environ = RequestFactory().get(DETAIL).environ
    lane = ApiWsgiLane(get_wsgi_application())
    assert lane._serve(environ, lambda *a: None) is None
    status, headers, _body = call(lane, environ)
    assert status.startswith("301") and headers["Location"].startswith("https://")


def test_lane_can_be_turned_off(demo_guide, settings):
    settings.API_WSGI_LANE = False
    environ = RequestFactory().get(DETAIL).environ
    lane = ApiWsgiLane(get_wsgi_application())
    assert call(lane, environ)[0] == "200 OK"
    seen = {}
    chunks = lane(dict(environ), lambda s, h, e=None: seen.update(h=dict(h)))
    chunks.close()
    assert "Content-Length" not in seen["h"]  # Django's own response, not the lane's


@pytest.mark.parametrize(("value", "expected"), [("0", "False"), ("1", "True"), (None, "True")])
def test_the_lane_is_switched_by_the_environment(value, expected):
    """Operators turn it off with API_WSGI_LANE=0, as docs/api.md says (no code change)."""
    env = {k: v for k, v in os.environ.items() if k != "API_WSGI_LANE"}
    if value is not None:
        env["API_WSGI_LANE"] = value
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from api.http.wsgi_lane import _config; print(_config().enabled)",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == expected


def test_a_request_the_lane_declined_is_not_tried_on_the_fast_path_again(demo_guide, monkeypatch):
    """A 404 costs one fast-path attempt (in the lane), then DRF's answer; not a second
    attempt in Django's lane middleware."""
    from api.http import fastpath

    attempts = []
    real = fastpath.serve
    monkeypatch.setattr(fastpath, "serve", lambda *a: attempts.append(1) or real(*a))
    environ = RequestFactory().get("/api/v1/guides/no-such-guide/").environ
    status, _headers, body = call(ApiWsgiLane(get_wsgi_application()), environ)
    assert status.startswith("404") and b"guide_not_found" in body
    assert len(attempts) == 1


def server_environ(raw_path: bytes, query: bytes = b"") -> dict:
    """An environ as gunicorn builds it: PATH_INFO is the percent-decoded path's raw bytes
    read as Latin-1 (PEP 3333), whatever characters they spell in UTF-8."""
    environ = RequestFactory().get("/").environ
    environ["PATH_INFO"] = raw_path.decode("latin-1")
    environ["QUERY_STRING"] = query.decode("latin-1")
    return environ


@pytest.mark.parametrize(
    ("raw_path", "status", "code"),
    [
        # U+99B79 (4 UTF-8 bytes) in a route with a fast path: the lane tries it, declines.
        (b"/api/v1/bundles/\xf2\x99\xad\xb9X/", "400", "unknown_locale"),
        (b"/api/v1/bundles/\xe2\x82\xac/", "400", "unknown_locale"),  # the euro sign
        (b"/api/v1/guides/\xf2\x99\xad\xb9X/", "404", "not_found"),  # no route matches
        (b"/api/v1/guides/\xf2\x99\xad\xb9X/faq.jsonld", "404", "not_found"),
    ],
)
def test_a_path_outside_latin_1_is_a_json_error_and_the_environ_is_left_as_built(
    demo_guide, raw_path, status, code
):
    """Tester's reproduction: `curl 'http://HOST/api/v1/bundles/%F2%99%AD%B9X/'` answered
    500 under gunicorn: the lane's WSGIRequest wrote the decoded path into the server's
    environ, which Django then failed to re-encode as Latin-1."""
    from api.http.middleware import FASTPATH_DECLINED

    django_app = get_wsgi_application()
    handed_to_django = []

    def recording_django(environ, start_response):
        handed_to_django.append(dict(environ))
        return django_app(environ, start_response)

    environ = server_environ(raw_path)
    as_built = dict(environ)
    seen = {}

    def start_response(status_line, headers, exc_info=None):
        seen["status"], seen["headers"] = status_line, dict(headers)

    chunks = ApiWsgiLane(recording_django)(environ, start_response)
    body = b"".join(chunks)
    getattr(chunks, "close", lambda: None)()

    (given,) = handed_to_django  # what Django got, key for key: the server's environ
    assert {k: v for k, v in given.items() if k != FASTPATH_DECLINED} == as_built
    assert seen["status"].startswith(status)
    assert seen["headers"]["Content-Type"].startswith("application/json")
    assert json.loads(body)["error"]["code"] == code

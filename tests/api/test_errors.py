"""One JSON error shape for every status under /api/, never an HTML page or a traceback."""

from __future__ import annotations

import pytest
from django.test import Client

from api.access.keys import create_api_key

DETAIL = "/api/v1/guides/exosome-hair-loss/"

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert "Traceback" not in response.content.decode()
    return body["error"]


def test_400(client, demo_guide):
    assert_error(client.get(DETAIL + "?locale=tlh"), 400, "unknown_locale")


def test_401_and_403(client, demo_guide, settings):
    assert_error(client.get(DETAIL, HTTP_X_API_KEY="gk_bad"), 401, "invalid_api_key")
    raw = create_api_key("Clinic", origins=["https://clinic.example"]).raw_key
    assert_error(
        client.get(DETAIL, HTTP_X_API_KEY=raw, HTTP_ORIGIN="https://evil.example"),
        403,
        "origin_not_allowed",
    )
    settings.API_ALLOW_ANONYMOUS = False
    assert_error(client.get(DETAIL), 401, "api_key_required")


def test_404_from_a_view_and_from_an_unknown_url(client, demo_guide):
    assert_error(client.get("/api/v1/guides/missing/"), 404, "guide_not_found")
    assert_error(client.get("/api/v1/no/such/endpoint/"), 404, "not_found")
    assert_error(client.get("/api/v1/bundles/es/extra/"), 404, "not_found")


def test_405(client, demo_guide):
    error = assert_error(client.post(DETAIL, {}), 405, "method_not_allowed")
    assert "POST" in error["message"]
    assert_error(client.delete("/api/v1/bundles/es/"), 405, "method_not_allowed")


def test_429(client, demo_guide, settings):
    settings.API_ANON_RATE = "1/min"
    client.get(DETAIL)
    error = assert_error(client.get(DETAIL), 429, "throttled")
    assert error["details"]["retry_after"] >= 1


def test_500_inside_a_view_is_json_without_a_traceback(demo_guide, monkeypatch):
    from api.views import guides

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals /srv/app/settings.py")

    monkeypatch.setattr(guides, "find_guide", explode)
    response = Client(raise_request_exception=False).get(DETAIL)
    error = assert_error(response, 500, "server_error")
    assert "secret internals" not in response.content.decode()
    assert error["message"] == "Internal server error."


def test_500_in_middleware_outside_drf_is_json_too(demo_guide, monkeypatch, settings):
    from api.http import cors

    def explode():
        raise RuntimeError("cache backend down")

    # Partner origins are only consulted when anonymous reads are off (api/http/cors.py).
    settings.API_ALLOW_ANONYMOUS = False
    monkeypatch.setattr(cors, "partner_origins", explode)  # runs in CorsMiddleware
    response = Client(raise_request_exception=False).get(DETAIL, HTTP_ORIGIN="https://x.example")
    assert_error(response, 500, "server_error")
    assert "cache backend down" not in response.content.decode()


def test_non_api_urls_keep_django_pages(client, locales):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def lane_answer(url: str, **headers) -> tuple[int, str, bytes]:
    """The answer through cms.wsgi's stack: the WSGI lane in front of Django's handler."""
    from django.core.wsgi import get_wsgi_application
    from django.test import RequestFactory

    from api.http.wsgi_lane import ApiWsgiLane

    environ = RequestFactory().get(url, **headers).environ
    seen = {}
    chunks = ApiWsgiLane(get_wsgi_application())(
        environ, lambda status, h, exc_info=None: seen.update(status=status, headers=dict(h))
    )
    body = b"".join(chunks)
    getattr(chunks, "close", lambda: None)()
    return int(seen["status"][:3]), seen["headers"].get("Content-Type", ""), body


class _Answer:
    """A lane answer in the shape assert_error reads."""

    def __init__(self, status: int, content_type: str, body: bytes) -> None:
        self.status_code, self.content = status, body
        self._headers = {"Content-Type": content_type}

    def __getitem__(self, name: str) -> str:
        return self._headers[name]

    def json(self):
        import json

        return json.loads(self.content)


@pytest.fixture(params=["django", "lane"])
def get(request, db):
    """GET through Django's handler (test client) or through the WSGI lane in front of it."""
    if request.param == "django":
        yield Client(raise_request_exception=False).get
        return
    # Called as a WSGI server calls it, Django's handler would close the test's database
    # connection at request start and end; Django's test client unhooks that the same way.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield lambda url, **headers: _Answer(*lane_answer(url, **headers))
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nothing/",  # the tester's reproduction (HTML with DEBUG on)
        "/api/v1/nothing",  # no slash, and no route with one: no redirect to a 404 either
        "/api/v1/guides/exosome-hair-loss/extra/",
        "/api/nothing/",
        "/api/v2/guides/",
    ],
)
def test_an_unknown_api_path_is_a_json_404(get, debug, demo_guide, url):
    assert_error(get(url), 404, "not_found")


@pytest.mark.parametrize(
    "url",
    [
        DETAIL,
        "/api/v1/bundles/es/",
        "/api/v1/nothing/",
        "/api/v1/search/?q=hair",
        "/api/v1/schema/",
        "/api/nothing/",
    ],
)
def test_a_host_not_allowed_is_a_json_400(get, debug, demo_guide, settings, url):
    settings.ALLOWED_HOSTS = ["api.example.org"]
    assert_error(get(url, HTTP_HOST="evil.example"), 400, "bad_request")


def test_a_host_not_allowed_on_an_https_redirect_is_a_json_400(get, debug, demo_guide, settings):
    """SecurityMiddleware reads the Host for its redirect, before any API code runs."""
    settings.ALLOWED_HOSTS = ["api.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    assert_error(get(DETAIL, HTTP_HOST="evil.example"), 400, "bad_request")


def test_an_api_route_without_its_slash_still_redirects(client, demo_guide):
    response = client.get("/api/v1/guides")
    assert response.status_code == 301 and response["Location"] == "/api/v1/guides/"


def test_an_unknown_api_path_does_not_look_up_pages(client, demo_guide, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert_error(client.get("/api/v1/nothing/"), 404, "not_found")


def test_a_405_from_a_plain_django_view_under_api_is_json(client, demo_guide):
    """The Redoc page is a plain Django view: its 405 was an empty text/html answer."""
    response = client.post("/api/v1/docs/")
    error = assert_error(response, 405, "method_not_allowed")
    assert error["message"] == "Method not allowed."
    assert response["Allow"] == "GET, HEAD, OPTIONS"  # kept: only the body's headers go


def test_non_api_urls_keep_django_pages_with_debug_on(client, locales, settings):
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")

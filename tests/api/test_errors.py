"""One JSON error shape for every status under /api/, never an HTML page or a traceback."""

from __future__ import annotations

import pytest
from django.test import Client

from api.keys import create_api_key

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
    from api import cors

    def explode():
        raise RuntimeError("cache backend down")

    # Partner origins are only consulted when anonymous reads are off (api/cors.py).
    settings.API_ALLOW_ANONYMOUS = False
    monkeypatch.setattr(cors, "partner_origins", explode)  # runs in CorsMiddleware
    response = Client(raise_request_exception=False).get(DETAIL, HTTP_ORIGIN="https://x.example")
    assert_error(response, 500, "server_error")
    assert "cache backend down" not in response.content.decode()


def test_non_api_urls_keep_django_pages(client, locales):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")

"""The lean lane and the fast path answer exactly what the DRF views answer."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import resolve

from api.access.keys import create_api_key

pytestmark = pytest.mark.django_db

HEADERS_THAT_MATTER = (
    "Content-Type",
    "ETag",
    "Cache-Control",
    "Content-Language",
    "Vary",
    "Surrogate-Key",
)


def via_drf(url: str, **headers):
    """The DRF view called directly: no lane, no fast path."""
    request = RequestFactory().get(url, **headers)
    match = resolve(request.path_info)
    response = match.func(request, **match.kwargs)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/guides/exosome-hair-loss/?locale=es",
        "/api/v1/guides/exosome-hair-loss/?locale=fr",
        "/api/v1/guides/exosome-hair-loss/faq.jsonld?locale=es",
        "/api/v1/bundles/es/",
        "/api/v1/locales/",
        "/api/v1/guides/missing/",
        "/api/v1/bundles/xx/",
        "/api/v1/guides/exosome-hair-loss/?locale=xx",
        "/api/v1/guides/exosome-hair-loss/?locale=es-MX",
        "/api/v1/bundles/es-MX/",
    ],
)
def test_fast_path_equals_drf_view(client, demo_guide, translate, url):
    translate(demo_guide, "es")
    lane = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    drf = via_drf(url, HTTP_ACCEPT_LANGUAGE="de")
    assert lane.status_code == drf.status_code
    assert lane.content == drf.content
    for header in HEADERS_THAT_MATTER:
        lane_value = lane.headers.get(header, "")
        if header == "Vary":  # gzip and CORS (outside both paths) add theirs on the way out
            outer = {"accept-encoding", "origin"}
            lane_value = ", ".join(v for v in lane_value.split(", ") if v.lower() not in outer)
        assert lane_value == drf.headers.get(header, ""), header


def test_fast_path_still_checks_keys_and_hosts(client, demo_guide, settings):
    settings.API_ALLOW_ANONYMOUS = False
    assert client.get("/api/v1/bundles/en/").status_code == 401
    raw = create_api_key("Clinic").raw_key
    assert client.get("/api/v1/bundles/en/", HTTP_X_API_KEY=raw).status_code == 200
    settings.ALLOWED_HOSTS = ["api.example.org"]
    response = client.get("/api/v1/bundles/en/", HTTP_X_API_KEY=raw, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_non_api_paths_take_the_normal_stack(client, demo_guide):
    # The HTML site still gets the session/locale middleware (e.g. Content-Language).
    response = client.get("/exosome-hair-loss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")

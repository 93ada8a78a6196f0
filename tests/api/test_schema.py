"""The OpenAPI document is valid, and real responses match it exactly (no undocumented keys)."""

from __future__ import annotations

import copy
import json

import pytest
from drf_spectacular.validation import validate_schema
from jsonschema import Draft202012Validator

from api.access.keys import create_api_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client, locales) -> dict:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    return schema


def strict(node):
    """Every documented object must list all its keys: forbid extras everywhere."""
    if isinstance(node, dict):
        node = {k: strict(v) for k, v in node.items()}
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        return node
    if isinstance(node, list):
        return [strict(v) for v in node]
    return node


def check(openapi: dict, path: str, response, media: str = "application/json") -> None:
    operation = openapi["paths"][path]["get"]
    documented = operation["responses"][str(response.status_code)]
    schema = documented["content"][media]["schema"]
    validator = Draft202012Validator(
        {**schema, "components": strict(copy.deepcopy(openapi["components"]))}
    )
    errors = sorted(validator.iter_errors(json.loads(response.content)), key=str)
    assert not errors, (
        f"{path} {response.status_code}: {errors[0].message} at {list(errors[0].path)}"
    )


def test_schema_covers_the_delivery_api_only(openapi):
    assert openapi["openapi"].startswith("3.1")
    assert set(openapi["paths"]) == {
        "/api/v1/locales/",
        "/api/v1/guides/",
        "/api/v1/guides/{slug}/",
        "/api/v1/guides/{slug}/faq.jsonld",
        "/api/v1/bundles/{locale}/",
        "/api/v1/sync/",
        "/api/v1/search/",
    }
    assert {"ApiKeyHeader", "ApiKeyAuthorization"} <= set(openapi["components"]["securitySchemes"])


def test_real_responses_match_the_schema(client, openapi, demo_guide, translate, settings):
    translate(demo_guide, "es")
    g = "/api/v1/guides/{slug}/"
    cases = [
        ("/api/v1/locales/", "/api/v1/locales/", {}),
        ("/api/v1/guides/", "/api/v1/guides/?locale=es&page_size=1", {}),
        (g, "/api/v1/guides/exosome-hair-loss/?locale=es", {}),
        (g, "/api/v1/guides/exosome-hair-loss/?locale=fr", {}),
        (g, "/api/v1/guides/missing/", {}),
        (g, "/api/v1/guides/exosome-hair-loss/?locale=xx", {}),
        (g, "/api/v1/guides/exosome-hair-loss/", {"HTTP_X_API_KEY": "gk_wrong"}),
        ("/api/v1/bundles/{locale}/", "/api/v1/bundles/es/", {}),
        ("/api/v1/bundles/{locale}/", "/api/v1/bundles/xx/", {}),
        ("/api/v1/sync/", "/api/v1/sync/?locale=es", {}),
        ("/api/v1/sync/", "/api/v1/sync/?locale=es&since=bad", {}),
        ("/api/v1/search/", "/api/v1/search/?q=side+effects&locale=es&page_size=2", {}),
        ("/api/v1/search/", "/api/v1/search/?q=zzzz", {}),
        ("/api/v1/search/", "/api/v1/search/?q=+", {}),
        ("/api/v1/search/", "/api/v1/search/?q=hair&guide=missing", {}),
    ]
    for path, url, headers in cases:
        check(openapi, path, client.get(url, **headers))
    token = client.get("/api/v1/sync/?locale=es").json()["token"]
    translate(demo_guide, "es", answer="<p>otra</p>")
    check(openapi, "/api/v1/sync/", client.get(f"/api/v1/sync/?locale=es&since={token}"))
    check(
        openapi,
        "/api/v1/guides/{slug}/faq.jsonld",
        client.get("/api/v1/guides/exosome-hair-loss/faq.jsonld?locale=es"),
        media="application/ld+json",
    )
    raw = create_api_key("Clinic", origins=["https://clinic.example"]).raw_key
    check(
        openapi,
        g,
        client.get(
            g.format(slug="exosome-hair-loss"), HTTP_X_API_KEY=raw, HTTP_ORIGIN="https://x.example"
        ),
    )
    settings.API_ANON_RATE = "1/min"
    client.get("/api/v1/locales/")
    check(openapi, "/api/v1/locales/", client.get("/api/v1/locales/"))  # 429


def test_strict_check_catches_an_undocumented_field(openapi, client, demo_guide):
    response = client.get("/api/v1/guides/exosome-hair-loss/")
    data = json.loads(response.content)
    data["surprise"] = 1
    response.content = json.dumps(data).encode()
    with pytest.raises(AssertionError, match="surprise"):
        check(openapi, "/api/v1/guides/{slug}/", response)


def test_docs_page_is_served(client, locales):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert b'spec-url="/api/v1/schema/"' in response.content
    # Redoc comes from the installed sidecar package, not a CDN the network may block.
    assert b'src="/static/drf_spectacular_sidecar/redoc/' in response.content
    # Its own policy (the API lane skips the site's CSP middleware): no inline script, no
    # other origin; and the page needs neither (no inline <script>, no font CDN).
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert b"<script>" not in response.content and b"googleapis" not in response.content

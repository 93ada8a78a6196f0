"""API keys (hashed, created/revoked in the admin), throttling with Retry-After, CORS per partner."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.access.keys import create_api_key, revoke_api_key
from api.models import ApiKey, hash_key

DETAIL = "/api/v1/guides/exosome-hair-loss/"
CLINIC = "https://clinic.example"

pytestmark = pytest.mark.django_db


def test_key_is_stored_only_as_a_hash(locales):
    created = create_api_key("Clinic A", origins=[CLINIC])
    row = ApiKey.objects.get(pk=created.key.pk)
    assert re.fullmatch(r"gk_[0-9a-f]{8}_[\w-]{40,}", created.raw_key)
    assert row.prefix in created.raw_key
    assert row.hashed_key == hash_key(created.raw_key) != created.raw_key
    assert created.raw_key not in str(ApiKey.objects.filter(pk=row.pk).values().get())


@pytest.mark.parametrize("header", ["HTTP_AUTHORIZATION", "HTTP_X_API_KEY"])
def test_key_in_either_header_is_accepted(client, demo_guide, header):
    raw = create_api_key("Clinic A").raw_key
    value = f"Api-Key {raw}" if header == "HTTP_AUTHORIZATION" else raw
    assert client.get(DETAIL, **{header: value}).status_code == 200


def test_revoked_or_unknown_key_is_refused_with_401(client, demo_guide):
    created = create_api_key("Clinic A")
    headers = {"HTTP_X_API_KEY": created.raw_key}
    assert client.get(DETAIL, **headers).status_code == 200  # cached as valid now
    revoke_api_key(ApiKey.objects.get(pk=created.key.pk))
    response = client.get(DETAIL, **headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_api_key"
    assert response["WWW-Authenticate"].startswith("Api-Key")
    assert client.get(DETAIL, HTTP_AUTHORIZATION="Api-Key gk_00000000_wrong").status_code == 401


def test_anonymous_reads_follow_the_setting(client, demo_guide, settings):
    assert client.get(DETAIL).status_code == 200
    settings.API_ALLOW_ANONYMOUS = False
    response = client.get(DETAIL)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "api_key_required"
    assert "X-API-Key" in response.json()["error"]["message"]
    raw = create_api_key("Clinic A").raw_key
    assert client.get(DETAIL, HTTP_X_API_KEY=raw).status_code == 200


def test_warm_keyed_request_makes_no_query(client, demo_guide):
    raw = create_api_key("Clinic A").raw_key
    client.get(DETAIL, HTTP_X_API_KEY=raw)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DETAIL, HTTP_X_API_KEY=raw).status_code == 200
    assert queries.captured_queries == []


def test_anonymous_throttle_answers_429_with_retry_after(client, demo_guide, settings):
    settings.API_ANON_RATE = "3/min"
    statuses = [client.get(DETAIL).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(DETAIL)
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= 61
    error = response.json()["error"]
    assert error["code"] == "throttled"
    assert error["details"] == {"retry_after": retry_after}
    # Another client address has its own anonymous budget.
    assert client.get(DETAIL, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_each_key_has_its_own_higher_limit(client, demo_guide, settings):
    settings.API_ANON_RATE = "1/min"
    settings.API_KEY_RATE = "5/min"
    a = create_api_key("A").raw_key
    b = create_api_key("B", rate="2/min").raw_key  # the row's rate overrides the setting
    assert [client.get(DETAIL, HTTP_X_API_KEY=a).status_code for _ in range(6)] == [200] * 5 + [429]
    assert [client.get(DETAIL, HTTP_X_API_KEY=b).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(DETAIL).status_code == 200  # the anonymous budget is separate
    assert client.get(DETAIL).status_code == 429


def test_without_anonymous_reads_cors_is_allowed_only_for_partner_origins(
    client, demo_guide, settings
):
    settings.API_ALLOW_ANONYMOUS = False
    raw = create_api_key("Clinic A", origins=[CLINIC]).raw_key
    create_api_key("Clinic B", origins=["https://other.example"])
    allowed = client.get(DETAIL, HTTP_ORIGIN=CLINIC, HTTP_X_API_KEY=raw)
    assert allowed["Access-Control-Allow-Origin"] == CLINIC
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    stranger = client.get(DETAIL, HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in stranger
    assert stranger.status_code == 401
    stranger_preflight = client.options(
        DETAIL,
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-api-key",
    )
    assert "Access-Control-Allow-Origin" not in stranger_preflight
    # Clinic A's key used from clinic B's origin: refused outright. The refusal (no
    # content in it) is readable, so the page can tell its developer why.
    borrowed = client.get(DETAIL, HTTP_ORIGIN="https://other.example", HTTP_X_API_KEY=raw)
    assert borrowed.status_code == 403
    assert borrowed.json()["error"]["code"] == "origin_not_allowed"
    assert borrowed["Access-Control-Allow-Origin"] == "https://other.example"
    assert b"groups" not in borrowed.content
    preflight = client.options(
        DETAIL,
        HTTP_ORIGIN=CLINIC,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-api-key",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == CLINIC
    assert "x-api-key" in preflight["Access-Control-Allow-Headers"]


def test_anonymous_reads_are_open_to_every_origin_but_keys_stay_bound(client, demo_guide):
    """Public content, anonymous reads allowed (the default): a clinic page without a key
    can read it; a key still works only from its own origins."""
    raw = create_api_key("Clinic A", origins=[CLINIC]).raw_key
    anonymous = client.get(DETAIL, HTTP_ORIGIN="https://any-clinic.example")
    assert anonymous.status_code == 200
    assert anonymous["Access-Control-Allow-Origin"] == "https://any-clinic.example"
    assert "origin" in anonymous["Vary"].lower()  # a CDN keeps one copy per origin
    preflight = client.options(
        DETAIL,
        HTTP_ORIGIN="https://any-clinic.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-api-key",
    )
    assert preflight["Access-Control-Allow-Origin"] == "https://any-clinic.example"
    own = client.get(DETAIL, HTTP_ORIGIN=CLINIC, HTTP_X_API_KEY=raw)
    assert own.status_code == 200 and own["Access-Control-Allow-Origin"] == CLINIC
    borrowed = client.get(DETAIL, HTTP_ORIGIN="https://any-clinic.example", HTTP_X_API_KEY=raw)
    assert borrowed.status_code == 403
    assert borrowed.json()["error"]["code"] == "origin_not_allowed"
    assert borrowed["Access-Control-Allow-Origin"] == "https://any-clinic.example"
    wrong = client.get(DETAIL, HTTP_ORIGIN=CLINIC, HTTP_X_API_KEY="gk_00000000_wrong")
    assert wrong.status_code == 401 and wrong["Access-Control-Allow-Origin"] == CLINIC
    # A key that lists no origins is for servers and apps: never CORS-enabled.
    server_key = create_api_key("Back office").raw_key
    from_page = client.get(DETAIL, HTTP_ORIGIN=CLINIC, HTTP_X_API_KEY=server_key)
    assert "Access-Control-Allow-Origin" not in from_page


def test_revoking_a_key_withdraws_its_origin(client, demo_guide, settings):
    settings.API_ALLOW_ANONYMOUS = False
    created = create_api_key("Clinic A", origins=[CLINIC])
    assert client.get(DETAIL, HTTP_ORIGIN=CLINIC)["Access-Control-Allow-Origin"] == CLINIC
    revoke_api_key(ApiKey.objects.get(pk=created.key.pk))
    assert "Access-Control-Allow-Origin" not in client.get(DETAIL, HTTP_ORIGIN=CLINIC)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return client


def test_admin_creates_key_once_lists_and_revokes(admin_client, demo_guide):
    response = admin_client.post(
        "/admin/snippets/api/apikey/add/",
        {"name": "Clinic A", "allowed_origins": f"{CLINIC}/\n", "rate": "100/min"},
    )
    assert response.status_code == 200
    raw = re.search(r"<code data-api-key[^>]*>([^<]+)</code>", response.content.decode()).group(1)
    key = ApiKey.objects.get(name="Clinic A")
    assert key.hashed_key == hash_key(raw) and key.allowed_origins == CLINIC
    assert admin_client.get(DETAIL, HTTP_X_API_KEY=raw).status_code == 200

    listing = admin_client.get("/admin/snippets/api/apikey/").content.decode()
    assert "Clinic A" in listing and key.prefix in listing and raw not in listing
    edit_page = admin_client.get(f"/admin/snippets/api/apikey/edit/{key.pk}/").content.decode()
    assert raw not in edit_page and 'name="revoke"' in edit_page

    response = admin_client.post(
        f"/admin/snippets/api/apikey/edit/{key.pk}/",
        {"name": "Clinic A", "allowed_origins": CLINIC, "rate": "100/min", "revoke": "on"},
    )
    assert response.status_code == 302
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None
    assert admin_client.get(DETAIL, HTTP_X_API_KEY=raw).status_code == 401


def test_admin_rejects_a_bad_rate_and_origin(admin_client, locales):
    response = admin_client.post(
        "/admin/snippets/api/apikey/add/",
        {"name": "Clinic A", "allowed_origins": "clinic.example", "rate": "lots"},
    )
    assert response.status_code == 200
    assert not ApiKey.objects.exists()
    body = response.content.decode()
    assert "Bad throttle rate" in body and "must start with https://" in body


@pytest.mark.parametrize(
    "rate",
    ["-1/min", "0/min", "5/month", "99999999999999999999999/min", "\uff11\uff10/min", "1_000/min"],
)
def test_admin_rejects_a_rate_the_throttle_would_misread(admin_client, locales, rate):
    """The throttle's parser takes any integer and the period's first letter: -1/min would
    refuse every request, 5/month would mean 5 a minute."""
    response = admin_client.post(
        "/admin/snippets/api/apikey/add/", {"name": "Clinic A", "allowed_origins": "", "rate": rate}
    )
    assert response.status_code == 200
    assert "Bad throttle rate" in response.content.decode()
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("rate", ["", "1/s", "100/min", "1000/hour", "50000/day", "7/minute"])
def test_admin_accepts_the_documented_rates(admin_client, locales, rate):
    admin_client.post(
        "/admin/snippets/api/apikey/add/", {"name": "Clinic A", "allowed_origins": "", "rate": rate}
    )
    assert ApiKey.objects.get().rate == rate


def test_a_forged_forwarded_for_does_not_reset_the_anonymous_limit(client, demo_guide, settings):
    settings.API_ANON_RATE = "2/min"
    statuses = [
        client.get(DETAIL, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)
    ]
    assert statuses == [200, 200, 429]

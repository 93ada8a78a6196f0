"""Sign-in throttling: N wrong passwords lock an account for the address they came from."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape

from cms.jsonlog import JsonFormatter
from tests.accounts.conftest import ADDRESS, PASSWORD, sign_in

LOCKOUT_TEXT = "Too many failed sign-in attempts"


def _fail(client, times: int, username: str = "alice", **kwargs) -> list[int]:
    return [
        sign_in(client, username, "not my password", **kwargs).status_code for _ in range(times)
    ]


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_limit_wrong_passwords_lock_the_account_then_the_right_one_is_refused(
    client, staff, settings
):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5  # the documented default (docs/deploy.md)

    assert _fail(client, limit - 1) == [200] * (limit - 1)  # "wrong password" each time
    locked = sign_in(client, "alice", "still not it")
    assert locked.status_code == 429
    assert LOCKOUT_TEXT in locked.content.decode()

    right = sign_in(client, "alice", PASSWORD)
    assert right.status_code == 429
    body = right.content.decode()
    assert LOCKOUT_TEXT in body and "30 minutes" in body
    assert 'name="username"' in body  # the sign-in form again, with the reason
    assert not _signed_in(client)


def test_a_correct_password_before_the_limit_signs_in_and_clears_the_count(client, staff, settings):
    _fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "alice", PASSWORD).status_code == 302
    assert _signed_in(client)
    assert not AccessAttempt.objects.filter(username="alice").exists()


def test_the_lock_is_per_address_and_per_account(client, staff, django_user_model, settings):
    django_user_model.objects.create_user("bob", "bob@example.com", PASSWORD).user_permissions.set(
        staff.user_permissions.all()
    )
    _fail(client, settings.AXES_FAILURE_LIMIT)

    elsewhere = Client()
    assert sign_in(elsewhere, "alice", PASSWORD, address="198.51.100.20").status_code == 302
    same_address_other_account = Client()
    assert sign_in(same_address_other_account, "bob", PASSWORD).status_code == 302


def test_a_forged_x_forwarded_for_does_not_reset_the_count(client, staff, settings):
    """With no proxy in front (API_NUM_PROXIES=0) the header is ignored entirely."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "alice", "wrong", HTTP_X_FORWARDED_FOR=f"10.66.0.{n}")
    response = sign_in(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ADDRESS}


def test_behind_one_proxy_the_address_it_appended_counts(client, staff, settings):
    """API_NUM_PROXIES=1: the load balancer appends the real peer; what a client put before
    it in X-Forwarded-For is ignored, as the API's throttles ignore it."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    balancer = "10.0.0.2"
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(
            client, "alice", "wrong", address=balancer, HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, {ADDRESS}"
        )
    response = sign_in(
        client, "alice", PASSWORD, address=balancer, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ADDRESS}"
    )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ADDRESS}
    # Another real client behind the same balancer is not locked out.
    other = Client()
    ok = sign_in(other, "alice", PASSWORD, address=balancer, HTTP_X_FORWARDED_FOR="198.51.100.3")
    assert ok.status_code == 302


def test_the_lock_ends_after_the_cool_off(client, staff, settings):
    _fail(client, settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "alice", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1)
    )
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_an_administrator_unlocks_from_the_admin_screen(client, staff, superuser, settings):
    _fail(client, settings.AXES_FAILURE_LIMIT)

    admin = Client()
    admin.force_login(superuser)
    screen = admin.get("/admin/security/lockouts/")
    assert screen.status_code == 200
    html = screen.content.decode()
    assert 'data-username="alice" data-locked="1"' in html
    assert ADDRESS in html

    response = admin.post(
        "/admin/security/lockouts/unlock/", {"username": "alice", "ip_address": ADDRESS}
    )
    assert response.status_code == 302
    after = admin.get("/admin/security/lockouts/").content.decode()
    assert "Unlocked alice from 203.0.113.7" in after
    assert 'data-username="alice"' not in after
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_the_lockout_screen_is_for_administrators_only(client, staff, settings):
    _fail(Client(), settings.AXES_FAILURE_LIMIT)
    client.force_login(staff)  # admin access, but not the unlock permission
    assert client.get("/admin/security/lockouts/").status_code == 302  # Wagtail: "no permission"
    client.post("/admin/security/lockouts/unlock/", {"username": "alice", "ip_address": ADDRESS})
    assert AccessAttempt.objects.filter(username="alice").exists()


def test_the_unlock_permission_can_be_granted_to_a_group(client, staff, settings):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Support")
    group.permissions.add(Permission.objects.get(codename="delete_accessattempt"))
    staff.groups.add(group)
    client.force_login(staff)
    assert client.get("/admin/security/lockouts/").status_code == 200


def test_axes_management_command_unlocks(client, staff, settings):
    _fail(client, settings.AXES_FAILURE_LIMIT)
    call_command("axes_reset_username", "alice", stdout=None)
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_failures_and_the_lockout_are_json_log_lines(client, staff, settings, caplog):
    caplog.set_level(logging.INFO, logger="accounts.security")
    _fail(client, settings.AXES_FAILURE_LIMIT)
    lines = [
        json.loads(JsonFormatter().format(record))
        for record in caplog.records
        if record.name == "accounts.security"
    ]
    failures = [line for line in lines if line["event"] == "login_failed"]
    assert [line["failures"] for line in failures] == list(
        range(1, settings.AXES_FAILURE_LIMIT + 1)
    )
    assert {(line["username"], line["client_ip"], line["level"]) for line in failures} == {
        ("alice", ADDRESS, "WARNING")
    }
    assert "not my password" not in json.dumps(lines)  # the password is never logged
    (locked,) = [line for line in lines if line["event"] == "login_locked_out"]
    assert locked["username"] == "alice" and locked["cooloff_seconds"] == 1800


def test_test_client_login_still_works_with_axes_on(client, staff, settings):
    """The test settings' backend lets request-less authenticate() through; the login form
    above shows axes itself is on."""
    assert settings.AXES_ENABLED is True
    assert client.login(username="alice", password=PASSWORD)


def test_production_settings_use_the_strict_axes_backend():
    from cms.settings import base

    assert base.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert base.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


@pytest.mark.parametrize("header", ["not-an-ip", "999.1.1.1"])
def test_a_garbage_forwarded_address_falls_back_to_the_peer(rf, settings, header):
    from accounts.lockout import client_ip

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == "10.0.0.2"


def _attempts() -> list[tuple]:
    return sorted(
        AccessAttempt.objects.values_list("pk", "username", "ip_address", "failures_since_start")
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"username": "alice", "ip_address": "not-an-ip"},
            "“not-an-ip” is not an IPv4 or IPv6 address.",
        ),
        (
            {"username": "alice", "ip_address": "999.1.1.1"},
            "“999.1.1.1” is not an IPv4 or IPv6 address.",
        ),
        (
            {"username": "alice", "ip_address": "fe80::1%eth0"},
            "“fe80::1%eth0” is not an IPv4 or IPv6 address.",
        ),
        ({"username": "alice", "ip_address": ADDRESS + "\x00"}, "Null characters are not allowed."),
        ({"username": "al\x00ice", "ip_address": ADDRESS}, "Null characters are not allowed."),
        # Blank: axes would have deleted the failures of every account, from everywhere.
        ({"username": "", "ip_address": ""}, "say which account to unlock"),
        ({}, "say which account to unlock"),
        ({"username": "x" * 300, "ip_address": ADDRESS}, "at most 255 characters"),
    ],
)
def test_a_malformed_unlock_says_why_and_changes_nothing(
    client, staff, superuser, settings, data, message, caplog
):
    """Tester's reproduction: Unlock with a malformed IP address answered 500 (PostgreSQL
    refuses the query); it must say what is wrong and unlock nothing."""
    _fail(client, settings.AXES_FAILURE_LIMIT)
    _fail(Client(), 2, address="198.51.100.20")  # someone else's failures, elsewhere
    before = _attempts()
    admin = Client()
    admin.force_login(superuser)
    caplog.set_level(logging.INFO, logger="accounts.security")

    response = admin.post("/admin/security/lockouts/unlock/", data)
    assert response.status_code == 302
    screen = admin.get(response["Location"]).content.decode()
    assert "Nothing was unlocked:" in screen
    assert escape(message) in screen
    assert _attempts() == before
    assert not [r for r in caplog.records if getattr(r, "event", "") == "login_unlocked"]
    assert sign_in(client, "alice", PASSWORD).status_code == 429  # still locked


def test_an_unlock_finds_an_address_however_it_is_spelled(client, staff, superuser, settings):
    """IPv6 addresses are stored as accounts.lockout.client_ip spells them (compressed)."""
    _fail(client, settings.AXES_FAILURE_LIMIT, address="2001:db8::7")
    admin = Client()
    admin.force_login(superuser)
    admin.post(
        "/admin/security/lockouts/unlock/",
        {"username": "alice", "ip_address": "2001:0DB8:0000:0000:0000:0000:0000:0007"},
    )
    assert not AccessAttempt.objects.filter(username="alice").exists()

"""Two-factor sign-in: who must enrol, enrolment, codes, backup codes, an administrator's reset.

The test settings relax ADMIN_2FA like `make run`; these tests enforce it as production does
(through pytest-django's `settings`, an override_settings that is undone in order even when
a test changes other settings too).
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.accounts.conftest import PASSWORD, sign_in, totp_code

required = pytest.mark.usefixtures("require_2fa")


@pytest.fixture
def require_2fa(settings):
    settings.ADMIN_2FA = "required"


def _review_url(translation) -> str:
    return f"/admin/translations/review/{translation.pk}/"


def _enrol(user) -> TOTPDevice:
    """An authenticator enrolled through the service (the screens are tested below)."""
    device = two_factor.pending_authenticator(user)
    two_factor.confirm_authenticator(user, totp_code(device))
    device.refresh_from_db()
    return device


@required
def test_a_reviewer_without_a_second_factor_is_sent_to_enrolment(
    client, spanish_reviewer, spanish_translation
):
    assert sign_in(client, "rosa", PASSWORD).status_code == 302
    response = client.get(_review_url(spanish_translation))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/security/two-factor/setup/?next=")

    # Nothing else of the admin is reachable either, reads or writes.
    for url in (
        "/admin/",
        "/admin/pages/",
        f"/admin/translations/review/{spanish_translation.pk}/",
    ):
        assert client.get(url)["Location"].startswith("/admin/security/two-factor/setup/")
    approve = client.post(
        f"/admin/translations/review/{spanish_translation.pk}/action/", {"action": "approve_all"}
    )
    assert approve["Location"].startswith("/admin/security/two-factor/setup/")
    from locales.review.selectors import segment_rows

    assert all(row.needs_review for row in segment_rows(spanish_translation))


@required
def test_enrolling_with_a_code_from_the_app_lets_the_reviewer_in(
    client, spanish_reviewer, spanish_translation
):
    sign_in(client, "rosa", PASSWORD)
    setup = client.get("/admin/security/two-factor/setup/?next=" + _review_url(spanish_translation))
    assert setup.status_code == 200
    html = setup.content.decode()
    assert 'id="two-factor-required"' in html and "<svg" in html
    device = TOTPDevice.objects.get(user=spanish_reviewer, confirmed=False)
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    from base64 import b32decode

    assert b32decode(secret) == device.bin_key  # the key the page shows is the device's

    wrong = client.post("/admin/security/two-factor/setup/", {"code": "000000"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()

    done = client.post(
        "/admin/security/two-factor/setup/",
        {"code": totp_code(device), "next": _review_url(spanish_translation)},
    )
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get(_review_url(spanish_translation)).status_code == 200


@required
def test_signing_in_again_asks_for_a_code_and_a_totp_code_lets_them_in(
    client, spanish_reviewer, spanish_translation
):
    device = _enrol(spanish_reviewer)
    sign_in(client, "rosa", PASSWORD)
    response = client.get(_review_url(spanish_translation))
    assert response["Location"].startswith("/admin/security/two-factor/verify/?next=")

    wrong = client.post("/admin/security/two-factor/verify/", {"code": "123456"})
    assert "That code is not right" in wrong.content.decode()
    assert client.get(_review_url(spanish_translation)).status_code == 302

    # The enrolment used this time step's code (a code works once): the app's next one.
    device.refresh_from_db()
    device.throttle_reset()
    ok = client.post(
        "/admin/security/two-factor/verify/",
        {"code": totp_code(device, steps_ahead=1), "next": _review_url(spanish_translation)},
    )
    assert ok.status_code == 302 and ok["Location"] == _review_url(spanish_translation)
    assert client.get(_review_url(spanish_translation)).status_code == 200


@required
def test_a_code_is_accepted_once(client, spanish_reviewer):
    device = _enrol(spanish_reviewer)
    code = totp_code(device, steps_ahead=1)
    first, second = Client(), Client()
    for c in (first, second):
        sign_in(c, "rosa", PASSWORD)
    assert first.post("/admin/security/two-factor/verify/", {"code": code}).status_code == 302
    refused = second.post("/admin/security/two-factor/verify/", {"code": code})
    assert refused.status_code == 200


@required
def test_wrong_codes_are_throttled(client, spanish_reviewer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # the first wait is a minute: no race with the clock
    device = _enrol(spanish_reviewer)
    sign_in(client, "rosa", PASSWORD)
    client.post("/admin/security/two-factor/verify/", {"code": "111111"})
    # Even the right code waits: django-otp's delay after a failure.
    response = client.post(
        "/admin/security/two-factor/verify/", {"code": totp_code(device, steps_ahead=1)}
    )
    assert "Too many wrong codes" in response.content.decode()


@required
def test_a_backup_code_works_once(client, spanish_reviewer, spanish_translation):
    device = two_factor.pending_authenticator(spanish_reviewer)
    codes = two_factor.confirm_authenticator(spanish_reviewer, totp_code(device)).backup_codes
    sign_in(client, "rosa", PASSWORD)
    ok = client.post("/admin/security/two-factor/verify/", {"code": codes[0].upper()})
    assert ok.status_code == 302
    assert client.get(_review_url(spanish_translation)).status_code == 200
    assert two_factor.backup_codes_left(spanish_reviewer) == 9

    again = Client()
    sign_in(again, "rosa", PASSWORD)
    assert again.post("/admin/security/two-factor/verify/", {"code": codes[0]}).status_code == 200


@required
def test_superusers_must_enrol_editors_outside_reviewer_groups_need_not(client, superuser, staff):
    assert two_factor.requires_two_factor(superuser)
    assert not two_factor.requires_two_factor(staff)
    client.force_login(superuser)
    assert client.get("/admin/")["Location"].startswith("/admin/security/two-factor/setup/")
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_the_relaxed_setting_lets_the_demo_login_in_but_asks_whoever_enrolled(
    client, superuser, spanish_reviewer, settings
):
    assert settings.ADMIN_2FA == "optional"  # test settings, like `make run`
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200
    _enrol(spanish_reviewer)
    client.force_login(spanish_reviewer)
    assert client.get("/admin/")["Location"].startswith("/admin/security/two-factor/verify/")


def test_dev_settings_relax_and_production_requires():
    import os
    import subprocess
    import sys

    from tests.production.conftest import ROOT

    def value(module: str) -> str:
        env = {k: v for k, v in os.environ.items() if k != "ADMIN_2FA"}
        env.update(
            DJANGO_SETTINGS_MODULE=module,
            SECRET_KEY="x" * 50,
            DATABASE_URL="sqlite:///:memory:",
            CACHE_URL="locmemcache://",
        )
        script = "from django.conf import settings; print(settings.ADMIN_2FA)"
        out = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); " + script],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        return out.stdout.strip()

    assert value("cms.settings.dev") == "optional"
    assert value("cms.settings.production") == "required"


@required
def test_an_administrator_resets_a_lost_phone(
    client, superuser, spanish_reviewer, spanish_translation
):
    _enrol(spanish_reviewer)
    _enrol(superuser)
    admin = Client()
    admin.force_login(superuser)
    from django_otp import DEVICE_ID_SESSION_KEY

    session = admin.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=superuser).persistent_id
    session.save()

    page = admin.get(f"/admin/security/two-factor/users/{spanish_reviewer.pk}/")
    assert page.status_code == 200 and "<strong>on</strong>" in page.content.decode()
    assert admin.post(f"/admin/security/two-factor/users/{spanish_reviewer.pk}/").status_code == 302
    assert not two_factor.has_second_factor(spanish_reviewer)
    assert backups_gone(spanish_reviewer)

    sign_in(client, "rosa", PASSWORD)
    assert client.get(_review_url(spanish_translation))["Location"].startswith(
        "/admin/security/two-factor/setup/"
    )
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.get(action="accounts.reset_two_factor")
    assert entry.user == superuser and entry.object_id == str(spanish_reviewer.pk)
    assert entry.message == "Two-factor sign-in reset (2 devices removed)"


def backups_gone(user) -> bool:
    return not StaticDevice.objects.filter(user=user).exists()


def test_only_superusers_reset_someone_elses_second_factor(client, staff, spanish_reviewer):
    _enrol(spanish_reviewer)
    client.force_login(staff)
    client.post(f"/admin/security/two-factor/users/{spanish_reviewer.pk}/")
    assert two_factor.has_second_factor(spanish_reviewer)


def test_reset_two_factor_command(spanish_reviewer, run_command):
    _enrol(spanish_reviewer)
    out = run_command("reset_two_factor", "rosa")
    assert "Removed 2 two-factor device(s) of rosa" in out
    assert not two_factor.has_second_factor(spanish_reviewer)


def test_users_listing_offers_the_reset_to_superusers(client, superuser, staff):
    client.force_login(superuser)
    html = client.get("/admin/users/").content.decode()
    assert f"/admin/security/two-factor/users/{staff.pk}/" in html


@required
def test_new_backup_codes_replace_the_old_ones(client, spanish_reviewer):
    device = _enrol(spanish_reviewer)
    sign_in(client, "rosa", PASSWORD)
    client.post("/admin/security/two-factor/verify/", {"code": totp_code(device, steps_ahead=1)})
    before = set(
        StaticDevice.objects.get(user=spanish_reviewer).token_set.values_list("token", flat=True)
    )
    response = client.post("/admin/security/two-factor/backup-codes/")
    shown = set(re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode()))
    after = set(
        StaticDevice.objects.get(user=spanish_reviewer).token_set.values_list("token", flat=True)
    )
    assert shown == after and len(after) == 10 and not (before & after)


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x"])
@required
def test_verify_never_redirects_off_site(client, spanish_reviewer, next_url):
    device = _enrol(spanish_reviewer)
    sign_in(client, "rosa", PASSWORD)
    response = client.post(
        "/admin/security/two-factor/verify/",
        {"code": totp_code(device, steps_ahead=1), "next": next_url},
    )
    assert response["Location"] == "/admin/"


def test_enrolment_and_failures_are_logged(spanish_reviewer, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="accounts.security")
    _enrol(spanish_reviewer)
    with pytest.raises(two_factor.TwoFactorError):
        two_factor.verify(spanish_reviewer, "999999")
    events = [getattr(r, "event", None) for r in caplog.records if r.name == "accounts.security"]
    assert events == ["otp_enrolled", "otp_failed"]


def test_command_reports_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("reset_two_factor", "nobody")


@required
def test_the_admin_menu_is_hidden_until_the_second_factor_is_given(
    client, spanish_reviewer, spanish_translation
):
    """The enrolment screen shows no menu (every item would lead back to it); once the
    reviewer is verified, the menu is back."""
    sign_in(client, "rosa", PASSWORD)
    setup = client.get("/admin/security/two-factor/setup/").content.decode()
    assert "PageExplorerMenuItem" not in setup  # the sidebar's "Pages" entry
    device = two_factor.pending_authenticator(spanish_reviewer)
    client.post("/admin/security/two-factor/setup/", {"code": totp_code(device)})
    home = client.get("/admin/")
    assert home.status_code == 200 and "PageExplorerMenuItem" in home.content.decode()

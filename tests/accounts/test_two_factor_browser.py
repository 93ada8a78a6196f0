"""A superuser signs in with ADMIN_2FA=required: the admin sends them to enrolment, they scan
(read) the key, type the app's code, see their backup codes and reach the review screen."""

from __future__ import annotations

import re
from base64 import b32decode

from tests.browser import BROWSER_MARKS, sign_in

pytestmark = BROWSER_MARKS

PASSWORD = "correct horse battery staple"


def test_enrol_with_the_code_of_an_authenticator_app(
    live_server,
    browser_page,
    settings,
    seed_path,
    django_user_model,
):
    from django_otp.oath import totp

    from content.services import import_guide_file
    from locales.services import sync_locales

    settings.ADMIN_2FA = "required"
    sync_locales()
    import_guide_file(seed_path, slug="exosome-hair-loss", publish=True)
    django_user_model.objects.create_superuser("editor", "e@example.com", PASSWORD)
    page = browser_page

    sign_in(
        page, live_server.url, "editor", PASSWORD, lands_on=r"/admin/security/two-factor/setup/"
    )
    assert page.locator("#two-factor-required").is_visible()
    assert page.locator("#two-factor-qr svg").is_visible()  # inline SVG: allowed by the CSP

    # What an authenticator app does with the key it scanned.
    key = b32decode(page.inner_text("#two-factor-secret").replace(" ", ""))
    page.fill("input[name=code]", f"{totp(key):06d}")
    page.click("[data-testid=confirm-code]")

    codes = page.locator("#backup-codes code")
    codes.first.wait_for()
    assert codes.count() == 10
    page.click("[data-testid=continue]")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(f"{live_server.url}/admin/pages/")
    assert "/admin/pages/" in page.url  # no longer sent back to enrolment

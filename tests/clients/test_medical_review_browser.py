"""A clinician records a sign-off in the admin; the reader shows it, in the guide's language,
and says plainly that the Spanish version was never reviewed."""

from __future__ import annotations

import re

from tests.browser import sign_in
from tests.clients.conftest import browser_marks, wait_until

pytestmark = browser_marks

SLUG = "exosome-hair-loss"
LINE = "document.querySelector('.medical-review')?.textContent.length > 0"


def test_sign_off_in_the_admin_shows_in_the_reader(
    live_server, new_page, published_guide, django_user_model
):
    user = django_user_model.objects.create_superuser("grace", "grace@example.com", "correct horse")
    user.first_name, user.last_name = "Dr. Grace", "Hopper"
    user.save()
    page = new_page("en-US")
    sign_in(page, live_server.url, "grace", "correct horse")

    page.goto(f"{live_server.url}/admin/pages/{published_guide.pk}/edit/")
    page.click("header button[aria-label=Actions]")
    page.get_by_role("link", name="Medical sign-off").click()
    page.wait_for_url(re.compile(rf"/admin/clinical/sign-off/{published_guide.pk}/$"))
    page.fill("input[name=reviewed_on]", "2026-11-20")
    page.fill("input[name=credentials]", "MD, Dermatology")
    page.fill("textarea[name=notes]", "Checked the efficacy claims.")
    page.fill("textarea[name=evidence]", "Cochrane review 2025")
    page.click("[data-testid=record-sign-off]")
    page.wait_for_url(re.compile(rf"/admin/pages/{published_guide.pk}/edit/$"))
    assert "Medical sign-off" in page.locator(".messages").inner_text()

    reader = new_page("en-US")
    reader.goto(f"{live_server.url}/reader/#/en/{SLUG}")
    wait_until(reader, LINE)
    line = reader.locator(".medical-review").inner_text()
    assert "Medically reviewed by Dr. Grace Hopper, MD, Dermatology on November 20, 2026." in line
    assert "Next review due November 20, 2027." in line
    assert reader.locator(".medical-review").get_attribute("lang") == "en"

    reader.select_option("#locale-select", "es")
    reader.wait_for_url(f"**/reader/#/es/{SLUG}")
    wait_until(reader, "document.querySelector('.medical-review')?.lang === 'es'")
    wait_until(reader, LINE)
    spanish = reader.locator(".medical-review")
    assert (
        spanish.inner_text() == "Esta versión en español todavía no ha sido revisada médicamente."
    )
    assert spanish.get_attribute("data-state") == "missing"
    assert reader.errors == []

"""A reviewer's rejected edit stays in the field, with the error next to it and in view,
in headless Debian Chromium driven by Playwright."""

from __future__ import annotations

from tests.browser import BROWSER_MARKS, sign_in, wait_until
from tests.clients.conftest import serious_axe_violations

pytestmark = BROWSER_MARKS

FOCUSED_IN_VIEW = """id => {
    const field = document.activeElement;
    if (field.tagName !== "TEXTAREA" || field.closest("tr").id !== id) return false;
    const error = document.getElementById(field.getAttribute("aria-describedby"));
    const f = field.getBoundingClientRect(), e = error.getBoundingClientRect();
    const seen = r => r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
    const below = e.top - f.bottom >= 0 && e.top - f.bottom < 40 && Math.abs(e.left - f.left) < 20;
    return seen(f) && seen(e) && below;
}"""


def test_rejected_markup_stays_in_the_field_with_its_error_beside_it(
    live_server, browser_page, django_user_model, seed_path
):
    from content.services import import_guide_file
    from locales.machine_translation.drafts import create_machine_draft
    from locales.review.selectors import segment_rows, translation_for_page
    from locales.services import sync_locales

    sync_locales()
    source = import_guide_file(seed_path, slug="exosome-hair-loss", publish=True).page
    translation = translation_for_page(create_machine_draft(source, "es").page)
    row = [r for r in segment_rows(translation) if r.path.endswith(".answer")][3]
    machine_text = row.translated_text
    django_user_model.objects.create_superuser("editor", "editor@example.com", "correct horse")
    page = browser_page
    sign_in(page, live_server.url, "editor", "correct horse")
    page.goto(f"{live_server.url}/admin/translations/review/{translation.pk}/")

    segment = page.locator(f"#segment-{row.segment.pk}")
    segment.locator("textarea").fill("<i>x</i>")
    with page.expect_navigation():
        segment.locator("button[value=save]").click()

    segment = page.locator(f"#segment-{row.segment.pk}")
    field = segment.locator("textarea")
    assert field.input_value() == "<i>x</i>"
    assert field.get_attribute("aria-invalid") == "true"
    error = page.locator(f"#{field.get_attribute('aria-describedby')}")
    assert "markup does not match" in error.inner_text()
    assert segment.locator(".review-field-error").count() == 1  # in the segment's own row
    # autofocus puts the focus on the field and scrolls it into view, its error right below
    wait_until(page, FOCUSED_IN_VIEW, f"segment-{row.segment.pk}")
    # WCAG 2.1 AA on the field and its error (the status cell's colours fail contrast
    # already, before this change)
    assert serious_axe_violations(page, context=f"#segment-{row.segment.pk} td.target") == []

    stored = next(r for r in segment_rows(translation) if r.segment.pk == row.segment.pk)
    assert stored.translated_text == machine_text  # nothing stored

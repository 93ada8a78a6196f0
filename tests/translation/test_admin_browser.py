"""An editor machine-translates the demo guide to Spanish, reviews it side by side,
approves and publishes it, in headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import re

from tests.browser import BROWSER_MARKS, sign_in

pytestmark = BROWSER_MARKS


def test_editor_translates_reviews_and_publishes_spanish(
    live_server, browser_page, django_user_model, seed_path, sample_language_provider
):
    # Drafts in Spanish words (tests/doubles.py): QA flags pseudo-localized text, so
    # "approve all without warnings" would leave the pseudo provider's drafts for review.
    from content.models import GuidePage
    from content.services import import_guide_file
    from locales.services import sync_locales

    sync_locales()
    source = import_guide_file(seed_path, slug="exosome-hair-loss", publish=True).page
    django_user_model.objects.create_superuser("editor", "editor@example.com", "correct horse")
    page = browser_page

    sign_in(page, live_server.url, "editor", "correct horse")

    # The source guide offers "Machine-translate"
    page.goto(f"{live_server.url}/admin/pages/{source.pk}/edit/")
    page.click("header button[aria-label=Actions]")
    page.get_by_role("link", name="Machine-translate").click()
    page.wait_for_url(re.compile(rf"/admin/translations/machine-translate/{source.pk}/$"))
    page.check("input[name=locales][value=es]")
    page.click("[data-testid=start-machine-translation]")

    # The job page shows progress and, when done, the review link
    page.wait_for_url(re.compile(r"/admin/translations/jobs/\d+/$"))
    review_link = page.locator("#job-links a[data-locale=es]")
    review_link.wait_for()
    assert "Succeeded" in page.inner_text("#job-status") or "succeeded" in page.inner_text(
        "#job-status"
    )
    review_link.click()

    # Side by side: every segment, source beside its machine translation
    page.wait_for_url(re.compile(r"/admin/translations/review/\d+/$"))
    rows = page.locator("tr.segment")
    assert rows.count() == 36
    assert page.locator("[data-testid=publish-translation]").is_disabled()
    question = page.locator("tr.segment", has_text="What are Exosomes?")
    assert "What are Exosomes?" in question.locator("td.source").inner_text()
    from locales.review.selectors import segment_rows, translation_for_page

    draft = GuidePage.objects.get(
        translation_key=source.translation_key, locale__language_code="es"
    )
    machine = {r.source_text: r.translated_text for r in segment_rows(translation_for_page(draft))}
    assert question.locator("textarea").input_value() == machine["What are Exosomes?"]
    assert machine["What are Exosomes?"] != "What are Exosomes?"

    # The reviewer corrects the title, approves it, then approves everything without warnings
    title_row = page.locator("tr.segment[data-path=title]")
    title_row.locator("textarea").fill("Guía sobre exosomas y caída del cabello")
    title_row.locator("button[value=save_approve]").click()
    page.wait_for_load_state()
    assert page.locator("tr.segment[data-path=title]").get_attribute("data-status") == "reviewed"
    page.click("[data-testid=approve-all]")
    page.wait_for_load_state()
    assert page.locator("#review-pending").get_attribute("data-pending") == "0"

    page.click("[data-testid=publish-translation]")
    page.wait_for_load_state()
    assert "Published" in page.content()

    spanish = GuidePage.objects.get(
        translation_key=source.translation_key, locale__language_code="es"
    )
    assert spanish.live is True
    assert spanish.title == "Guía sobre exosomas y caída del cabello"
    assert spanish.live_revision.user.username == "editor"

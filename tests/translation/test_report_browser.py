"""An editor drives the translation status report in headless Debian Chromium: filters to
Spanish, starts a bulk machine translation, watches the cells change as a worker runs the
jobs, and opens the review screen from a cell."""

from __future__ import annotations

import re

from tests.browser import BROWSER_MARKS, sign_in, wait_until

pytestmark = BROWSER_MARKS


def test_filter_bulk_translate_watch_cells_and_open_review(
    live_server, browser_page, django_user_model, seed_path, settings
):
    from content.services import import_guide_file, import_guide_text
    from locales.machine_translation.jobs import JobStatus, TranslationJob
    from locales.machine_translation.tasks import run_job
    from locales.services import sync_locales

    # Jobs wait in the queue until "the worker" (this test) runs them.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    sync_locales()
    demo = import_guide_file(seed_path, slug="exosome-hair-loss", publish=True).page
    second = import_guide_text(
        "A second guide.\n\n1. How much?\nTake 5 mg daily.\n",
        slug="second",
        title="Second guide",
        publish=True,
    ).page
    django_user_model.objects.create_superuser("editor", "editor@example.com", "correct horse")
    page = browser_page

    sign_in(page, live_server.url, "editor", "correct horse")

    # Reports menu → Translation status: both guides, every target locale
    page.goto(f"{live_server.url}/admin/translations/reports/status/")
    assert page.locator("td.status-cell").count() == 2 * 6

    # Filter to Spanish with Wagtail's filter drawer
    page.click("button[aria-label='Show filters']")
    page.click("button[aria-controls='drilldown-id_locale']")
    page.select_option("#id_locale", "es")
    wait_until(page, "document.querySelectorAll('td.status-cell').length === 2")
    assert set(
        page.locator("td.status-cell").evaluate_all("cs => cs.map(c => c.dataset.locale)")
    ) == {"es"}
    page.keyboard.press("Escape")

    # Select both guides and start a bulk machine translation into Spanish
    page.check("input[data-select-all-guides]")
    assert page.locator("input[name=locales][value=es]").is_checked()
    page.click("[data-testid=bulk-machine-translate]")
    page.wait_for_url(re.compile(r"/reports/status/\?(.*&)?locale=es(&|$)"))
    assert "Started 2 machine-translation jobs." in page.content()
    demo_cell = page.locator(f"#cell-{demo.pk}-es")
    assert demo_cell.get_attribute("data-state") == "job_running"
    assert "queued" in demo_cell.inner_text()

    # A second click while they are queued starts nothing
    page.check("input[data-select-all-guides]")
    page.click("[data-testid=bulk-machine-translate]")
    page.wait_for_load_state()
    assert "2 already queued or running, not repeated." in page.content()
    assert TranslationJob.objects.count() == 2

    # The worker runs the jobs; the open report updates its cells without a reload
    for job in TranslationJob.objects.filter(status=JobStatus.QUEUED):
        run_job(job.pk)
    wait_until(
        page, f"document.getElementById('cell-{demo.pk}-es').dataset.state === 'machine_draft'"
    )
    wait_until(
        page, f"document.getElementById('cell-{second.pk}-es').dataset.state === 'machine_draft'"
    )
    assert "reviewed 0 of 36" in page.locator(f"#cell-{demo.pk}-es").inner_text()
    assert (
        page.locator("#status-totals td[data-locale=es][data-state=machine_draft]").inner_text()
        == "2"
    )

    # The cell's action opens the review screen of that translation
    page.locator(f"#cell-{demo.pk}-es a.status-action").click()
    page.wait_for_url(re.compile(r"/admin/translations/review/\d+/$"))
    assert page.locator("tr.segment").count() == 36

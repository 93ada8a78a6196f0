"""The offline reader (/reader/) in Chromium: list, guide, languages, RTL, offline, sync."""

from __future__ import annotations

from content.models import GuidePage
from tests.clients.catalogue import message, message_prefix
from tests.clients.conftest import (
    browser_marks,
    edit_answer,
    item_ids,
    serious_axe_violations,
    wait_until,
)

pytestmark = browser_marks

SLUG = "exosome-hair-loss"
ITEMS = "li.item[data-item-id]"


def wait_for_sync(page, *, after: int = 0, state: str | None = None) -> None:
    """Until a sync attempt newer than `after` has finished (optionally in `state`)."""
    wait_until(
        page,
        "([after, state]) => Number(document.documentElement.dataset.syncs || 0) > after"
        " && (!state || document.documentElement.dataset.sync === state)",
        arg=[after, state],
    )


def syncs(page) -> int:
    return int(page.evaluate("document.documentElement.dataset.syncs || 0"))


def rendered_ids(page) -> list[str]:
    return page.eval_on_selector_all(ITEMS, "items => items.map(i => i.dataset.itemId)")


def test_reader_lists_opens_switches_language_and_reads_arabic_right_to_left(
    live_server, new_page, published_guide
):
    page = new_page("en-US")
    page.goto(f"{live_server.url}/reader/")
    wait_for_sync(page, state="ok")
    assert page.evaluate("document.documentElement.lang") == "en"
    link = page.get_by_role("link", name=published_guide.title)
    assert page.locator(".guide-list > li").count() == 1
    assert serious_axe_violations(page) == []  # the list view, English

    link.click()
    page.wait_for_url(f"**/reader/#/en/{SLUG}")
    page.locator(ITEMS).nth(14).wait_for()
    expected = item_ids(published_guide)
    assert rendered_ids(page) == expected and len(expected) == 15
    assert page.locator("h3.question").first.inner_text() == "1. What are Exosomes?"
    assert page.locator(".group").count() == 2
    assert (
        page.locator(".group").nth(1).locator(ITEMS).first.locator(".number").inner_text() == "1."
    )
    wait_until(page, "document.querySelector('.medical-review')?.textContent.length > 0")
    review = page.locator(".medical-review").inner_text()
    assert "Medically reviewed by Dr. Ada Example, MD, Dermatology on November 1, 2026." in review
    assert "Next review due November 1, 2027." in review
    assert (
        "not a substitute for professional medical advice"
        in page.locator(".disclaimer").inner_text()
    )
    assert serious_axe_violations(page) == []  # the guide view, English

    # The language switcher: Spanish, downloaded on first use; same items, same ids.
    page.select_option("#locale-select", "es")
    page.wait_for_url(f"**/reader/#/es/{SLUG}")
    wait_until(page, "document.documentElement.lang === 'es'")
    page.locator(ITEMS).nth(14).wait_for()
    assert rendered_ids(page) == expected
    spanish = GuidePage.objects.get(
        translation_key=published_guide.translation_key, locale__language_code="es"
    )
    assert page.locator("h1").inner_text() == spanish.title != published_guide.title
    assert message_prefix("es", "translation.machineOn") in page.locator(".review").inner_text()

    # Arabic: right to left, from the API's `direction`.
    page.select_option("#locale-select", "ar")
    wait_until(page, "document.documentElement.dir === 'rtl'")
    page.locator(ITEMS).nth(14).wait_for()
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.locator("article.guide").get_attribute("dir") == "rtl"
    assert rendered_ids(page) == expected
    assert serious_axe_violations(page) == []  # the guide view, Arabic
    page.get_by_role("link", name=message("ar", "guide.back")).click()
    wait_until(page, "document.documentElement.dataset.view === 'list'")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert serious_axe_violations(page) == []  # the list view, Arabic
    assert page.errors == []


def test_reader_works_offline_and_syncs_only_what_changed(live_server, new_page, published_guide):
    page = new_page("es-MX")  # navigator.languages picks Spanish
    page.goto(f"{live_server.url}/reader/")
    wait_for_sync(page, state="ok")
    assert page.evaluate("document.documentElement.lang") == "es"
    page.goto(f"{live_server.url}/reader/#/en/{SLUG}")
    page.locator(ITEMS).nth(14).wait_for()
    wait_until(page, "navigator.serviceWorker.controller !== null")
    wait_for_sync(page, state="ok")

    # No network: a reload still shows every question, from the service worker's shell
    # and IndexedDB, and says it is offline.
    page.context.set_offline(True)
    page.reload()
    wait_for_sync(page, state="offline")
    page.locator(ITEMS).nth(14).wait_for()
    assert rendered_ids(page) == item_ids(published_guide)
    assert page.locator("#status").inner_text() == message("en", "sync.offline")

    # Local search, offline.
    page.get_by_label(message("en", "search.questions")).fill("safe")
    wait_until(page, "document.querySelector('#search-questions-count').textContent !== ''")
    visible = page.locator(f"{ITEMS}:visible")
    assert 0 < visible.count() < 15
    for text in visible.all_inner_texts():
        assert "safe" in text.lower()
    assert page.locator("#search-questions-count").inner_text() == message(
        "en", "search.questionsCount", count=visible.count(), total=15
    )

    # The list view reloads offline too.
    page.goto(f"{live_server.url}/reader/#/en/")
    page.reload()
    wait_for_sync(page, state="offline")
    assert page.locator(".guide-list > li").count() == 1
    page.goto(f"{live_server.url}/reader/#/en/{SLUG}")
    page.locator(ITEMS).nth(14).wait_for()

    # An editor publishes a new answer while the reader is offline; back online, the
    # reader syncs a delta (no bundle download) and shows it.
    edit_answer(published_guide, 0, "<p>Exosomes are <b>tiny</b> messengers between cells.</p>")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    before = syncs(page)
    page.context.set_offline(False)
    wait_for_sync(page, after=before, state="ok")
    first = page.locator(ITEMS).first.locator(".answer")
    first.get_by_text("messengers between cells").wait_for()
    assert first.locator("strong").inner_text() == "tiny"
    api_calls = [url for url in requests if "/api/v1/" in url]
    assert api_calls and all("/api/v1/sync/" in url and "since=" in url for url in api_calls)

    # The guide is unpublished: after the next sync it is gone, from both views.
    published_guide.refresh_from_db()
    published_guide.unpublish()
    page.context.set_offline(True)
    wait_until(page, "!navigator.onLine")
    page.context.set_offline(False)  # the browser's `online` event starts a sync
    wait_until(page, "document.documentElement.dataset.view === 'missing'")
    page.get_by_role("link", name=message("en", "missing.link")).click()
    wait_until(page, "document.documentElement.dataset.view === 'list'")
    assert page.locator(".guide-list > li").count() == 0
    assert not any("/bundles/" in url for url in requests)
    assert page.errors == []


def test_an_api_error_is_shown_and_stored_guides_are_kept(live_server, new_page, published_guide):
    page = new_page("en-US")
    page.goto(f"{live_server.url}/reader/#/en/{SLUG}")
    wait_for_sync(page, state="ok")
    before = syncs(page)
    page.route(
        "**/api/v1/sync/**",
        lambda route: route.fulfill(
            status=500,
            content_type="application/json",
            body='{"error": {"code": "server_error", "message": "Try again later.", "details": null}}',
        ),
    )
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_for_sync(page, after=before, state="error")
    alert = page.get_by_role("alert")
    assert "Try again later." in alert.inner_text() and alert.is_visible()
    assert page.locator(ITEMS).count() == 15
    assert page.errors == []

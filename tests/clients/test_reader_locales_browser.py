"""The reader in the reader's language, on a phone: its own words come from the locale's
catalogue (no English left in a Spanish reader), Arabic reads right to left with values
isolated, no page is wider than a 320-412 px phone, and offline it says which languages
are saved."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.clients.catalogue import catalogue, fixed_texts, message, message_prefix
from tests.clients.conftest import (
    browser_marks,
    publish_answers_in,
    serious_axe_violations,
    sign_off_translations,
    wait_until,
)
from tests.clients.test_reader_browser import ITEMS, SLUG, wait_for_sync

pytestmark = browser_marks

# Everything a reader sees that is not content: text, labels for assistive technology,
# the tab's title, and the language of each element that carries text (but the language
# picker, where each language is named in itself).
INTERFACE = """() => {
  const attrs = [...document.querySelectorAll('[aria-label], [placeholder], [title]')]
    .flatMap(e => ['aria-label', 'placeholder', 'title'].map(a => e.getAttribute(a)).filter(Boolean));
  const english = [...document.querySelectorAll('body *')]
    .filter(e => !e.hidden && !e.closest('select') && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .filter(e => (e.closest('[lang]')?.lang || '').toLowerCase().startsWith('en'))
    .map(e => e.outerHTML.slice(0, 120));
  return {text: document.body.innerText + '\\n' + attrs.join('\\n') + '\\n' + document.title, english};
}"""


def english_interface_left(page) -> list[str]:
    """English catalogue messages (whole, or the words before a value) on the page, and
    elements whose text is marked English."""
    seen = page.evaluate(INTERFACE)
    texts = fixed_texts("en") + [
        message_prefix("en", key)
        for key, text in catalogue("en")["messages"].items()
        if isinstance(text, str) and "{" in text and len(message_prefix("en", key)) > 12
    ]
    found = [text for text in texts if len(text) > 3 and text in seen["text"]]
    return found + seen["english"]


def test_the_reader_in_spanish_shows_no_english_interface_text(
    live_server, new_page, published_guide
):
    sign_off_translations(published_guide, "es")
    page = new_page("es-ES")
    page.goto(f"{live_server.url}/reader/")
    wait_for_sync(page, state="ok")
    wait_until(page, "document.documentElement.dataset.view === 'list'")
    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.locator("#status").inner_text() == message("es", "sync.updated")
    assert page.locator("h1").inner_text() == message("es", "app.name")
    assert page.locator("label[for=locale-select]").inner_text() == message("es", "app.language")
    assert english_interface_left(page) == []

    page.get_by_role("link", name=page.locator(".guide-link").inner_text()).click()
    page.locator(ITEMS).nth(14).wait_for()
    assert page.title().endswith(message("es", "app.pageTitle", title="").strip())
    assert page.get_by_role("link", name=message("es", "guide.back")).is_visible()
    review = page.locator(".medical-review").inner_text()
    assert review.startswith(message_prefix("es", "review.byOn"))
    assert "1 de noviembre de 2026" in review  # Intl.DateTimeFormat in the guide's locale
    page.get_by_label(message("es", "search.questions")).fill("a")
    wait_until(page, "document.querySelector('#search-questions-count').textContent !== ''")
    shown = page.locator(f"{ITEMS}:visible").count()
    assert page.locator("#search-questions-count").inner_text() == message(
        "es", "search.questionsCount", count=shown, total=15
    )
    assert english_interface_left(page) == []
    # The language picker: native names only, each in its own language.
    options = page.eval_on_selector_all(
        "#locale-select option", "os => os.map(o => [o.value, o.text, o.lang])"
    )
    assert ["pt-BR", "Português (Brasil)", "pt-BR"] in options
    assert ["ar", "العربية", "ar"] in options
    assert page.errors == []


def test_the_reader_in_arabic_is_right_to_left_with_values_isolated(
    live_server, new_page, published_guide
):
    sign_off_translations(published_guide, "ar")
    page = new_page("ar")
    page.goto(f"{live_server.url}/reader/#/ar/{SLUG}")
    wait_for_sync(page, state="ok")
    page.locator(ITEMS).nth(14).wait_for()
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    status = page.locator("#status")
    assert status.inner_text() == message("ar", "sync.updated")
    assert status.get_attribute("dir") == "rtl"  # the full stop stays at the end of the line
    review = page.locator(".medical-review")
    assert review.get_attribute("lang") == "ar" and review.get_attribute("dir") == "rtl"
    assert review.inner_text().startswith(message_prefix("ar", "review.byOn"))
    # The reviewer's name and the dates (reviewed, next review) are each isolated (<bdi>)
    # in the Arabic sentence, and so is the date in the translation line.
    assert review.locator("bdi").count() == 3
    assert page.locator(".review bdi").count() == 1
    assert english_interface_left(page) == []
    assert serious_axe_violations(page) == []
    assert page.errors == []


# Every locale on the narrowest phone (320 px); en, es and ar at 360 px; Arabic at 412 px
# (where it once opened shifted, 684 px wide).
PHONES = [(320, code) for code in ("en", "es", "fr", "de", "pt-BR", "ar", "zh-Hans")] + [
    (360, "en"),
    (360, "es"),
    (360, "ar"),
    (412, "ar"),
]
LONG_WORD = "Haarausfallbehandlungsmöglichkeitenübersicht" * 4


def overflow(page) -> dict:
    return page.evaluate(
        """() => ({page: document.documentElement.scrollWidth,
                   view: document.documentElement.clientWidth,
                   x: window.scrollX,
                   wide: [...document.querySelectorAll('body *')]
                     .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                               || e.getBoundingClientRect().left < -1)
                     .map(e => e.tagName + '.' + e.className).slice(0, 5)})"""
    )


def test_the_reader_fits_a_phone_in_every_locale_without_sideways_scrolling(
    live_server, browser, published_guide
):
    """320-412 px wide, list and guide views: nothing wider than the screen, even an
    unbroken 176-letter word in an answer (German, published outside the workflow)."""
    publish_answers_in(published_guide, "de", f"<p>{LONG_WORD}</p>")
    shots = os.environ.get("READER_SHOTS")  # a folder: screenshots of each phone view
    for width, code in PHONES:
        context = browser.new_context(
            locale=code, viewport={"width": width, "height": 740}, device_scale_factor=2
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        for route, view in ((f"#/{code}/", "list"), (f"#/{code}/{SLUG}", "guide")):
            page.goto(f"{live_server.url}/reader/{route}")
            wait_until(page, f"document.documentElement.dataset.view === '{view}'")
            if view == "guide":
                page.locator(ITEMS).nth(14).wait_for()
            wait_until(page, "document.documentElement.dataset.sync === 'ok'")
            sizes = overflow(page)
            assert sizes["page"] <= width and sizes["x"] == 0, (width, code, view, sizes)
            assert sizes["wide"] == [], (width, code, view, sizes)
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.evaluate("window.scrollTo(0, 0)")  # opening a guide focuses <main>
                page.screenshot(path=f"{shots}/reader-{code}-{width}px-{view}.png")
                if view == "guide":
                    page.screenshot(
                        path=f"{shots}/reader-{code}-{width}px-{view}-full.png", full_page=True
                    )
        context.close()


@pytest.mark.parametrize("code", ["fr"])
def test_offline_a_language_never_opened_says_so_and_links_the_saved_ones(
    live_server, new_page, published_guide, code
):
    page = new_page("en-US")
    page.goto(f"{live_server.url}/reader/#/en/")
    wait_for_sync(page, state="ok")
    wait_until(page, "navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/reader/#/{code}/")
    wait_for_sync(page, state="offline")
    assert page.evaluate("document.documentElement.lang") == code
    assert page.locator("#status").inner_text() == message(code, "sync.offlineOther")
    assert page.locator("h1").inner_text() == message(code, "notSaved.title")
    saved = page.locator(".saved-locales a")
    assert saved.all_inner_texts() == ["English"] and saved.get_attribute("lang") == "en"
    saved.click()
    wait_until(page, "document.documentElement.dataset.view === 'list'")
    assert page.locator(".guide-list > li").count() == 1
    assert page.errors == []


def test_i18n_js_chooses_catalogues_plural_forms_and_falls_back_to_english_only_without_one(
    live_server, new_page, locales
):
    page = new_page("en-US")
    page.goto(f"{live_server.url}/reader/")
    result = page.evaluate(
        """async () => {
          const { loadMessages } = await import('/static/clients/web/i18n.js');
          const m = async (code) => await loadMessages(code);
          const es = await m('es-MX'), fr = await m('fr'), de = await m('de');
          return {
            locales: await Promise.all(['es-MX', 'pt', 'zh-CN', 'zh-TW', 'it', 'ar-EG']
              .map(async (code) => (await m(code)).locale)),
            esOne: es.t('search.questionsCount', {count: 1, total: 15}),
            esMany: es.t('search.questionsCount', {count: 4, total: 15}),
            frZero: fr.t('search.questionsCount', {count: 0, total: 15}),
            deOne: de.t('search.guidesCount', {count: 1, total: 2}),
            parts: es.parts('review.byOn', {name: 'Dr. A', date: '1 de noviembre de 2026'}),
            direction: (await m('ar')).direction,
          };
        }"""
    )
    assert result["locales"] == ["es", "pt-BR", "zh-Hans", "en", "en", "ar"]
    assert result["esOne"] == message("es", "search.questionsCount", count=1, total=15)
    assert result["esMany"] == message("es", "search.questionsCount", count=4, total=15)
    assert result["esOne"] != result["esMany"].replace("4", "1")  # a real plural form
    assert result["frZero"] == message("fr", "search.questionsCount", count=0, total=15)
    assert result["deOne"] == message("de", "search.guidesCount", count=1, total=2)
    # Text and values apart (values go in <bdi>): the catalogue's text split at its values.
    template = catalogue("es")["messages"]["review.byOn"]
    assert [p if isinstance(p, str) else p["name"] for p in result["parts"]] == [
        piece for piece in re.split(r"\{(\w+)\}", template) if piece
    ]
    assert result["direction"] == "rtl"

"""The clinic embed on a page served from ANOTHER origin, in Chromium."""

from __future__ import annotations

import json

from api.access.keys import create_api_key
from content.models import GuidePage
from tests.clients.catalogue import message, message_prefix
from tests.clients.conftest import (
    browser_marks,
    item_ids,
    publish_answers_in,
    serious_axe_violations,
    sign_off_translations,
)

pytestmark = browser_marks

SLUG = "exosome-hair-loss"


def clinic_page(api_origin: str, *elements: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sunrise Clinic: hair loss</title></head>
<body><main><h1>Sunrise Clinic</h1><p><a id="before" href="#contact">Contact us</a></p>
{"".join(elements)}
</main>
<script type="module" src="{api_origin}/embed/v1/health-guide.js"></script>
</body></html>"""


def json_ld(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.head.querySelectorAll('script[type="application/ld+json"]')]
             .map(s => JSON.parse(s.textContent))"""
    )


def test_embed_renders_on_another_origin_with_json_ld_and_keyboard_accordion(
    live_server, new_page, published_guide, clinic_site
):
    origin, pages = clinic_site
    own_key = create_api_key("Sunrise Clinic", origins=[origin]).raw_key
    foreign_key = create_api_key("Other Clinic", origins=["https://other-clinic.example"]).raw_key
    pages["/guide.html"] = clinic_page(
        live_server.url,
        f'<health-guide id="anonymous" slug="{SLUG}" locale="es"></health-guide>',
        f'<health-guide id="keyed" slug="{SLUG}" locale="es" api-key="{own_key}"></health-guide>',
        f'<health-guide id="foreign" slug="{SLUG}" api-key="{foreign_key}"></health-guide>',
        '<health-guide id="unknown" slug="no-such-guide" locale="es"></health-guide>',
    )
    page = new_page("en-US")
    page.goto(f"{origin}/guide.html")
    assert page.evaluate("location.origin") != live_server.url

    # Anonymous (no key) and keyed (the key's own origin) both render all 15 items.
    expected = item_ids(published_guide)
    for element in ("#anonymous", "#keyed"):
        items = page.locator(f"{element} details[data-item-id]")
        items.nth(14).wait_for()
        ids = page.eval_on_selector(
            element,
            "e => [...e.shadowRoot.querySelectorAll('details')].map(d => d.dataset.itemId)",
        )
        assert ids == expected
    spanish = GuidePage.objects.get(
        translation_key=published_guide.translation_key, locale__language_code="es"
    )
    assert page.locator("#anonymous h2").inner_text() == spanish.title
    assert page.eval_on_selector("#anonymous", "e => e.shadowRoot.mode") == "open"

    # A key bound to another origin, and an unknown guide: visible errors, not blank.
    foreign = page.locator("#foreign [role=alert]")
    foreign.wait_for()
    # No locale attribute: the browser's languages (en-US) choose English words.
    refused = message("en", "embed.originRefused", origin=origin)
    assert refused in foreign.inner_text() and foreign.is_visible()
    unknown = page.locator("#unknown [role=alert]")
    unknown.wait_for()
    # locale="es": the error is in Spanish.
    not_found = message("es", "embed.notFound", slug="no-such-guide")
    assert not_found in unknown.inner_text() and unknown.is_visible()

    # Exactly one FAQPage for the guide in the host's <head>, with all 15 questions.
    (data,) = json_ld(page)
    assert data["@type"] == ["MedicalWebPage", "FAQPage"] and data["inLanguage"] == "es"
    assert len(data["mainEntity"]) == 15
    assert (
        data["mainEntity"][0]["name"]
        == page.locator("#anonymous summary").first.inner_text().split(" ", 1)[1]
    )

    # Keyboard: Tab reaches the first question, Enter opens it, Tab moves on, Space opens.
    page.focus("#before")
    page.keyboard.press("Tab")
    focused = (
        "() => document.activeElement.shadowRoot?.activeElement?.closest('details')?.dataset.itemId"
    )
    assert page.evaluate(focused) == expected[0]
    first = page.locator("#anonymous details").first
    assert first.get_attribute("open") is None
    page.keyboard.press("Enter")
    assert first.get_attribute("open") is not None
    assert first.locator(".answer").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == expected[1]
    page.keyboard.press("Space")
    assert page.locator("#anonymous details").nth(1).get_attribute("open") is not None

    assert serious_axe_violations(page) == []  # the embed, its errors included

    # The network goes down: a new element (for a locale not in the HTTP cache; its words,
    # Spanish, already loaded) says so.
    page.context.set_offline(True)
    page.evaluate(
        """() => { const e = document.createElement('health-guide');
                   e.id = 'offline'; e.setAttribute('slug', 'exosome-hair-loss');
                   e.setAttribute('locale', 'es-MX'); document.querySelector('main').append(e); }"""
    )
    offline = page.locator("#offline [role=alert]")
    offline.wait_for()
    assert message("es", "embed.unreachable") in offline.inner_text()
    assert len(json_ld(page)) == 1
    assert page.errors == []


def test_embed_script_url_is_cacheable_and_cors_enabled(
    live_server, new_page, clinic_site, locales
):
    origin, pages = clinic_site
    pages["/cors.html"] = "<!doctype html><title>x</title>"
    page = new_page()
    page.goto(f"{origin}/cors.html")
    result = page.evaluate(
        """async (url) => { const r = await fetch(url, {mode: 'cors'});
             return {status: r.status, etag: r.headers.get('ETag'),
                     cache: r.headers.get('Cache-Control'), type: r.headers.get('Content-Type')}; }""",
        f"{live_server.url}/embed/v1/health-guide.js",
    )
    assert result["status"] == 200 and result["etag"]
    assert result["cache"] == "public, max-age=300"
    assert result["type"].startswith("text/javascript")


HOSTILE = (
    '<p>Safe <b onclick="window.__pwned=1">bold</b>'
    '<img src="x" onerror="window.__pwned=2">'
    "<script>window.__pwned=3</script>"
    '<a href="javascript:window.__pwned=4">js link</a> '
    '<svg onload="window.__pwned=5"><circle r="1"></circle></svg>'
    '<iframe srcdoc="<script>parent.__pwned=6</script>"></iframe>'
    '<a href="https://example.org/study" onmouseover="window.__pwned=7" style="x">study</a> '
    "&lt;img src=x onerror=window.__pwned=8&gt;</p>"
)
ALLOWED = {"P", "STRONG", "EM", "A", "UL", "OL", "LI", "BR"}


def rendered_answer(page, selector: str) -> dict:
    """Tags and attributes of everything under an answer (in light or shadow DOM)."""
    return page.evaluate(
        """(selector) => {
             const find = (root) => root.querySelector(selector) ||
               [...root.querySelectorAll('*')].map(e => e.shadowRoot && find(e.shadowRoot)).find(Boolean);
             const answer = find(document);
             const all = [...answer.querySelectorAll('*')];
             return {tags: all.map(e => e.tagName),
                     attrs: all.flatMap(e => [...e.attributes].map(a => `${e.tagName}[${a.name}=${a.value}]`)),
                     text: answer.textContent, pwned: window.__pwned ?? null};
           }""",
        selector,
    )


def test_hostile_markup_in_an_answer_never_becomes_markup(
    live_server, new_page, published_guide, clinic_site
):
    publish_answers_in(published_guide, "fr", HOSTILE)
    first_id = item_ids(published_guide)[0]
    origin, pages = clinic_site
    pages["/hostile.html"] = clinic_page(
        live_server.url, f'<health-guide slug="{SLUG}" locale="fr"></health-guide>'
    )
    reader = new_page()
    reader.goto(f"{live_server.url}/reader/#/fr/{SLUG}")
    reader.locator(f'[data-item-id="{first_id}"] .answer').get_by_text("Safe").wait_for()
    embed = new_page()
    embed.goto(f"{origin}/hostile.html")
    embed.locator(f'details[data-item-id="{first_id}"] summary').click()
    embed.locator(f'details[data-item-id="{first_id}"] .answer').get_by_text("Safe").wait_for()

    for page in (reader, embed):
        answer = rendered_answer(page, f'[data-item-id="{first_id}"] .answer')
        assert set(answer["tags"]) <= ALLOWED, answer
        assert answer["attrs"] == [
            "A[href=https://example.org/study]",
            "A[rel=noopener noreferrer]",
        ], answer
        # The escaped text stays text; nothing ran.
        assert "<img src=x onerror=window.__pwned=8>" in answer["text"]
        assert answer["pwned"] is None
        assert page.errors == []
    data = json.dumps(json_ld(embed))
    assert "onerror" not in data.replace("onerror=window.__pwned=8", "") and "<script" not in data


def test_the_embed_says_who_reviewed_a_translation_and_when_it_shows_the_original(
    live_server, new_page, published_guide, clinic_site
):
    """Medical text: a reader sees that a person reviewed the machine's Spanish, and that
    the French page shows the English original (no reviewed French yet)."""
    origin, pages = clinic_site
    pages["/two.html"] = clinic_page(
        live_server.url,
        f'<health-guide id="spanish" slug="{SLUG}" locale="es"></health-guide>',
        f'<health-guide id="french" slug="{SLUG}" locale="fr"></health-guide>',
    )
    page = new_page("en-US")
    page.goto(f"{origin}/two.html")
    for element in ("#spanish", "#french"):
        page.locator(f"{element} details[data-item-id]").nth(14).wait_for()
    assert message_prefix("es", "translation.machineOn") in (
        page.locator("#spanish .review").inner_text()
    )
    assert page.locator("#spanish .fallback").count() == 0
    # The note is in the embed's language (French), about the English shown.
    french_note = page.locator("#french .fallback")
    assert french_note.inner_text() == message("fr", "guide.fallback")
    assert french_note.get_attribute("lang") == "fr"
    assert (
        page.eval_on_selector("#french", "e => e.shadowRoot.querySelector('section').lang") == "en"
    )
    # The French page shows the original: no translation line. Its medical review is the
    # English sign-off, in the embed's words (French); the Spanish translation was never
    # signed off, and says so in Spanish.
    assert page.locator("#french .review").count() == 0
    for element in ("#spanish", "#french"):
        page.wait_for_function(
            "e => document.querySelector(e).shadowRoot.querySelector('.medical-review')"
            "?.textContent.length > 0",
            arg=element,
        )
    french = page.locator("#french .medical-review")
    assert french.get_attribute("lang") == "fr"
    reviewer = message(
        "fr", "review.credentials", name="Dr. Ada Example", credentials="MD, Dermatology"
    )
    assert french.inner_text().startswith(
        message("fr", "review.byOn", name=reviewer, date="1 novembre 2026")
    )
    spanish = page.locator("#spanish .medical-review")
    assert spanish.get_attribute("lang") == "es"
    assert spanish.get_attribute("data-state") == "missing"
    assert spanish.inner_text() == message("es", "review.none")
    assert page.errors == []


def _add_element(page, element_id: str, **attributes: str) -> None:
    page.evaluate(
        """([id, attributes]) => { const e = document.createElement('health-guide'); e.id = id;
             for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
             document.querySelector('main').append(e); }""",
        [element_id, attributes],
    )


def test_a_regional_locale_attribute_is_negotiated_as_the_api_does(
    live_server, new_page, published_guide, clinic_site
):
    """<health-guide locale="es-MX"> shows the Spanish guide (lang="es"); "pt" the original
    with the not-yet-translated note (lang="en"); "zh-TW" (another script than the enabled
    zh-Hans) says the locale is not served."""
    origin, pages = clinic_site
    pages["/regional.html"] = clinic_page(
        live_server.url,
        f'<health-guide id="mexico" slug="{SLUG}" locale="es-MX"></health-guide>',
        f'<health-guide id="brazil" slug="{SLUG}" locale="pt"></health-guide>',
        f'<health-guide id="taiwan" slug="{SLUG}" locale="zh-TW"></health-guide>',
    )
    page = new_page("en-US")
    page.goto(f"{origin}/regional.html")
    for element in ("#mexico", "#brazil"):
        page.locator(f"{element} details[data-item-id]").nth(14).wait_for()
    spanish = GuidePage.objects.get(
        translation_key=published_guide.translation_key, locale__language_code="es"
    )
    assert page.locator("#mexico h2").inner_text() == spanish.title
    lang = "e => e.shadowRoot.querySelector('section.guide').lang"
    assert page.eval_on_selector("#mexico", lang) == "es"
    assert page.locator("#mexico .fallback").count() == 0
    assert page.locator("#brazil h2").inner_text() == published_guide.title
    assert page.eval_on_selector("#brazil", lang) == "en"
    assert page.locator("#brazil .fallback").inner_text() == message("pt-BR", "guide.fallback")
    taiwan = page.locator("#taiwan [role=alert]")
    taiwan.wait_for()
    # No catalogue serves zh-TW (zh-Hans is another script): English, the only fallback.
    assert message("en", "embed.unknownLocale", locale="zh-TW") in taiwan.inner_text()
    assert {data["inLanguage"] for data in json_ld(page)} == {"es", "en"}
    assert page.errors == []


def test_a_browser_shows_the_key_error_not_the_guide_it_has_cached(
    live_server, new_page, published_guide, clinic_site
):
    """Tester's reproduction: with the guide in the browser's HTTP cache (read anonymously,
    or with a good key), an element with a wrong key, or with a key revoked since, showed
    the cached guide instead of the key error."""
    from api.access.keys import create_api_key, revoke_api_key

    origin, pages = clinic_site
    created = create_api_key("Sunrise Clinic", origins=[origin])
    pages["/keys.html"] = clinic_page(
        live_server.url,
        f'<health-guide id="anonymous" slug="{SLUG}" locale="es"></health-guide>',
        f'<health-guide id="keyed" slug="{SLUG}" locale="es" api-key="{created.raw_key}">'
        "</health-guide>",
    )
    page = new_page("en-US")
    page.goto(f"{origin}/keys.html")
    for element in ("#anonymous", "#keyed"):
        page.locator(f"{element} details[data-item-id]").nth(14).wait_for()

    _add_element(page, "wrong", slug=SLUG, locale="es", **{"api-key": "gk_00000000_wrong"})
    wrong = page.locator("#wrong [role=alert]")
    wrong.wait_for()
    assert message("es", "embed.invalidKey") in wrong.inner_text()

    revoke_api_key(created.key)
    _add_element(page, "revoked", slug=SLUG, locale="es", **{"api-key": created.raw_key})
    revoked = page.locator("#revoked [role=alert]")
    revoked.wait_for()
    assert message("es", "embed.invalidKey") in revoked.inner_text()
    assert page.locator("#wrong details, #revoked details").count() == 0
    assert page.errors == []


def test_the_embed_speaks_its_locale_in_its_words_lang_and_direction(
    live_server, new_page, published_guide, clinic_site
):
    """The element's own words (errors, the review line) follow its locale: Arabic is
    right to left with lang="ar", Spanish is Spanish; on an English page."""
    origin, pages = clinic_site
    pages["/words.html"] = clinic_page(
        live_server.url,
        f'<health-guide id="spanish" slug="{SLUG}" locale="es"></health-guide>',
        '<health-guide id="arabic-missing" slug="no-such-guide" locale="ar"></health-guide>',
        '<health-guide id="german-missing" slug="no-such-guide" locale="de"></health-guide>',
    )
    sign_off_translations(published_guide, "es")
    page = new_page("en-US")
    page.goto(f"{origin}/words.html")
    page.locator("#spanish details[data-item-id]").nth(14).wait_for()
    wrapper = "e => { const w = e.shadowRoot.lastElementChild; return [w.lang, w.dir]; }"
    assert page.eval_on_selector("#spanish", wrapper) == ["es", "ltr"]
    review = page.locator("#spanish .medical-review").inner_text()
    assert review.startswith(message_prefix("es", "review.byOn"))
    assert " el 1 de noviembre de 2026." in review  # Intl.DateTimeFormat, in Spanish

    arabic = page.locator("#arabic-missing [role=alert]")
    arabic.wait_for()
    assert page.eval_on_selector("#arabic-missing", wrapper) == ["ar", "rtl"]
    assert arabic.inner_text() == (
        f"{message('ar', 'embed.failed')} {message('ar', 'embed.notFound', slug='no-such-guide')}"
    )
    # The slug (Latin letters) is isolated inside the Arabic sentence.
    assert (
        page.eval_on_selector(
            "#arabic-missing", "e => e.shadowRoot.querySelector('[role=alert] bdi').textContent"
        )
        == "no-such-guide"
    )
    german = page.locator("#german-missing [role=alert]")
    german.wait_for()
    assert message("de", "embed.notFound", slug="no-such-guide") in german.inner_text()
    assert serious_axe_violations(page) == []
    assert page.errors == []

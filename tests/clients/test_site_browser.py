"""The public site's guide pages and 404 in Chromium: on a phone, in English, Spanish and
Arabic, nothing scrolls sideways and axe-core finds no critical or serious violation."""

from __future__ import annotations

import os
from pathlib import Path

from tests.clients.conftest import browser_marks, serious_axe_violations
from tests.clients.test_reader_locales_browser import overflow

pytestmark = browser_marks


def test_site_pages_fit_a_phone_and_pass_axe(live_server, browser, published_guide):
    shots = os.environ.get("READER_SHOTS")
    for path, lang in (
        ("/exosome-hair-loss/", "en"),
        ("/es/exosome-hair-loss/", "es"),
        ("/ar/exosome-hair-loss/", "ar"),
        ("/es/", "es"),
        ("/ar/no-such-page/", "ar"),
    ):
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.lang") == lang
        sizes = overflow(page)
        assert sizes["page"] <= 360 and sizes["wide"] == [], (path, sizes)
        assert serious_axe_violations(page) == [], path
        # The stylesheet applied (the site's CSP allows it: same origin, no inline style).
        assert page.evaluate("getComputedStyle(document.body).overflowWrap") == "anywhere"
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            name = path.strip("/").replace("/", "-") or "home"
            page.screenshot(path=f"{shots}/site-{name}-360px.png")
        assert errors == []
        context.close()

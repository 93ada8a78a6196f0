"""The translation screens in the reviewer's own admin language, in headless Debian
Chromium driven by Playwright: Spanish words with <html lang="es">, Arabic right to left
with the layout mirrored, and the status grid readable at 1280 px."""

from __future__ import annotations

import os
from pathlib import Path

from tests.browser import BROWSER_MARKS, sign_in
from tests.clients.conftest import serious_axe_violations

pytestmark = BROWSER_MARKS

# Screenshots for people to look at (set SHOTS_DIR=/work/shots); under var/ by default.
SHOTS = Path(os.environ.get("SHOTS_DIR", Path(__file__).resolve().parents[2] / "var" / "shots"))

# A word broken across lines has more than one client rect: "Exos/ome/thera/py".
BROKEN_WORDS = """cell => {
    const broken = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const re = /\\S+/g;
        for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            if (range.getClientRects().length > 1) broken.push(m[0]);
        }
    }
    return broken;
}"""


def _reviewer(django_user_model, username: str, language: str, first: str, last: str):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser(
        username, f"{username}@example.com", "correct horse", first_name=first, last_name=last
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def _guide_with_draft(seed_path, code: str, user):
    """The demo guide with a machine draft in `code`, its title edited and approved by
    `user`, and one answer edited by them (not approved yet)."""
    from content.services import import_guide_file
    from locales.machine_translation.drafts import create_machine_draft
    from locales.review.actions import edit_segment
    from locales.review.selectors import segment_rows, translation_for_page
    from locales.services import sync_locales

    sync_locales()
    source = import_guide_file(seed_path, slug="exosome-hair-loss", publish=True).page
    translation = translation_for_page(create_machine_draft(source, code).page)
    rows = segment_rows(translation)
    title = next(r for r in rows if r.path == "title")
    approved_title = {
        "es": "Terapia con exosomas para la caída del cabello: mitos y hechos",
        "ar": "العلاج بالإكسوسومات لتساقط الشعر: خرافات وحقائق",
    }[code]
    edit_segment(translation, title.segment.pk, approved_title, user, approve=True)
    answer = next(r for r in rows if r.path.endswith(".answer"))
    edited = {"es": "Los exosomas son vesículas pequeñas.", "ar": "الإكسوسومات حويصلات صغيرة."}
    edit_segment(translation, answer.segment.pk, edited[code], user)
    return source, translation, approved_title


def test_spanish_reviewer_sees_status_report_and_review_screen_in_spanish(
    live_server, browser_page, django_user_model, seed_path
):
    user = _reviewer(django_user_model, "revisora", "es", "Ana", "Pérez")
    source, translation, approved_title = _guide_with_draft(seed_path, "es", user)
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, "revisora", "correct horse")

    page.goto(f"{live_server.url}/admin/translations/reports/status/")
    assert page.get_attribute("html", "lang") == "es"
    assert page.get_attribute("html", "dir") == "ltr"
    assert "Estado de las traducciones" in page.inner_text("h1")
    table = page.locator("#status-table")
    headers = table.locator("thead th").all_inner_texts()
    assert "Guía" in headers and "Español (es)" in headers and "Árabe (ar)" in headers
    cell = page.locator(f"#cell-{source.pk}-es")
    assert cell.locator(".status-label").inner_text() == "Borrador automático"
    assert cell.locator(".status-detail").inner_text() == "revisados 1 de 36"
    assert cell.locator(".status-action").inner_text() == "Revisar"
    totals = page.locator("[data-testid=status-totals]").inner_text()
    assert "Sin empezar" in totals and "Lista para publicar" in totals
    for english in ("Translation status", "Machine draft", "Not started", "Guide\t"):
        assert english not in page.inner_text("main"), english

    page.goto(f"{live_server.url}/admin/translations/review/{translation.pk}/")
    assert page.get_attribute("html", "lang") == "es"
    heading = page.inner_text("h1")
    assert heading.startswith("Revisión: ") and approved_title in heading  # not the machine title
    assert "35 de 36 segmentos necesitan revisión." in page.inner_text("#review-pending")
    title_row = page.locator("tr.segment[data-path=title]")
    assert title_row.locator("th").inner_text() == "título"
    assert title_row.locator(".status").inner_text() == "Revisado"
    assert "por Ana Pérez" in title_row.locator("td.review-state").inner_text()
    edited = page.locator("tr.segment", has_text="Grupo 1 · P1, respuesta").first
    assert edited.locator(".status").inner_text() == "Necesita revisión"
    assert edited.locator(".review-origin").inner_text() == "Editado por Ana Pérez"
    machine = page.locator("tr.segment[data-status=machine] .review-origin").last
    assert machine.inner_text() == "Traducción automática (pseudo)"
    states = set(page.locator("tr.segment .status").all_inner_texts())
    assert states <= {"Necesita revisión", "Revisado", "Cambió en el original", "Aún sin traducir"}
    main = page.inner_text("main")
    for english in ("Human", "machine", "Needs review", "Approve all", "Save and approve"):
        assert english not in main, english
    assert page.locator("[data-testid=approve-all]").inner_text() == (
        "Aprobar todos los que no tienen advertencias"
    )


def test_arabic_review_screen_is_right_to_left_and_mirrored(
    live_server, browser_page, django_user_model, seed_path
):
    user = _reviewer(django_user_model, "muraja", "ar", "سارة", "حداد")
    _source, translation, approved_title = _guide_with_draft(seed_path, "ar", user)
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, "muraja", "correct horse")

    page.goto(f"{live_server.url}/admin/translations/review/{translation.pk}/")
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    assert approved_title in page.inner_text("h1")
    # Mirrored: the first column (the field) is at the right, the state at the left.
    boxes = [
        h.bounding_box() for h in page.locator(".review-table").first.locator("thead th").all()
    ]
    assert boxes[0]["x"] > boxes[1]["x"] > boxes[2]["x"] > boxes[3]["x"]
    assert page.locator(".review-table thead th").first.inner_text() == "الحقل"
    # Mixed direction: the English source is a left-to-right island, the Arabic field RTL.
    row = page.locator("tr.segment[data-path=title]")
    source_cell = row.locator("td.source")
    assert source_cell.get_attribute("lang") == "en" and source_cell.get_attribute("dir") == "ltr"
    assert (
        page.evaluate("el => getComputedStyle(el).direction", source_cell.element_handle()) == "ltr"
    )
    field = row.locator("textarea")
    assert field.get_attribute("dir") == "rtl"
    assert row.locator(".status").inner_text() == "تمت المراجعة"
    buttons = row.locator(".review-buttons")
    assert buttons.get_attribute("dir") == "rtl" and buttons.get_attribute("lang") == "ar"
    assert "Human" not in page.inner_text("main")
    assert serious_axe_violations(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "review-ar.png"), full_page=False)


def test_status_grid_keeps_guide_titles_whole_at_1280px(
    live_server, browser_page, django_user_model, seed_path
):
    from content.services import import_guide_file
    from locales.services import sync_locales

    sync_locales()
    import_guide_file(seed_path, slug="exosome-hair-loss", publish=True)
    for code in ("en", "es"):  # Spanish labels are the longer ones
        _reviewer(django_user_model, f"viewer-{code}", code, "", "")
    page = browser_page
    for width in (1400, 1280):
        for code in ("en", "es"):
            page.set_viewport_size({"width": width, "height": 900})
            page.context.clear_cookies()
            sign_in(page, live_server.url, f"viewer-{code}", "correct horse")
            page.goto(f"{live_server.url}/admin/translations/reports/status/")
            title = page.locator("#status-table td.title").first
            assert page.evaluate(BROKEN_WORDS, title.element_handle()) == [], (width, code)
            assert title.bounding_box()["width"] >= 120  # "Exosome hair loss" reads as words
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (width, code, overflow)
            # Every locale column and every total is in view: nothing cut off or scrolled.
            for box in ("#status-totals", ".status-matrix-scroll:has(#status-table)"):
                hidden = page.evaluate(
                    "s => { const e = document.querySelector(s); return e.scrollWidth - e.clientWidth; }",
                    box,
                )
                assert hidden <= 0, (width, code, box, hidden)
            last = page.locator("#status-table thead th").last.bounding_box()
            assert last["x"] + last["width"] <= width, (width, code)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    page.screenshot(path=str(SHOTS / "status-report-es-1280.png"))

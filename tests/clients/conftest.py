"""Browser tests of the reader and the embed: Debian Chromium through Playwright, a live
server with the demo guide and reviewed translations made through the real workflow,
and a second HTTP server standing in for a clinic's site (another origin)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser import (
    BROWSER_MARKS,
    chromium,
    wait_until,  # noqa: F401  (re-exported for the tests here)
)

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

browser_marks = BROWSER_MARKS


@pytest.fixture
def browser():
    """One Chromium per test (tests/browser.py says why not per module)."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def new_page(browser):
    """new_page(locale="en-US") -> a page in a fresh context; uncaught errors collected
    in page.errors (tests assert there are none)."""
    contexts = []

    def _new(locale: str = "en-US"):
        context = browser.new_context(locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield _new
    for context in contexts:
        context.close()


def publish_reviewed_translation(source, code: str, reviewer):
    """The real workflow: a machine draft (offline pseudo provider), every segment
    approved by a reviewer, then published through the review service."""
    from locales.machine_translation.drafts import create_machine_draft
    from locales.review.actions import approve_segment, publish_translation
    from locales.review.selectors import segment_rows, translation_for_page

    draft = create_machine_draft(source, code, user=reviewer).page
    translation = translation_for_page(draft)
    for row in segment_rows(translation):
        approve_segment(translation, row.segment.id, reviewer)
    return publish_translation(translation, reviewer)


@pytest.fixture
def published_guide(locales, seed_path, django_user_model):
    """The demo guide (with its medical review recorded) and reviewed, published
    Spanish and Arabic translations."""
    import datetime

    from clinical.models import ReviewerProfile
    from clinical.services import record_sign_off
    from content.services import import_guide_file

    source = import_guide_file(seed_path, slug="exosome-hair-loss", publish=True).page
    clinician = django_user_model.objects.create_superuser("ada", "ada@example.com", "pw")
    ReviewerProfile.objects.create(
        user=clinician, display_name="Dr. Ada Example", credentials="MD, Dermatology"
    )
    record_sign_off(source, clinician, reviewed_on=datetime.date(2026, 11, 1))
    reviewer = django_user_model.objects.create_superuser("rev", "rev@example.com", "pw")
    for code in ("es", "ar"):
        publish_reviewed_translation(source, code, reviewer)
    source.refresh_from_db()
    return source


def item_ids(guide_page) -> list[str]:
    return [item.id for group in guide_page.faq_groups() for item in group.items]


def edit_answer(guide_page, index: int, html: str) -> None:
    """An editor changes one answer of the live guide and publishes it."""
    draft = guide_page.get_latest_revision_as_object()
    body = list(draft.body.raw_data)
    seen = 0
    for group in body:
        for item in group["value"]["items"]:
            if seen == index:
                item["value"]["answer"] = html
            seen += 1
    draft.body = body
    draft.save_revision().publish()


def publish_answers_in(guide_page, code: str, answer: str):
    """A translation written by people outside the machine workflow (copy_for_translation,
    every answer set to `answer`), published: how stored markup reaches the API when it
    did not come through the review screen."""
    from tests.api.conftest import translated_body, wagtail_locale

    target = guide_page.copy_for_translation(wagtail_locale(code))
    source = guide_page.get_latest_revision_as_object()
    target.title = f"[{code}] {source.title}"
    target.body = translated_body(list(source.body.raw_data), code, answer)
    target.save_revision().publish()


class _ClinicPages(BaseHTTPRequestHandler):
    pages: dict[str, str] = {}

    def do_GET(self):
        body = self.pages.get(self.path.split("?", 1)[0])
        if body is None:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def clinic_site() -> Iterator[tuple[str, dict[str, str]]]:
    """A clinic's own web server on another origin: (origin, pages by path)."""
    pages: dict[str, str] = {}
    handler = type("ClinicPages", (_ClinicPages,), {"pages": pages})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", pages
    finally:
        server.shutdown()
        server.server_close()


def serious_axe_violations(page, context=None) -> list[str]:
    """axe-core (axe-playwright-python's bundled copy): WCAG 2.1 A/AA rules only;
    -> the critical and serious violations, described."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("critical", "serious")
    ]


def sign_off_translations(source, *codes: str) -> None:
    """Record the clinician's own sign-off of each published translation (a translation's
    sign-off is its own: the source's never carries over), dated 1 November 2026."""
    import datetime

    from django.contrib.auth import get_user_model

    from clinical.services import record_sign_off

    clinician = get_user_model().objects.get(username="ada")
    for code in codes:
        page = source.get_translation(source.locale.__class__.objects.get(language_code=code))
        record_sign_off(page.specific, clinician, reviewed_on=datetime.date(2026, 11, 1))

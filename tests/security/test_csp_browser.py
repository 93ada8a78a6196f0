"""In Chromium: the review screen's policy stops an injected inline script, while its own
stylesheet and the Wagtail admin around it still work (Playwright + Debian chromium)."""

from __future__ import annotations

import pytest

from tests.browser import BROWSER_MARKS, sign_in

pytestmark = BROWSER_MARKS

PASSWORD = "correct horse battery staple"

INJECT = """() => new Promise((resolve) => {
    const violations = [];
    document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective));
    const script = document.createElement("script");
    script.textContent = "window.__injected = 'script';";
    document.body.appendChild(script);
    const holder = document.createElement("div");
    holder.innerHTML = '<img src="data:," onerror="window.__handler = true">';
    document.body.appendChild(holder);
    setTimeout(() => resolve({
        script: window.__injected === "script",
        handler: window.__handler === true,
        violations,
    }), 500);
})"""


@pytest.fixture
def signed_in(live_server, browser_page, seed_path, django_user_model):
    from content.services import import_guide_file
    from locales.machine_translation.drafts import create_machine_draft
    from locales.review.selectors import translation_for_page
    from locales.services import sync_locales

    sync_locales()
    source = import_guide_file(seed_path, slug="exosome-hair-loss", publish=True).page
    user = django_user_model.objects.create_superuser("editor", "e@example.com", PASSWORD)
    translation = translation_for_page(create_machine_draft(source, "es", user=user).page)
    page = browser_page
    sign_in(page, live_server.url, "editor", PASSWORD)
    return page, translation


def test_an_injected_inline_script_does_not_run_on_the_review_screen(live_server, signed_in):
    page, translation = signed_in
    response = page.goto(f"{live_server.url}/admin/translations/review/{translation.pk}/")
    header = response.headers["content-security-policy"]
    assert "script-src 'self'" in header and "unsafe-inline" not in header

    # The screen itself works under it: its stylesheet (a file) applies, the admin's
    # scripts (files) run and render the sidebar.
    assert page.locator("tr.segment").count() == 36
    form = page.locator("form.review-inline-form").first
    assert form.evaluate("el => getComputedStyle(el).display") == "inline"
    page.locator("#wagtail-sidebar .sidebar__inner").wait_for(state="attached")  # React ran

    result = page.evaluate(INJECT)
    assert result["script"] is False and result["handler"] is False
    assert {"script-src-elem", "script-src-attr"} <= set(result["violations"])


@pytest.mark.parametrize(
    "path",
    ["/admin/translations/reports/status/", "/admin/security/two-factor/setup/"],
)
def test_the_projects_admin_screens_need_nothing_the_policy_forbids(live_server, signed_in, path):
    page, _ = signed_in
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    response = page.goto(f"{live_server.url}{path}")
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    page.locator("#wagtail-sidebar .sidebar__inner").wait_for(state="attached")
    page.wait_for_timeout(500)
    assert violations == []


def test_the_same_injection_runs_where_the_admin_allows_inline_script(live_server, signed_in):
    """The control: the check above would see a script that ran."""
    page, _ = signed_in
    page.goto(f"{live_server.url}/admin/")
    result = page.evaluate(INJECT)
    assert result["script"] is True and result["handler"] is True


def test_the_reader_runs_under_the_strict_policy_without_a_violation(
    live_server,
    browser_page,
    seed_path,
):
    from content.services import import_guide_file
    from locales.services import sync_locales

    sync_locales()
    import_guide_file(seed_path, slug="exosome-hair-loss", publish=True)
    page = browser_page
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    response = page.goto(f"{live_server.url}/reader/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator("li a[href*='exosome-hair-loss']").first.wait_for()  # the guide list rendered
    assert violations == []


def test_the_api_reference_renders_under_its_policy(live_server, browser_page, locales):
    """Redoc (/api/v1/docs/) draws the schema from our own files under its policy; the one
    thing the policy stops is Redoc's branding image from its CDN (nothing leaves for a
    third party when a developer reads the docs)."""
    page = browser_page
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    response = page.goto(f"{live_server.url}/api/v1/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_text("Health guides delivery API").first.wait_for()
    page.get_by_text("/api/v1/search/").first.wait_for(state="attached")
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # our stylesheet
    assert all("cdn.redoc.ly" in text and "img-src" in text for text in blocked), blocked

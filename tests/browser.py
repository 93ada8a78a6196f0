"""What every Playwright test (Debian Chromium) shares: the launch, the marks, and waiting.

The browser is Debian's `chromium` (CI installs it with apt-get); Playwright never
downloads one. The flags keep Chromium off the network it would otherwise try to reach
(update checks, sync, QUIC), which this machine's closed network refuses.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

BROWSER_MARKS = [
    pytest.mark.browser,
    # Transactional (the live server runs in another thread); serialized_rollback restores
    # Wagtail's root page that an earlier transactional test's flush removed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"
    ),
]


@contextmanager
def chromium() -> Iterator:
    """One headless Chromium, closed on exit.

    One per test, not per module: while Playwright's sync API runs its event loop in this
    thread, Django's connections (an asgiref Local) resolve to other wrapper objects, and
    the next transactional test's serialized rollback would then find nothing to restore.
    The ORM is used from the same thread meanwhile, hence DJANGO_ALLOW_ASYNC_UNSAFE for
    exactly this long (no later subprocess inherits it).
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                yield browser
            finally:
                # Connections the test opened meanwhile belong to those other wrappers: close
                # them here, or PostgreSQL keeps their sessions and cannot drop the test
                # database at the end of the run ("is being accessed by other users").
                from django.db import connections

                connections.close_all()
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def wait_until(page, predicate: str, arg=None, *, timeout: float = 15.0) -> None:
    """`page.wait_for_function`, for pages under the site's Content-Security-Policy.

    Playwright compiles a waiting predicate inside the page with eval, which the reader's
    `script-src 'self'` (no 'unsafe-eval') refuses as soon as the first check is false;
    `page.evaluate` goes through the DevTools protocol, which the page's policy does not
    govern, so polling with it keeps the policy on for everything the reader itself does.
    """
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(predicate, arg):
                return
        except Error as exc:  # a navigation replaced the page's context: look again
            if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {predicate}")
        time.sleep(0.05)


def sign_in(page, base_url: str, username: str, password: str, *, lands_on: str = r"/admin/$"):
    """Sign in through the admin's own form and wait for the page it leads to."""
    import re

    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(lands_on))

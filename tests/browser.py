"""Helpers for the Playwright tests (Debian Chromium) of every package."""

from __future__ import annotations

import time


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

"""A plain HTTP client for the real-stack tests: status, headers, body and how long it took."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def etag(self) -> str | None:
        return self.headers.get("ETag")


def fetch(url: str, headers: dict[str, str] | None = None, *, timeout: float = 10) -> Answer:
    request = urllib.request.Request(
        url, headers={"Accept-Encoding": "identity", **(headers or {})}
    )
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            body = resp.read()
            return Answer(resp.status, dict(resp.headers), body, time.perf_counter() - start)
    except urllib.error.HTTPError as exc:  # 304 and errors arrive here
        body = exc.read()
        return Answer(exc.code, dict(exc.headers), body, time.perf_counter() - start)


def publish_title(page, title: str) -> None:
    """An editor's publish, through Wagtail's revision machinery (signals included)."""
    latest = page.get_latest_revision_as_object()
    latest.title = title
    latest.save_revision().publish()


def wait_for_title(url: str, title: str, *, within: float, headers=None) -> float:
    """Poll `url` until its JSON title is `title`; return the seconds it took (or fail)."""
    import json

    import pytest

    start = time.monotonic()
    last = None
    while time.monotonic() - start < within + 5:
        answer = fetch(url, headers)
        if answer.status == 200 and json.loads(answer.body).get("title") == title:
            return time.monotonic() - start
        last = answer
        time.sleep(0.02)
    pytest.fail(f"{url} never served {title!r}; last answer {last.status if last else None}")

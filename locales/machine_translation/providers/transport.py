"""A scoped default timeout for deep-translator, and a record of what went over the wire.

deep-translator calls `requests.get/post` with no timeout (a hung provider would hang
the worker forever) and turns HTTP failures into exceptions that drop the status code
and the Retry-After header. Its classes have no hook for either, so we wrap
`requests.Session.request` once: inside `exchange(timeout=...)` every request gets that
timeout unless the caller set one (and any extra headers the provider needs), and the last response/exception is recorded for
error mapping and request counting. Outside the context the wrapper is a pass-through,
so nothing else in the process is affected. A ContextVar keeps concurrent calls
(threads, tasks) from seeing each other's records.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import requests


@dataclass
class Exchange:
    timeout: float
    headers: dict[str, str] = field(default_factory=dict)  # added unless the caller set them
    requests: int = 0
    last_response: requests.Response | None = None
    last_exception: BaseException | None = None
    last_url: str = ""


_current: ContextVar[Exchange | None] = ContextVar("translation_exchange", default=None)
_original_request = requests.Session.request


def _request(self, method, url, *args, **kwargs):
    record = _current.get()
    if record is None:
        return _original_request(self, method, url, *args, **kwargs)
    if not args and kwargs.get("timeout") is None:
        kwargs["timeout"] = record.timeout
    if record.headers and not args:
        kwargs["headers"] = {**record.headers, **(kwargs.get("headers") or {})}
    record.requests += 1
    record.last_url = str(url)
    record.last_response = None
    record.last_exception = None
    try:
        response = _original_request(self, method, url, *args, **kwargs)
    except requests.RequestException as exc:
        record.last_exception = exc
        raise
    record.last_response = response
    return response


_request.__wrapped__ = _original_request  # type: ignore[attr-defined]
_request.translation_transport = True  # type: ignore[attr-defined]


def install() -> None:
    """Wrap requests.Session.request (idempotent; done on import of this module)."""
    if not getattr(requests.Session.request, "translation_transport", False):
        requests.Session.request = _request


def current() -> Exchange | None:
    """The exchange being recorded in this context, if any (for provider-specific checks)."""
    return _current.get()


@contextmanager
def exchange(timeout: float, headers: dict[str, str] | None = None) -> Iterator[Exchange]:
    """Record the HTTP requests made inside the block and give each `timeout` seconds."""
    install()
    record = Exchange(timeout=timeout, headers=dict(headers or {}))
    token = _current.set(record)
    try:
        yield record
    finally:
        _current.reset(token)


install()

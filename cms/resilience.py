"""Circuit breakers: stop calling a dependency that just failed, for a short back-off.

A stopped Redis refuses a connection in microseconds, but a hung one (a frozen VM, a
partition that drops packets, a server stuck in a fork) costs a full socket timeout per
call, and a request may call it several times. So after a failure the breaker *opens*:
callers skip the dependency at once and serve from what they hold or from the next
source, until a probe finds it answering again. The back-off doubles from `base` to `cap`
while probes keep failing.

Who probes: a process running the read-model watcher (`api.read_model.generation`) marks the
breakers `background_probe`, and its thread pings them, so request threads never pay a
timeout while a breaker is open. Processes without a watcher (management commands, RQ
workers, the test process) let the first caller after each back-off through as the probe
("half-open"), one caller at a time.

Every transition is logged once (WARNING when a dependency is lost, again when it is
back); `/readyz` shows each breaker's state.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import TypeVar

logger = logging.getLogger("cms.resilience")

T = TypeVar("T")


class CircuitOpen(ConnectionError):
    """Raised instead of calling a dependency whose breaker is open."""


class CircuitBreaker:
    def __init__(self, name: str, *, base: float = 0.5, cap: float = 5.0) -> None:
        self.name = name
        self.base = base
        self.cap = cap
        self.background_probe = False
        self._lock = threading.Lock()
        self._opened_at: float | None = None  # monotonic; None while closed
        self._retry_at = 0.0
        self._failures = 0
        self._probing = False
        self.last_error = ""

    @property
    def is_open(self) -> bool:
        return self._opened_at is not None

    def allow(self) -> bool:
        """May a caller use the dependency now? Lock-free while closed (the hot path)."""
        if self._opened_at is None:
            return True
        if self.background_probe:
            return False
        with self._lock:
            if self._opened_at is None:
                return True
            if self._probing or time.monotonic() < self._retry_at:
                return False
            self._probing = True  # this caller is the probe
            return True

    def record_success(self) -> None:
        if self._opened_at is None and not self._probing:
            return
        with self._lock:
            opened_at, self._opened_at = self._opened_at, None
            self._failures = 0
            self._probing = False
        if opened_at is not None:
            logger.warning(
                "%s answers again after %.1f s; using it again",
                self.name,
                time.monotonic() - opened_at,
            )

    def record_failure(self, exc: BaseException) -> None:
        with self._lock:
            self._failures += 1
            self._probing = False
            backoff = min(self.cap, self.base * 2 ** (self._failures - 1))
            now = time.monotonic()
            self._retry_at = now + backoff
            first = self._opened_at is None
            if first:
                self._opened_at = now
            self.last_error = type(exc).__name__
        if first:
            logger.warning(
                "%s is unreachable (%s: %s); skipping it and retrying with back-off",
                self.name,
                type(exc).__name__,
                exc,
            )

    def call(self, fn: Callable[[], T], *, errors: tuple[type[BaseException], ...]) -> T:
        """Run `fn` through the breaker: CircuitOpen when open, `errors` recorded as failures."""
        if not self.allow():
            raise CircuitOpen(f"{self.name}: circuit open")
        try:
            result = fn()
        except errors as exc:
            self.record_failure(exc)
            raise
        self.record_success()
        return result

    def probe(self, ping: Callable[[], object], *, errors: tuple[type[BaseException], ...]) -> None:
        """A background probe while open (bypasses `allow`); closes the breaker on success."""
        if self._opened_at is None:
            return
        try:
            ping()
        except errors as exc:
            self.record_failure(exc)
        else:
            self.record_success()

    def state(self) -> dict:
        opened_at = self._opened_at
        if opened_at is None:
            return {"state": "closed"}
        return {
            "state": "open",
            "open_for_s": round(time.monotonic() - opened_at, 1),
            "error": self.last_error,
        }


_registry: dict[str, CircuitBreaker] = {}
_registry_lock = threading.Lock()


def breaker(name: str) -> CircuitBreaker:
    """The process-wide breaker called `name` (created on first use)."""
    found = _registry.get(name)
    if found is not None:
        return found
    with _registry_lock:
        return _registry.setdefault(name, CircuitBreaker(name))


def all_breakers() -> dict[str, CircuitBreaker]:
    return dict(_registry)


def reset_all() -> None:
    """Forget every breaker (tests, and a process that forked from one that had any)."""
    with _registry_lock:
        _registry.clear()


def _after_fork() -> None:
    # A lock held by another thread at fork() would stay held forever in the child.
    global _registry_lock
    _registry_lock = threading.Lock()
    _registry.clear()


os.register_at_fork(after_in_child=_after_fork)

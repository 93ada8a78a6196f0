"""Per-key and anonymous request limits: fixed windows, counted locally, shared in batches.

DRF's SimpleRateThrottle keeps every request timestamp in one cached list, re-pickled on
each request; a fixed-window counter is O(1) and gives an exact Retry-After (the end of
the window). Here each process also counts a client's requests in memory and adds them
to the shared counter (`cache.incr`, Redis in production) in batches, so most requests
cost no round trip:

- a process sends its unsent count when it reaches 10% of the headroom it last saw
  (limit - shared total), scaled by its own share of that client's recent traffic, or
  when it is a second old. Together, all processes can let through at most about 10% more
  than the limit before the shared total shows it;
- before answering 429 a process sends what it has and reads the total back, so a 429 is
  never based on a stale count; once the total is over the limit, the rest of the window
  is refused locally (no round trip), with Retry-After to the end of the window.

When the shared counter is unreachable (Redis down: the breaker makes that instant),
each process goes on counting alone from the last total it saw: the limit then holds per
process (a client spread over N processes may get up to N x the limit until Redis is
back), and the request is never failed. Counts not yet sent are added when it returns.
"""

from __future__ import annotations

import os
import threading
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from rest_framework.throttling import BaseThrottle

from api.access.keys import PartnerKey

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
BATCH_FRACTION = 0.1  # of the headroom, times this process's share of the traffic
MAX_UNSENT_AGE = 1.0  # seconds
MAX_TRACKED = 50_000  # windows held per process (one per client and period)


@lru_cache(maxsize=256)
def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """'100/min' -> (100, 60); None or '' -> no limit."""
    if not rate:
        return None
    try:
        num, period = rate.split("/")
        return int(num), PERIODS[period.strip()[0].lower()]
    except (ValueError, KeyError, IndexError):
        raise ImproperlyConfigured(
            f"Bad throttle rate {rate!r}: use N/s, N/min, N/hour or N/day."
        ) from None


class _Window:
    """One client's count in one window, as this process knows it."""

    __slots__ = ("ends", "known", "share", "synced_at", "syncing", "unsent")

    def __init__(self, ends: float) -> None:
        self.ends = ends
        self.known = 0  # the shared total at the last exchange (includes what we sent)
        self.unsent = 0  # counted here, not yet added to the shared total
        self.share: float | None = None  # our part of the traffic between exchanges
        self.synced_at = 0.0
        self.syncing = False

    def batch(self, limit: int) -> int:
        share = 1.0 if self.share is None else self.share
        return max(1, int(BATCH_FRACTION * (limit - self.known) * share))


class Counters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._windows: dict[str, _Window] = {}

    def hit(self, key: str, limit: int, ends: float, now: float) -> bool:
        """Count one request; True when it is within the limit."""
        with self._lock:
            window = self._windows.get(key)
            if window is None:
                if len(self._windows) >= MAX_TRACKED:
                    self._prune(now)
                window = self._windows[key] = _Window(ends)
            window.unsent += 1
            if window.known > limit:
                return False  # confirmed over the limit for the rest of the window
            estimate = window.known + window.unsent
            if window.syncing or (
                window.share is not None
                and estimate <= limit
                and window.unsent < window.batch(limit)
                and now - window.synced_at < MAX_UNSENT_AGE
            ):
                return estimate <= limit
            sending, window.unsent, window.syncing = window.unsent, 0, True
        total = shared_add(key, sending, int(ends - now) + 1)
        with self._lock:
            window.syncing = False
            window.synced_at = now
            if total is None:  # the shared counter is unreachable: count on alone
                window.unsent += sending
                window.share = 1.0
            else:
                others = max(0, total - sending - window.known)
                window.share = sending / (sending + others)
                window.known = total
            return window.known + window.unsent <= limit

    def _prune(self, now: float) -> None:
        self._windows = {k: w for k, w in self._windows.items() if w.ends > now}
        if len(self._windows) >= MAX_TRACKED:  # that many live clients: forget the oldest
            keep = list(self._windows.items())[MAX_TRACKED // 2 :]
            self._windows = dict(keep)

    def clear(self) -> None:
        with self._lock:
            self._windows.clear()


counters = Counters()


def shared_add(key: str, amount: int, ttl: int) -> int | None:
    """Add to the shared counter and return its total, or None when it cannot be reached."""
    cache = caches[getattr(settings, "API_THROTTLE_CACHE_ALIAS", "default")]
    try:
        try:
            return cache.incr(key, amount)  # None: Redis is down (errors ignored)
        except ValueError:  # the first batch of this window
            if cache.add(key, amount, ttl):
                return amount
            return cache.incr(key, amount)
    except Exception:  # any other failure of the shared store: count locally, never fail
        return None


class FixedWindowThrottle(BaseThrottle):
    scope = ""

    def __init__(self) -> None:
        self.retry_after: float | None = None

    def get_rate(self, request) -> str | None:
        raise NotImplementedError

    def get_ident_key(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        ident = self.get_ident_key(request)
        parsed = parse_rate(self.get_rate(request)) if ident else None
        if parsed is None:
            return True
        limit, duration = parsed
        now = time.time()
        window = int(now // duration)
        ends = (window + 1) * duration
        key = f"api:v1:throttle:{self.scope}:{ident}:{duration}:{window}"
        if counters.hit(key, limit, ends, now):
            return True
        self.retry_after = ends - now
        return False

    def wait(self) -> float | None:
        return self.retry_after


class ApiKeyThrottle(FixedWindowThrottle):
    """Each key has its own budget: the rate on its row, else API_KEY_RATE."""

    scope = "key"

    def get_ident_key(self, request) -> str | None:
        return str(request.auth.id) if isinstance(request.auth, PartnerKey) else None

    def get_rate(self, request) -> str | None:
        return request.auth.rate or getattr(settings, "API_KEY_RATE", "1000/min")


class AnonymousThrottle(FixedWindowThrottle):
    """Anonymous clients share a lower limit per client address (API_ANON_RATE)."""

    scope = "anon"

    def get_ident_key(self, request) -> str | None:
        if isinstance(request.auth, PartnerKey):
            return None
        return self.get_ident(request)

    def get_rate(self, request) -> str | None:
        return getattr(settings, "API_ANON_RATE", "120/min")


def _after_fork() -> None:
    counters._lock = threading.Lock()
    counters._windows = {}


os.register_at_fork(after_in_child=_after_fork)

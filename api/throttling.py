"""Per-key and anonymous request limits (fixed window, one cache counter per client).

DRF's SimpleRateThrottle keeps every request timestamp in one cached list, which is
re-pickled on each request: at partner rates (thousands per minute) that list costs
more than serving the guide. A fixed-window counter (`cache.add` + `cache.incr`) is
O(1) and still gives an exact Retry-After (the end of the current window).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from rest_framework.throttling import BaseThrottle

from .keys import PartnerKey

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


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
        key = f"api:v1:throttle:{self.scope}:{ident}:{duration}:{window}"
        cache = caches[getattr(settings, "API_THROTTLE_CACHE_ALIAS", "default")]
        try:
            count = cache.incr(key)  # one cache round trip in the steady state
        except ValueError:  # the first request of a window
            count = 1 if cache.add(key, 1, duration + 1) else cache.incr(key)
        if count > limit:
            self.retry_after = (window + 1) * duration - now
            return False
        return True

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

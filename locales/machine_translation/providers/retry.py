"""Try a provider call again after network errors, 429 and 5xx, with growing pauses.

The policy comes from settings so tests run with zero delay and production with
seconds; a 429's Retry-After is honoured but capped, because a provider asking for an
hour would otherwise hold a worker (and the editor waiting for a draft) for an hour.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings

from locales.machine_translation.providers.errors import TranslationError
from locales.machine_translation.providers.failures import NOTHING_CHANGED

logger = logging.getLogger(__name__)
T = TypeVar("T")

sleep = time.sleep  # module attribute so tests can observe the pauses


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    backoff: float = 0.5  # first pause; doubles each retry
    backoff_max: float = 8.0
    retry_after_max: float = 30.0

    @classmethod
    def from_settings(cls) -> RetryPolicy:
        return cls(
            attempts=max(1, int(getattr(settings, "TRANSLATION_MAX_ATTEMPTS", 3))),
            backoff=float(getattr(settings, "TRANSLATION_BACKOFF", 0.5)),
            backoff_max=float(getattr(settings, "TRANSLATION_BACKOFF_MAX", 8.0)),
            retry_after_max=float(getattr(settings, "TRANSLATION_RETRY_AFTER_MAX", 30.0)),
        )

    def delay(self, attempt: int, error: TranslationError) -> float:
        """Pause before attempt number `attempt + 1` (attempt counts from 1)."""
        if error.retry_after is not None:
            return min(max(error.retry_after, 0.0), self.retry_after_max)
        return min(self.backoff * (2 ** (attempt - 1)), self.backoff_max)


def _with_attempts(text: str, attempts: int) -> str:
    note = f"Tried {attempts} times."
    if text.endswith(NOTHING_CHANGED):
        return f"{text[: -len(NOTHING_CHANGED)]}{note} {NOTHING_CHANGED}"
    return f"{text} {note}"


def call_with_retries(fn: Callable[[], T], policy: RetryPolicy) -> T:
    """Run `fn`; on a retryable TranslationError pause and run it again, up to the limit."""
    for attempt in range(1, policy.attempts + 1):
        try:
            return fn()
        except TranslationError as error:
            if not error.retryable or attempt == policy.attempts:
                if attempt > 1:
                    error.args = (_with_attempts(str(error), attempt),)
                raise
            pause = policy.delay(attempt, error)
            logger.warning(
                "%s: %s; retrying in %.2fs (attempt %d of %d)",
                error.provider,
                error.code,
                pause,
                attempt + 1,
                policy.attempts,
            )
            sleep(pause)
    raise AssertionError("unreachable")  # pragma: no cover

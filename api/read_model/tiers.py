"""One lookup for what the API caches: this process's copy, then Redis, then the database.

- **Local** (api.read_model.local_copy): a bounded LRU per process, dropped when the generation of
  its kind changes. A warm request stops here.
- **Shared** (the Django cache, Redis in production): entries are stored as
  `(generation, value)` and only an entry of the current generation is used. A Redis
  outage is a miss (cms.redis_client: breaker, short timeouts, errors ignored), and
  entries left from before a change made during an outage are refused afterwards.
- **Durable** (PostgreSQL, through the caller's `build`): behind the `database` breaker;
  when it is down and neither copy holds the entry, `ReadModelUnavailable` (503 with
  Retry-After) rather than a 500 or a hang.

What a reader reads inside a transaction of its own (the publishing thread, before
commit) may not be committed yet: it is returned, never shared. Test cases' outer
atomic blocks do not count (their data is what every test reads).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import Error as DatabaseFailure
from django.db import connections
from rest_framework.exceptions import APIException

from api.read_model import generation
from api.read_model.local_copy import LocalCopy

T = TypeVar("T")


class ReadModelUnavailable(APIException):
    status_code = 503
    default_code = "unavailable"
    default_detail = (
        "This content is temporarily unavailable (its store does not answer). Retry shortly."
    )
    wait = 5  # DRF turns this into Retry-After


def shared_cache():
    return caches[getattr(settings, "API_CACHE_ALIAS", "default")]


def in_own_transaction(using: str = "default") -> bool:
    """Inside an atomic block that is not a test case's own (uncommitted data)."""
    conn = connections[using]
    if not conn.in_atomic_block:
        return False
    return not all(getattr(block, "_from_testcase", False) for block in conn.atomic_blocks)


def from_database(build: Callable[[], T], *, in_django_request: bool = False) -> T:
    """Run a read of the durable store behind its breaker.

    `in_django_request`: Django's request_started already recycled the connection (and
    re-armed its health check); doing it again would cost a second `SELECT 1`.
    """
    guard = generation.database_breaker()
    if not guard.allow():
        raise ReadModelUnavailable()
    conn = connections["default"]
    if not conn.in_atomic_block and not in_django_request:
        # What request_started does, for reads the WSGI lane serves without Django's
        # request cycle: drop a connection that broke (a database restart) or aged out.
        conn.close_if_unusable_or_obsolete()
    try:
        result = build()
    except DatabaseFailure as exc:
        guard.record_failure(exc)
        raise ReadModelUnavailable() from exc
    guard.record_success()
    return result


class Tier:
    """Cached objects of one kind (`field`: which generation tags them)."""

    def __init__(self, field: str, max_bytes: int) -> None:
        self.field = field
        self.local = LocalCopy(max_bytes)
        generation.generations.on_change(self._generation_changed)

    def _generation_changed(self, field: str) -> None:
        if field == self.field:
            self.local.clear()

    def get(self, key: str, build: Callable[[], T], size: Callable[[T], int]) -> T:
        local = self.local
        hit = local.get(key)
        if hit is not None:
            return hit
        seen = generation.current()  # first: loading it may drop the copy (epoch)
        epoch = local.epoch
        tag = getattr(seen, self.field) if seen is not None else None
        cache = shared_cache()
        value: Any = None
        held = cache.get(key)
        if isinstance(held, tuple) and len(held) == 2 and (tag is None or held[0] == tag):
            value = held[1]  # generation unknown (cold, nothing answers): best we have
        private = in_own_transaction()
        if value is None:
            value = from_database(build)
            if tag is not None and not private:
                cache.set(key, (tag, value), _timeout())
        if not private:
            local.put(key, value, size(value), epoch)
        return value

    def offer(self, key: str, value: Any, size: int, tag: int) -> None:
        """Hold a value read elsewhere from the database at generation `tag`, if current."""
        seen = generation.current()
        if seen is None or getattr(seen, self.field) != tag or in_own_transaction():
            return
        self.local.put(key, value, size, self.local.epoch)
        shared_cache().set(key, (tag, value), _timeout())

    def forget(self, keys: list[str]) -> None:
        """Drop entries at once (the writer's own process and thread read fresh data)."""
        self.local.clear()
        shared_cache().delete_many(keys)


def _timeout() -> int | None:
    return getattr(settings, "API_READ_MODEL_TIMEOUT", 86400)

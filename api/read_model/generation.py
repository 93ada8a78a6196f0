"""Which version of the read model is current, known in every process without a round trip.

The *content generation* is `SyncSequence.value` (row 1): `api.read_model.rebuild.record_change`
raises it in the same transaction as every change to what the API serves, so it is
durable and exactly as new as the snapshot rows. The *keys generation* (row 2) is raised
with every API key change (`api.access.keys`). Readers tag what they put in the shared cache
with the generation they knew, and refuse entries tagged otherwise, so an entry written
before a publish is never served after it, even when the publish happened while Redis
was down and could not be told. Each process drops its local copies when a generation
changes (listeners registered with `on_change`).

How a process learns the generations:

- the process that commits a change learns it at commit (`advance`, via on_commit);
- every other process runs a daemon thread, started lazily on first use after fork, that
  polls both rows every `API_GENERATION_POLL_SECONDS` (0.2 s: a publish is served by every
  process within about 0.25 s). A poll is one primary-key query; it runs on its own
  thread with a timeout, so a hung database cannot stall the watcher;
- when the database does not answer, the watcher reads a copy it keeps in Redis
  (`api:v1:generation`, rewritten every couple of seconds by every process that can read
  the database), so a process started during a PostgreSQL outage still knows which Redis
  entries are current. Nothing can publish while the database is down, so that copy only
  needs to be as new as the last commit before the outage.

The same thread probes open circuit breakers (cms.resilience), so request threads never
wait on a dependency that is down. `API_GENERATION_POLL_SECONDS=0` turns the thread off
(the test settings do): the process then loads the generations once and learns only its
own commits.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from django.conf import settings
from django.db import Error as DatabaseFailure

from cms.resilience import CircuitBreaker, CircuitOpen, breaker

logger = logging.getLogger(__name__)

CONTENT_ROW = 1  # SyncSequence pk of the read model's change sequence (= sync tokens)
KEYS_ROW = 2  # SyncSequence pk raised on every API key change
MIRROR_KEY = "api:v1:generation"
MIRROR_EVERY = 2.0  # seconds between rewrites of the Redis copy when nothing changed
DB_POLL_WAIT = 0.5  # a poll not answered by then: use Redis's copy for this tick
DB_HUNG_AFTER = 2.0  # a poll still unanswered after this: the database is down (breaker)

FIELDS = ("content", "keys")


@dataclass(frozen=True)
class Generation:
    content: int
    keys: int


def database_breaker() -> CircuitBreaker:
    return breaker("database")


class Generations:
    """This process's view of the generations, and who to tell when one changes."""

    def __init__(self) -> None:
        self.current: Generation | None = None
        self._raised_at = {name: 0.0 for name in FIELDS}
        self._lock = threading.Lock()
        self._listeners: list[Callable[[str], None]] = []

    def on_change(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def observe(self, seen: Generation, *, polled_at: float | None = None) -> None:
        """Take what a source reported. A lower value than ours is only believed from a
        database poll that began after we raised ours (a restored or reset database);
        otherwise it is a stale read that raced with a commit."""
        changed: list[str] = []
        with self._lock:
            current = self.current
            values = {}
            for name in FIELDS:
                new = getattr(seen, name)
                old = getattr(current, name) if current else None
                if old is None or new > old:
                    values[name] = new
                    self._raised_at[name] = time.monotonic()
                elif new < old and polled_at is not None and polled_at > self._raised_at[name]:
                    values[name] = new
                else:
                    values[name] = old
                if values[name] != old:
                    changed.append(name)
            if changed:
                self.current = Generation(**values)
        for name in changed:
            for listener in self._listeners:
                listener(name)

    def advance(self, **values: int) -> None:
        """This process committed a change: it knows the new value without asking."""
        current = self.current
        if current is None:  # not loaded yet: whatever is held locally predates the change
            for name in values:
                for listener in self._listeners:
                    listener(name)
            return
        self.observe(Generation(**{**current.__dict__, **values}))

    def reset(self) -> None:
        with self._lock:
            self.current = None
            self._raised_at = {name: 0.0 for name in FIELDS}
        for name in FIELDS:
            for listener in self._listeners:
                listener(name)


generations = Generations()


# --- sources ------------------------------------------------------------------------


def read_database() -> Generation:
    from api.models import SyncSequence

    rows = dict(
        SyncSequence.objects.filter(pk__in=(CONTENT_ROW, KEYS_ROW)).values_list("pk", "value")
    )
    return Generation(content=rows.get(CONTENT_ROW, 0), keys=rows.get(KEYS_ROW, 0))


def _poll_in_own_thread() -> Generation:
    """The watcher's poll: its thread has no request cycle to recycle a broken connection."""
    from django.db import connections

    connections["default"].close_if_unusable_or_obsolete()
    return read_database()


def _cache():
    from django.core.cache import caches

    return caches[getattr(settings, "API_CACHE_ALIAS", "default")]


def read_mirror() -> Generation | None:
    value = _cache().get(MIRROR_KEY)
    if isinstance(value, tuple) and len(value) == 2:
        return Generation(*value)
    return None


def write_mirror(seen: Generation) -> None:
    _cache().set(MIRROR_KEY, (seen.content, seen.keys), None)


# --- the watcher --------------------------------------------------------------------


class Watcher:
    """Polls the generations and probes open breakers, on one daemon thread per process."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="api-generation-db")
        self._pending: Future | None = None
        self._pending_since = 0.0
        self._mirrored: Generation | None = None
        self._mirrored_at = 0.0
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        for guard in (database_breaker(), *_cache_breakers()):
            guard.background_probe = True
        self._thread = threading.Thread(target=self._run, name="api-generation", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(self.interval)
            try:
                self.tick()
            except RuntimeError:  # interpreter shutdown: the executor takes no more work
                if sys.is_finalizing() or self._db._shutdown:
                    return
                logger.exception("read-model generation poll failed")
            except Exception:  # the watcher must outlive any one failed poll
                logger.exception("read-model generation poll failed")

    def tick(self, *, in_request: bool = False) -> None:
        polled = self._poll_database()
        if polled is not None:
            seen, polled_at = polled
            generations.observe(seen, polled_at=polled_at)
            if not in_request:  # a write to a hung Redis would cost the request a timeout
                self._refresh_mirror(seen)
        else:
            mirrored = read_mirror()
            if mirrored is not None:
                generations.observe(mirrored)  # never lowers ours (no polled_at)
        self._probe_caches()

    def _poll_database(self) -> tuple[Generation, float] | None:
        """What the database says and when the poll began, or None (Redis's copy then)."""
        guard = database_breaker()
        now = time.monotonic()
        if self._pending is not None:
            if not self._pending.done():
                # The previous poll still waits: slow, or hung. Past DB_HUNG_AFTER,
                # requests stop waiting on the database too (served from the copies).
                if now - self._pending_since > DB_HUNG_AFTER and not guard.is_open:
                    guard.record_failure(TimeoutError(f"no answer in {DB_HUNG_AFTER}s"))
                return None
            # A slow poll answered after we stopped waiting: a slow database is still up,
            # and what it said is news (else a poll slower than DB_POLL_WAIT is never read).
            late, began, self._pending = self._pending, self._pending_since, None
            return self._settle(late, began, guard)
        self._pending, self._pending_since = self._db.submit(_poll_in_own_thread), now
        try:
            self._pending.result(timeout=DB_POLL_WAIT)
        except FutureTimeout:
            return None  # slow: Redis's copy this time; read on a later tick
        except DatabaseFailure:
            pass
        done, self._pending = self._pending, None
        return self._settle(done, now, guard)

    @staticmethod
    def _settle(
        poll: Future, began: float, guard: CircuitBreaker
    ) -> tuple[Generation, float] | None:
        try:
            seen = poll.result()
        except DatabaseFailure as exc:
            guard.record_failure(exc)
            return None
        guard.record_success()
        return seen, began

    def _refresh_mirror(self, seen: Generation) -> None:
        now = time.monotonic()
        if seen == self._mirrored and now - self._mirrored_at < MIRROR_EVERY:
            return
        write_mirror(seen)  # a miss when Redis is down; retried on a later tick
        self._mirrored, self._mirrored_at = seen, now

    def _probe_caches(self) -> None:
        import redis

        for guard, client in _cache_clients():
            guard.probe(client.ping, errors=(redis.ConnectionError, redis.TimeoutError))


def _cache_clients():
    """(breaker, plain client on the same pool) for each cache served by BreakerRedis."""
    import redis
    from django.core.cache import caches

    from cms.redis_client import BreakerRedis, breaker_for

    found = []
    for alias in settings.CACHES:
        backend = caches[alias]
        client_factory = getattr(backend, "client", None)
        if client_factory is None or not hasattr(client_factory, "get_client"):
            continue
        client = client_factory.get_client()
        if isinstance(client, BreakerRedis):
            pool = client.connection_pool
            found.append((breaker_for(pool), redis.Redis(connection_pool=pool)))
    return found


def _cache_breakers() -> list[CircuitBreaker]:
    return [guard for guard, _client in _cache_clients()]


_watcher: Watcher | None = None
_watcher_lock = threading.Lock()
_loaded = False


def current() -> Generation | None:
    """The generations as this process knows them (None: no source has answered yet)."""
    if not _loaded:
        _load()
    return generations.current


def _load() -> None:
    """First use in this process: read the generations once, then start the watcher."""
    global _loaded, _watcher
    with _watcher_lock:
        if _loaded:
            return
        interval = float(getattr(settings, "API_GENERATION_POLL_SECONDS", 0.2) or 0)
        if interval > 0:
            _watcher = Watcher(interval)
            # Bounded: a hung database costs DB_POLL_WAIT, then Redis's copy is read.
            _watcher.tick(in_request=True)
            _watcher.start()
        else:
            try:
                seen = database_breaker().call(read_database, errors=(DatabaseFailure,))
            except (DatabaseFailure, CircuitOpen):
                seen = read_mirror()
            if seen is not None:
                generations.observe(seen)
        # Without a watcher, a process that found no source asks again on its next read
        # (the database breaker keeps that cheap); readers treat None as "unknown".
        _loaded = _watcher is not None or generations.current is not None


def reset() -> None:
    """Forget what this process knows (tests); the next reader loads it again."""
    global _loaded
    with _watcher_lock:
        _loaded = _watcher is not None
    generations.reset()
    if _watcher is not None:
        _watcher.tick()


def _after_fork() -> None:
    global _watcher, _loaded, _watcher_lock
    _watcher, _loaded, _watcher_lock = None, False, threading.Lock()
    generations.current = None
    generations._lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork)


def committed(**values: int) -> None:
    """A change this process made is committed: serve it here now, and tell Redis's copy."""
    generations.advance(**values)
    seen = generations.current
    if seen is not None:
        write_mirror(seen)

"""Liveness (/healthz) and readiness (/readyz) probes for load balancers and orchestrators.

/healthz answers "is this process able to run Python?" and touches nothing else, so a
database outage never makes an orchestrator restart healthy app processes. /readyz answers
"can this process serve traffic right now?": a `SELECT 1`, a cache write/read round trip on
every configured cache, and a ping of the task queue, each timed.

Readiness fails (503) only when the process has no store left to serve reads from: every
database *and* every cache down. One dependency down is `"status": "degraded"` with HTTP
200 and the failed check named: the API keeps serving published content from the other
store and from each process's own copy, and since Redis and PostgreSQL are shared by all
app processes, failing readiness for one of them would take every process out of the load
balancer at once and turn a degraded service into an outage. Operators see the degraded
state here, in the check details (`circuit open` while the process is skipping that
dependency) and in the log (cms.resilience logs each loss and recovery once).

The middleware answers both paths before any other middleware runs. Probes arrive with the
pod/instance IP as Host and over plain HTTP; without it ALLOWED_HOSTS would turn them into
400s and SECURE_SSL_REDIRECT into 301s. That is safe because these responses never read the
Host header (no redirects, no absolute URLs) and say nothing a caller could use against the
site: failures are reported by exception class only, details go to the log.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import Error as DatabaseFailure
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

from cms.resilience import CircuitOpen, breaker

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    ms: float
    detail: str = ""

    def as_json(self) -> dict:
        body: dict = {"status": "ok" if self.ok else "fail", "ms": round(self.ms, 2)}
        if self.detail:
            body["detail"] = self.detail
        return body


def _timed(name: str, probe: Callable[[], str]) -> CheckResult:
    """Run one probe; an exception is a failed check, never a 500 from the probe itself."""
    start = time.perf_counter()
    try:
        detail = probe()
    except Exception as exc:  # a probe must report any failure, whatever raised it
        elapsed = (time.perf_counter() - start) * 1000
        if isinstance(exc, CircuitOpen):  # its breaker logged the loss once already
            logger.info("readiness check %s: %s", name, exc)
            return CheckResult(name, False, elapsed, "ConnectionError (circuit open)")
        logger.warning("readiness check %s failed: %s: %s", name, type(exc).__name__, exc)
        return CheckResult(name, False, elapsed, type(exc).__name__)
    return CheckResult(name, True, (time.perf_counter() - start) * 1000, detail)


# --- probes -----------------------------------------------------------------------------


def _database_probe(alias: str) -> Callable[[], str]:
    def select_one() -> None:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    def probe() -> str:
        if alias == "default":  # the breaker the API's reads use (api.read_model.generation)
            breaker("database").call(select_one, errors=(DatabaseFailure,))
        else:
            select_one()
        return connections[alias].vendor

    return probe


def _cache_probe(alias: str) -> Callable[[], str]:
    def probe() -> str:
        cache = caches[alias]
        client = getattr(cache, "client", None)
        if hasattr(client, "get_client"):  # django-redis: through its breaker, if any
            client.get_client(write=True).ping()
        key, token = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
        cache.set(key, token, timeout=30)
        try:
            got = cache.get(key)
        finally:
            cache.delete(key)
        # A dummy cache stores nothing; that is a configuration, not an outage.
        if got != token and type(cache).__name__ != "DummyCache":
            raise RuntimeError("cache did not return the value just written")
        return type(cache).__name__

    return probe


def _rq_ping(backend) -> str:
    import django_rq

    for queue in sorted(backend.queues):
        conn = django_rq.get_connection(queue)  # a fresh client: bound its waits for the probe
        conn.connection_pool.connection_kwargs.update(
            socket_connect_timeout=0.5, socket_timeout=0.5
        )
        try:
            conn.ping()
        finally:
            conn.close()
    return "rq"


def _database_queue(backend) -> str:
    connections["default"].ensure_connection()
    return "database"


def _in_process(backend) -> str:
    return "in-process"


# How to reach each task backend's queue, by backend class path. A backend missing here is
# reported as "not probed" rather than guessed at.
TASK_QUEUE_PROBES: dict[str, Callable] = {
    "django_tasks_rq.backend.RQBackend": _rq_ping,
    "django_tasks_db.backend.DatabaseBackend": _database_queue,
    "django_tasks.backends.database.backend.DatabaseBackend": _database_queue,
    "django_tasks.backends.immediate.ImmediateBackend": _in_process,
    "django_tasks.backends.dummy.DummyBackend": _in_process,
}


def _task_queue_probe(alias: str) -> Callable[[], str]:
    def probe() -> str:
        from django_tasks import task_backends

        backend = task_backends[alias]
        for cls in type(backend).__mro__:  # a subclass is reached like its base
            reach = TASK_QUEUE_PROBES.get(f"{cls.__module__}.{cls.__qualname__}")
            if reach is not None:
                return reach(backend)
        return f"{type(backend).__qualname__} not probed"

    return probe


def readiness_checks() -> list[CheckResult]:
    """Every dependency a request or a publish needs, in the order a human would look."""
    results = [_timed(f"database:{alias}", _database_probe(alias)) for alias in settings.DATABASES]
    results += [_timed(f"cache:{alias}", _cache_probe(alias)) for alias in settings.CACHES]
    results += [_timed(f"tasks:{alias}", _task_queue_probe(alias)) for alias in settings.TASKS]
    return results


# --- views ------------------------------------------------------------------------------


def _no_store(response: HttpResponse) -> HttpResponse:
    # A CDN or proxy must never answer a probe from cache.
    response["Cache-Control"] = "no-store"
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    return _no_store(JsonResponse({"status": "ok"}))


def readiness(results: list[CheckResult]) -> tuple[str, int]:
    """("ok" | "degraded" | "fail", HTTP status): see the module docstring for why."""
    if all(r.ok for r in results):
        return "ok", 200
    stores = [r for r in results if r.name.startswith(("database:", "cache:"))]
    if any(r.ok for r in stores):
        return "degraded", 200
    return "fail", 503


def readyz(request: HttpRequest) -> HttpResponse:
    start = time.perf_counter()
    results = readiness_checks()
    status, http_status = readiness(results)
    body = {
        "status": status,
        "checks": {r.name: r.as_json() for r in results},
        "ms": round((time.perf_counter() - start) * 1000, 2),
    }
    return _no_store(JsonResponse(body, status=http_status))


PROBES: dict[str, Callable[[HttpRequest], HttpResponse]] = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Answers the probe paths ahead of host validation, SSL redirect and sessions."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = PROBES.get(request.path_info)
        if view is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return _no_store(HttpResponse(status=405, headers={"Allow": "GET, HEAD"}))
        return view(request)

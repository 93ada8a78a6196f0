"""Fixtures for tests that need the real stack: other processes sharing PostgreSQL and Redis.

Child processes (an RQ worker, a gunicorn app server) must see what the test wrote, so the
tests using them run with `committed_db` (real commits) and hand the children the *test*
database's URL. Every child is started and stopped by its fixture, by pid, with a bounded
wait; its output goes to a temporary file (a full pipe would block it) and is shown when it
fails to start. The shared Redis/PostgreSQL servers are never stopped.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from tests.production.tcpproxy import TcpProxy

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def real_stack_missing() -> str | None:
    """Why the real-stack tests cannot run here, or None when they can."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL); run `make test-prod`"
    if settings.CACHES["default"]["BACKEND"] != "django_redis.cache.RedisCache":
        return "needs a Redis cache (CACHE_URL); run `make test-prod`"
    return None


@pytest.fixture(autouse=True)
def _fresh_process_state():
    """Each test starts as a fresh app process would: nothing held, nothing known."""
    from tests.process_state import forget_process_state

    forget_process_state()
    yield
    forget_process_state()


@pytest.fixture
def real_stack() -> None:
    reason = real_stack_missing()
    if reason:
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check: Callable[[], bool], *, timeout: float, what: str) -> None:
    """Poll `check` until true; fail the test with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")


def spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    """Start a child in the project root, its output captured in a temporary file."""
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed by stop()
    proc = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True
    )
    proc.log = log  # type: ignore[attr-defined]
    return proc


def stop(proc: subprocess.Popen, *, grace: float = 15) -> str:
    """Stop one child we started (TERM, then KILL) and return its output for diagnostics."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    log = getattr(proc, "log", None)
    if log is None:
        return ""
    log.seek(0)
    output = log.read()
    log.close()
    return output


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def committed_db(transactional_db, django_db_serialized_rollback) -> None:
    """Rows other processes can see; the tree Wagtail's migrations made is restored first.

    A transactional test ends with a flush, which would also drop the root page and locales
    created by migrations; serialized rollback reloads them for the next one.
    """


@pytest.fixture
def child_env(real_stack, committed_db) -> dict[str, str]:
    """Environment for a child process: the test database, the same Redis cache and queue."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": _database_url(),
            "CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
            "TASK_QUEUE_URL": settings.RQ_QUEUES["default"]["URL"],
            "TASK_BACKEND": "cms.tasks.ResilientRQBackend",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


@pytest.fixture
def rq_backend(settings):
    """This process enqueues through RQ (whatever TASK_BACKEND the pass was started with)."""
    settings.TASKS = {"default": {"BACKEND": "cms.tasks.ResilientRQBackend"}}
    import django_rq

    django_rq.get_queue("default").empty()  # jobs left by an aborted earlier run
    return django_rq.get_queue("default")


@pytest.fixture
def start_worker(child_env, rq_backend) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start real `manage.py rqworker` processes, as `make worker` runs them.

    `start_worker(FOO="1")` adds environment values (e.g. production settings for the
    worker); every worker started is stopped at teardown, by pid.
    """
    import django_rq
    from rq import Worker

    started: list[subprocess.Popen] = []
    conn = django_rq.get_connection("default")

    def start(**extra_env: str) -> subprocess.Popen:
        before = {w.name for w in Worker.all(connection=conn)}
        proc = spawn(
            [PYTHON, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job", "default"],
            {**child_env, **extra_env},
        )
        started.append(proc)
        wait_until(
            lambda: (
                proc.poll() is not None
                or bool({w.name for w in Worker.all(connection=conn)} - before)
            ),
            timeout=30,
            what="the RQ worker to register",
        )
        if proc.poll() is not None:
            pytest.fail(f"rqworker exited early:\n{stop(proc)}")
        return proc

    yield start
    for proc in started:
        stop(proc)


@pytest.fixture
def rq_worker(start_worker) -> subprocess.Popen:
    return start_worker()


@pytest.fixture
def start_app_server(child_env) -> Iterator[Callable[..., AppServer]]:
    """Start gunicorn processes with cms/gunicorn.conf.py and production settings.

    `start_app_server(DATABASE_URL=..., CACHE_URL=...)` overrides the environment; every
    server started is stopped at teardown, by pid.
    """
    started: list[subprocess.Popen] = []
    secret = secrets.token_urlsafe(50)  # one deployment: every process signs alike

    def start(*, wait: bool = True, **extra_env: str) -> AppServer:
        port = free_port()
        env = dict(child_env)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "cms.settings.production",
                "SECRET_KEY": secret,
                "SECURE_SSL_REDIRECT": "0",
                "WEB_CONCURRENCY": "1",
                "GUNICORN_THREADS": "2",
                "GUNICORN_ACCESSLOG": "0",
                "HOST": "127.0.0.1",
                "PORT": str(port),
            }
        )
        env.update(extra_env)
        proc = spawn([str(Path(PYTHON).with_name("gunicorn")), "-c", "cms/gunicorn.conf.py"], env)
        started.append(proc)
        server = AppServer(f"http://127.0.0.1:{port}", proc)
        if wait:
            wait_until(
                lambda: proc.poll() is not None or _answers(server.base),
                timeout=60,
                what="gunicorn",
            )
            if proc.poll() is not None:
                pytest.fail(f"gunicorn exited early:\n{stop(proc)}")
        return server

    yield start
    for proc in started:
        stop(proc)


class AppServer:
    def __init__(self, base: str, proc: subprocess.Popen) -> None:
        self.base = base
        self.proc = proc

    def output(self) -> str:
        log = getattr(self.proc, "log", None)
        if log is None:
            return ""
        log.seek(0)
        return log.read()


@pytest.fixture
def app_server(start_app_server) -> str:
    """A second app process: gunicorn with cms/gunicorn.conf.py and production settings."""
    return start_app_server().base


def output_so_far(proc: subprocess.Popen) -> str:
    """What a child started by `spawn` has printed until now (it keeps running)."""
    fd = proc.log.fileno()  # type: ignore[attr-defined]
    # pread: the child shares the file offset; moving it would make it overwrite its log.
    return os.pread(fd, os.fstat(fd).st_size, 0).decode(errors="replace")


def _answers(base: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


class ThrowawayRedis:
    """A private redis-server on a free port that a test may stop and start at will."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        import redis

        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        wait_until(lambda: _pings(client), timeout=10, what=f"redis-server on port {self.port}")

    def halt(self) -> None:
        if self.proc is not None:
            stop(self.proc, grace=5)
            self.proc = None


def _pings(client) -> bool:
    import redis

    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


@pytest.fixture
def throwaway_redis() -> Iterator[ThrowawayRedis]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    server = ThrowawayRedis(binary)
    server.start()
    yield server
    server.halt()


@pytest.fixture
def redis_proxy(throwaway_redis) -> Iterator[TcpProxy]:
    """A private redis-server behind a proxy the test can cut or hang."""
    proxy = TcpProxy("127.0.0.1", throwaway_redis.port)
    yield proxy
    proxy.close()


@pytest.fixture
def postgres_proxy(real_stack) -> Iterator[TcpProxy]:
    """The shared PostgreSQL behind a proxy the test can cut or hang (never stopped)."""
    from django.db import connection

    db = connection.settings_dict
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    yield proxy
    proxy.close()


def database_url_via(proxy: TcpProxy) -> str:
    """The test database's URL with the proxy's port instead of the server's."""
    from django.db import connection

    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@127.0.0.1:{proxy.port}/{db['NAME']}"

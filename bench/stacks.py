"""API throughput on the embedded default vs PostgreSQL + Redis, for the same requests.

For each stack this script prepares a fresh database (a throw-away SQLite file, or a
`guide_cms_bench` PostgreSQL database that it drops and recreates), runs migrate +
setup_demo, starts gunicorn with cms/gunicorn.conf.py and cms.settings.production (the two
stacks differ only in DATABASE_URL / CACHE_URL / TASK_BACKEND), then fires a fixed number
of requests per endpoint from a pool of keep-alive client threads:

  detail  GET /api/v1/guides/exosome-hair-loss/?locale=en
  bundle  GET /api/v1/bundles/en/
  304     the detail request with If-None-Match: <its ETag>

and prints requests/s, p50/p95/p99 latency and errors in one table. Both servers run at
once and take turns (4 rounds per endpoint), so load from anything else on the machine
hits both stacks alike. Bounded: warm-up plus REQUESTS per endpoint per stack, every socket
with a timeout. Client and server share this
machine's cores, so the figures compare stacks; they are not capacity numbers.

Run: .venv/bin/python bench/stacks.py [--requests 2000] [--concurrency 8] [--workers 2]
     [--db guide_cms_bench] [--cache-db 13] [--queue-db 12]   (a run drops and recreates --db)
Needs local PostgreSQL and Redis for the second stack (skipped with a message otherwise).
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")
BENCH_DB = "guide_cms_bench"
DETAIL = "/api/v1/guides/exosome-hair-loss/?locale=en"
BUNDLE = "/api/v1/bundles/en/"
ROUNDS = 4  # alternating turns per endpoint and stack


@dataclass
class Figures:
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SECURE_SSL_REDIRECT": "0",
            "VAR_DIR": str(var_dir),
            "LOG_LEVEL": "WARNING",
            "GUNICORN_ACCESSLOG": "0",
            "API_ANON_RATE": "100000000/min",  # measure the API, not the throttle's 429s
            "ADMIN_PASSWORD": "bench-only-password",
        }
    )
    return env


def embedded_env(var_dir: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": f"sqlite:///{var_dir / 'bench.sqlite3'}",
        "CACHE_URL": "locmemcache://bench",
        "TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }


def production_env(
    var_dir: Path, *, db: str = BENCH_DB, cache_db: int = 13, queue_db: int = 12
) -> dict[str, str] | None:
    """PostgreSQL + Redis, or None when either is not answering here. The database `db` is
    dropped and recreated: give each concurrent run its own (--db)."""
    try:
        import psycopg
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{db}"')
    except Exception as exc:  # any reason the stack is unavailable is reported, not raised
        print(f"PostgreSQL + Redis unavailable ({type(exc).__name__}: {exc}); skipping that stack")
        return None
    prefix = f"bench{int(time.time())}"
    return {
        "DATABASE_URL": f"{PG_URL}/{db}",
        "CACHE_URL": f"{REDIS_URL.replace('redis://', 'rediscache://')}/{cache_db}?key_prefix={prefix}",
        "TASK_QUEUE_URL": f"{REDIS_URL}/{queue_db}",
        "TASK_BACKEND": "cms.tasks.ResilientRQBackend",
    }


def prepare(env: dict[str, str]) -> None:
    # Set-up publishes the demo guide; its purge tasks run in-process, not on a queue
    # that no worker of this benchmark would ever drain.
    setup_env = {**env, "TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    for args in (["migrate", "--noinput"], ["setup_demo"]):
        subprocess.run(
            [str(BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env=setup_env,
            check=True,
            capture_output=True,
            timeout=600,
        )


def serve(
    env: dict[str, str], workers: int, log: Path | None = None
) -> tuple[subprocess.Popen, int]:
    """gunicorn from cms/gunicorn.conf.py on a free port, once /readyz answers; its output
    goes to `log` when given (for diagnosis), else nowhere."""
    port = free_port()
    out = log.open("w") if log else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "cms/gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(workers)},
            stdout=out,
            stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        )
    finally:
        if log:
            out.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if request(port, "/readyz")[0] == 200:
                return proc, port
        except OSError:
            pass
        time.sleep(0.2)
    proc.terminate()
    detail = f":\n{log.read_text()[-3000:]}" if log else " within 60 s"
    raise SystemExit(f"gunicorn did not become ready{detail}")


def request(port: int, path: str, headers: dict[str, str] | None = None, conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "identity", **(headers or {})})
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, resp.getheader("ETag"), body
    finally:
        if own:
            conn.close()


def load(port: int, path: str, headers: dict, expect: int, total: int, concurrency: int) -> Figures:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        bad = 0
        while True:
            with lock:
                if next(counter, None) is None:
                    break
            start = time.perf_counter()
            try:
                status, _, _ = request(port, path, headers, conn)
                ok = status == expect
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                ok = False
            mine.append((time.perf_counter() - start) * 1000)
            bad += not ok
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    return Figures(len(latencies), time.perf_counter() - start, latencies, errors)


@dataclass
class Stack:
    name: str
    proc: subprocess.Popen
    port: int
    etag: str


def start_stack(name: str, env: dict[str, str], workers: int) -> Stack:
    print(f"[{name}] preparing database and demo content ...", flush=True)
    prepare(env)
    proc, port = serve(env, workers)
    status, etag, _ = request(port, DETAIL)
    if status != 200 or not etag:
        proc.terminate()
        raise SystemExit(f"[{name}] detail answered {status} without an ETag")
    return Stack(name, proc, port, etag)


def measure(stacks: list[Stack], args) -> list[tuple[str, str, Figures]]:
    """Each endpoint in ROUNDS alternating turns per stack, so a burst of load from anything
    else on the machine lands on both stacks alike; a row sums its turns."""
    rows = []
    per_turn = max(1, args.requests // ROUNDS)
    for label, path, conditional, expect in (
        ("detail", DETAIL, False, 200),
        ("bundle", BUNDLE, False, 200),
        ("304", DETAIL, True, 304),
    ):
        totals = {s.name: Figures(0, 0.0, [], 0) for s in stacks}
        for stack in stacks:  # warm-up
            headers = {"If-None-Match": stack.etag} if conditional else {}
            load(stack.port, path, headers, expect, min(200, per_turn), args.concurrency)
        for _ in range(ROUNDS):
            for stack in stacks:
                headers = {"If-None-Match": stack.etag} if conditional else {}
                fig = load(stack.port, path, headers, expect, per_turn, args.concurrency)
                total = totals[stack.name]
                total.requests += fig.requests
                total.seconds += fig.seconds
                total.latencies_ms += fig.latencies_ms
                total.errors += fig.errors
        for stack in stacks:
            fig = totals[stack.name]
            print(f"[{stack.name}] {label}: {fig.rps:,.0f} req/s", flush=True)
            rows.append((label, stack.name, fig))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint per stack")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--db", default=BENCH_DB, help="PostgreSQL database (recreated)")
    parser.add_argument("--cache-db", type=int, default=13, help="Redis database for the cache")
    parser.add_argument("--queue-db", type=int, default=12, help="Redis database for the queue")
    args = parser.parse_args()

    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    stacks: list[Stack] = []
    with tempfile.TemporaryDirectory(prefix="bench-stacks-") as tmp:
        var_dir = Path(tmp)
        try:
            embedded = {**base_env(var_dir), **embedded_env(var_dir)}
            stacks.append(start_stack("embedded (SQLite + locmem)", embedded, args.workers))
            prod = production_env(
                var_dir, db=args.db, cache_db=args.cache_db, queue_db=args.queue_db
            )
            if prod is not None:
                production = {**base_env(var_dir), **prod}
                stacks.append(start_stack("PostgreSQL + Redis", production, args.workers))
            rows = measure(stacks, args)
        finally:
            for stack in stacks:
                stack.proc.terminate()
                stack.proc.wait(timeout=30)

    print()
    print(
        f"gunicorn gthread: {args.workers} processes x 4 threads; {args.concurrency} keep-alive "
        f"clients; {args.requests} requests per row in {ROUNDS} turns; {os.cpu_count()} CPU cores shared "
        f"by client and server; load average now {os.getloadavg()[0]:.2f}"
    )
    header = (
        f"{'endpoint':<8} {'stack':<28} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'max ms':>8} {'errors':>7}"
    )
    print(header)
    print("-" * len(header))
    for label, stack, fig in sorted(rows, key=lambda r: ["detail", "bundle", "304"].index(r[0])):
        print(
            f"{label:<8} {stack:<28} {fig.rps:>9,.0f} {fig.pct(0.5):>8.2f} "
            f"{fig.pct(0.95):>8.2f} {fig.pct(0.99):>8.2f} {max(fig.latencies_ms, default=0):>8.1f} "
            f"{fig.errors:>7}"
        )


if __name__ == "__main__":
    main()

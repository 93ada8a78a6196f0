"""Faults under sustained load on the production stack: what readers see, what is lost.

    .venv/bin/python bench/faults.py [--duration 60] [--connections 16] [--workers 2]
        [--threads 4] [--only redis,postgres,gunicorn,rq,edge]

Everything runs on private instances this script owns; the shared PostgreSQL and Redis
are never touched:

- a PostgreSQL cluster (initdb into a temporary directory, run as the `postgres` user when
  started as root, on a free port) and a redis-server (free port; cache in db 1, queue in
  db 0, like `make run-prod`);
- the app as `make run-prod` runs it: migrate + setup_demo, then
  `gunicorn -c cms/gunicorn.conf.py` (cms.settings.production, TASK_BACKEND
  cms.tasks.ResilientRQBackend) and `manage.py rqworker --job-class django_tasks_rq.Job
  --with-scheduler default`. The anonymous rate is raised so throttling does not
  interfere; the access log is off.

Per fault, wrk (Debian: `apt-get install wrk`; required) loads the API for --duration
seconds with --connections connections, rotating over detail (3 locales), JSON-LD,
bundle, list, sync and locales. The fault starts at 1/4 of the window and is healed at
1/2:

1. redis: redis-server stopped (SIGTERM; it comes back empty) and restarted; an editor
   publishes a new title during the outage;
2. postgres: `pg_ctl stop -m fast`, then start; an editor's publish during the outage
   must fail (nothing half-written), one after it must be served;
3. gunicorn worker: one worker SIGKILLed (the arbiter starts another);
4. rq worker: the RQ worker and its work-horse SIGKILLed while a machine-translation job
   waits on its provider (a local stand-in that holds the request); the worker is started
   again, the job must end failed with a message, the previous fr draft and every
   reviewed segment must be unchanged, and a second run must succeed;
5. edge: the load goes through varnishd (deploy/varnish/run-varnishd, as `make run-edge`;
   needs varnish + varnish-modules) over the cached reads (sync is never cached, so it is
   left out), the API's copies fresh for 2 s; gunicorn is stopped (SIGTERM, every
   process) and started again. Every read must be served, from grace while it is gone.

Printed per fault: reads attempted and failed (non-2xx + socket errors + timeouts, wrk's
2 s timeout), p99 and max latency, and whether any data was lost (with what was checked).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/doubles.py: stand-ins shared with the tests

from tests.doubles import SlowLibreTranslate, children_of  # noqa: E402

BIN = Path(sys.executable).parent
PY = sys.executable
SLUG = "exosome-hair-loss"
READS = [
    f"/api/v1/guides/{SLUG}/?locale=en",
    f"/api/v1/guides/{SLUG}/?locale=es",
    f"/api/v1/guides/{SLUG}/?locale=fr",
    f"/api/v1/guides/{SLUG}/faq.jsonld?locale=en",
    "/api/v1/bundles/en/",
    "/api/v1/guides/?locale=en",
    "/api/v1/sync/?locale=es",
    "/api/v1/locales/",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # not up yet, whatever the reason
            pass
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


# --- private services ------------------------------------------------------------------


class PrivatePostgres:
    def __init__(self, tmp: Path) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))  # Debian keeps them here
        found = shutil.which("pg_ctl")
        self.bin = Path(bins[-1]) if bins else Path(found).parent if found else None
        if self.bin is None:
            raise SystemExit("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.dir = tmp / "pg"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        self.dir.mkdir()
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.dir), "-U", "postgres", "--auth=trust", "--no-sync")

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.dir), "-o", options, "-l", str(self.dir / "log"), "-w", "start"
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"


class PrivateRedis:
    def __init__(self) -> None:
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self._pings, timeout=15, what="redis-server")

    def _pings(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)
        self.proc = None


# --- the stack -------------------------------------------------------------------------


class Stack:
    def __init__(self, tmp: Path, pg: PrivatePostgres, redis: PrivateRedis, opts, provider):
        self.tmp = tmp
        self.port = free_port()
        self.env = {k: v for k, v in os.environ.items() if k not in ("DEBUG",)}
        self.env.update(
            {
                "DJANGO_SETTINGS_MODULE": "cms.settings.production",
                "DATABASE_URL": f"{pg.url}/guide_cms",
                "CACHE_URL": f"rediscache://127.0.0.1:{redis.port}/1",
                "TASK_QUEUE_URL": f"redis://127.0.0.1:{redis.port}/0",
                "TASK_BACKEND": "cms.tasks.ResilientRQBackend",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "SECURE_SSL_REDIRECT": "0",
                "SESSION_COOKIE_SECURE": "0",
                "CSRF_COOKIE_SECURE": "0",
                "SECURE_HSTS_SECONDS": "0",
                "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{self.port}",
                "VAR_DIR": str(tmp),
                "API_ANON_RATE": "100000000/min",
                "LOG_LEVEL": "WARNING",
                "GUNICORN_ACCESSLOG": "0",
                "WEB_CONCURRENCY": str(opts.workers),
                "GUNICORN_THREADS": str(opts.threads),
                "HOST": "127.0.0.1",
                "PORT": str(self.port),
                "PYTHONUNBUFFERED": "1",
            }
        )
        self.worker_env = {
            **self.env,
            "TRANSLATION_PROVIDER": "libretranslate",
            "LIBRETRANSLATE_URL": provider.url,
            "TRANSLATION_MAX_ATTEMPTS": "1",
            "TRANSLATION_TIMEOUT": "300",
        }
        self.gunicorn: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = {**self.env, "TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        done = subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=600,
        )  # fmt: skip
        if check and done.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def action(self, *args: str) -> dict | None:
        """An editor's action in its own process (production settings); None if it failed."""
        done = subprocess.run(
            [PY, "bench/fault_actions.py", *args], cwd=ROOT,
            env={**self.env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip
        if done.returncode:
            last = (done.stderr.strip().splitlines() or ["?"])[-1]
            print(f"    action {args[0]} failed: {last[:200]}", flush=True)
            return None
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start_gunicorn(self) -> None:
        log = open(self.tmp / "gunicorn.log", "a")  # noqa: SIM115 - closed with the process
        self.gunicorn = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "cms/gunicorn.conf.py"], cwd=ROOT, env=self.env,
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for(lambda: get(self.base + "/healthz")[0] == 200, timeout=90, what="gunicorn")

    def start_worker(self) -> None:
        log = open(self.tmp / "worker.log", "a")  # noqa: SIM115 - closed with the process
        self.worker = subprocess.Popen(
            [PY, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job",
             "--with-scheduler", "default"],
            cwd=ROOT, env=self.worker_env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        time.sleep(3)  # registers with Redis

    def stop(self) -> None:
        for proc in (self.worker, self.gunicorn):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def title(stack: Stack) -> str | None:
    status, body = get(stack.base + f"/api/v1/guides/{SLUG}/?locale=en")
    return json.loads(body).get("title") if status == 200 else None


# --- load --------------------------------------------------------------------------------


@dataclass
class Window:
    fault: str
    attempted: int = 0
    failed: int = 0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    lost: str = "?"
    notes: list[str] = field(default_factory=list)


def lua_script(tmp: Path, reads: list[str] = READS, name: str = "reads.lua") -> Path:
    paths = ", ".join(f'"{p}"' for p in reads)
    script = tmp / name
    script.write_text(
        f"local paths = {{{paths}}}\nlocal i = 0\n"
        "request = function()\n  i = i + 1\n"
        "  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
    )
    return script


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_window(
    stack: Stack, opts, script: Path, window: Window, fault, heal, base: str = ""
) -> None:
    base = base or stack.base
    for path in READS:  # warm every process copy and Redis (and the edge) before the window
        get(base + path)
    wrk = subprocess.Popen(
        ["wrk", "-t", "2", "-c", str(opts.connections), "-d", f"{opts.duration}s",
         "--timeout", "2s", "--latency", "-s", str(script), base],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    time.sleep(opts.duration / 4)
    print(f"  {window.fault}: fault", flush=True)
    fault(window)
    time.sleep(max(0.0, opts.duration / 4))
    print(f"  {window.fault}: heal", flush=True)
    heal(window)
    out, _ = wrk.communicate(timeout=opts.duration + 120)
    window.attempted = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    window.failed = (int(non2xx.group(1)) if non2xx else 0) + (
        sum(int(n) for n in errors.groups()) if errors else 0
    )
    latency = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    window.max_ms = _ms(*latency.groups()) if latency else 0.0
    window.p99_ms = _ms(*p99.groups()) if p99 else 0.0


# --- the faults --------------------------------------------------------------------------


def redis_fault(stack, redis, opts, script) -> Window:
    window = Window("Redis stopped + restarted")
    new = f"Exosome hair loss guide (published while Redis was down {int(time.time())})"

    def fault(w):
        redis.stop()
        time.sleep(1)
        published = stack.action("publish", new)
        w.notes.append("publish during outage: " + ("ok" if published else "FAILED"))

    def heal(w):
        redis.start()

    run_window(stack, opts, script, window, fault, heal)
    served = title(stack)
    window.lost = "no" if served == new else f"YES (API serves {served!r})"
    window.notes.append("the publish made during the outage is served after it")
    return window


def postgres_fault(stack, pg, opts, script) -> Window:
    window = Window("PostgreSQL stopped + restarted")
    before = get(stack.base + f"/api/v1/guides/{SLUG}/?locale=en")
    new = f"Exosome hair loss guide (published after PostgreSQL came back {int(time.time())})"

    def fault(w):
        pg.stop()
        refused = stack.action("publish", "never published") is None
        w.notes.append("publish during outage " + ("refused" if refused else "ACCEPTED?!"))

    def heal(w):
        pg.start()

    run_window(stack, opts, script, window, fault, heal)
    published = stack.action("publish", new)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and title(stack) != new:
        time.sleep(0.1)
    served = title(stack)
    intact = before[0] == 200 and served == new and published is not None
    window.lost = "no" if intact else f"YES (after restart the API serves {served!r})"
    window.notes.append("a publish after the restart is served within 5 s")
    return window


def gunicorn_fault(stack, opts, script) -> Window:
    window = Window("one gunicorn worker SIGKILLed")
    before = get(stack.base + f"/api/v1/guides/{SLUG}/?locale=en")

    def fault(w):
        victims = children_of(stack.gunicorn.pid)
        os.kill(victims[0], signal.SIGKILL)
        w.notes.append(f"killed worker pid {victims[0]}")

    run_window(stack, opts, script, window, fault, lambda w: None)
    after = get(stack.base + f"/api/v1/guides/{SLUG}/?locale=en")
    window.lost = "no" if after == before else "YES (the detail changed)"
    return window


def rq_fault(stack, provider, opts, script) -> Window:
    window = Window("RQ worker SIGKILLed mid-job")
    if stack.worker is None or stack.worker.poll() is not None:
        stack.start_worker()  # an earlier fault may have stopped it
    prepared = stack.action("prepare-translation")
    if prepared is None:
        window.lost = "? (could not prepare the translation)"
        return window
    job: dict = {}

    def fault(w):
        started = stack.action("start-job")
        job["id"] = started["job"]
        if not provider.arrived.wait(timeout=60):
            w.notes.append("the job never called the provider")
            return
        horses = children_of(stack.worker.pid)
        os.kill(stack.worker.pid, signal.SIGKILL)
        for horse in horses:
            os.kill(horse, signal.SIGKILL)
        provider.release.set()
        w.notes.append(f"killed worker {stack.worker.pid} and work-horse {horses}")

    def heal(w):
        stack.start_worker()  # as a supervisor would

    run_window(stack, opts, script, window, fault, heal)
    ended = stack.action("job", str(job.get("id", 0)))
    after_kill = stack.action("state")
    provider.arrived.clear()
    retry = stack.action("start-job")
    retried: dict = {}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        retried = stack.action("job", str(retry["job"])) or {}
        if retried.get("status") in ("succeeded", "failed"):
            break
        time.sleep(1)
    after_retry = stack.action("state")
    checks = {
        "killed job ended failed with a message": bool(ended)
        and ended["status"] == "failed"
        and "stopped before it finished" in ended["message"],
        "previous draft unchanged": bool(after_kill)
        and after_kill["revision"] == prepared["revision"],
        "reviewed segments unchanged": bool(after_kill)
        and after_kill["reviewed_digest"] == prepared["reviewed_digest"],
        "retry succeeded": retried.get("status") == "succeeded",
        "reviews unchanged by the retry": bool(after_retry)
        and after_retry["reviewed_digest"] == prepared["reviewed_digest"],
    }
    window.notes += [f"{name}: {'yes' if ok else 'NO'}" for name, ok in checks.items()]
    window.lost = "no" if all(checks.values()) else "YES (see notes)"
    return window


def edge_fault(stack, opts) -> Window:
    """gunicorn stopped (every process) behind the edge, then started again."""
    window = Window("gunicorn stopped behind the edge")
    if shutil.which("varnishd") is None:
        window.lost = "? (varnishd is not installed: make edge-install)"
        return window
    # Copies fresh for 2 s only, so the outage is served from grace, not from fresh copies.
    stack.gunicorn.terminate()
    stack.gunicorn.wait(timeout=30)
    stack.env.update({"API_CACHE_S_MAXAGE": "2", "API_CACHE_MAX_AGE": "2"})
    stack.start_gunicorn()
    port = free_port()
    edge = subprocess.Popen(
        [str(ROOT / "deploy/varnish/run-varnishd"), f"127.0.0.1:{port}",
         f"127.0.0.1:{stack.port}", str(stack.tmp / "edge"), "6h", "1"],
        cwd=ROOT, env={**stack.env, "PYTHON_BIN": PY},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    cached = [path for path in READS if "/sync/" not in path]
    try:
        wait_for(lambda: get(base + READS[0])[0] == 200, timeout=120, what="varnishd")
        before = get(base + READS[0])

        def fault(w):
            stack.gunicorn.terminate()
            stack.gunicorn.wait(timeout=30)
            w.notes.append("gunicorn stopped (SIGTERM); copies fresh for 2 s, grace 6 h")
            time.sleep(3)
            w.notes.append(f"detail 3 s into the outage: {stale_header(base + READS[0])}")

        def heal(w):
            stack.start_gunicorn()

        run_window(stack, opts, lua_script(stack.tmp, cached, "cached.lua"), window, fault,
                   heal, base=base)  # fmt: skip
        after = get(base + READS[0])
        window.lost = "no" if after == before else "YES (the detail changed)"
    finally:
        edge.terminate()
        edge.wait(timeout=30)
    return window


def stale_header(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return f"{resp.status}, X-Edge-Stale: {resp.headers.get('X-Edge-Stale', '(fresh)')}"
    except urllib.error.HTTPError as exc:
        return f"{exc.code}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load per fault")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per process")
    parser.add_argument("--only", default="redis,postgres,gunicorn,rq,edge")
    opts = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is required (Debian: apt-get install wrk)")
    wanted = set(opts.only.split(","))

    tmp = Path(tempfile.mkdtemp(prefix="faults-"))
    tmp.chmod(0o755)  # the postgres user runs the private cluster from here
    pg = PrivatePostgres(tmp)
    redis = PrivateRedis()
    provider = SlowLibreTranslate()
    stack = None
    windows: list[Window] = []
    try:
        pg.start()
        redis.start()
        import psycopg

        with psycopg.connect(f"{pg.url}/postgres", autocommit=True, connect_timeout=10) as conn:
            conn.execute('CREATE DATABASE "guide_cms"')
        stack = Stack(tmp, pg, redis, opts, provider)
        print(f"stack in {tmp}: PostgreSQL :{pg.port}, Redis :{redis.port}, API {stack.base}")
        print("migrate + setup_demo ...", flush=True)
        stack.manage("migrate", "--noinput")
        stack.manage("setup_demo")
        stack.start_gunicorn()
        stack.start_worker()
        script = lua_script(tmp)
        if "redis" in wanted:
            windows.append(redis_fault(stack, redis, opts, script))
        if "postgres" in wanted:
            windows.append(postgres_fault(stack, pg, opts, script))
        if "gunicorn" in wanted:
            windows.append(gunicorn_fault(stack, opts, script))
        if "rq" in wanted:
            windows.append(rq_fault(stack, provider, opts, script))
        if "edge" in wanted:
            windows.append(edge_fault(stack, opts))
    finally:
        if stack is not None:
            stack.stop()
        provider.close()
        redis.stop()
        try:
            pg.stop()
        except SystemExit as exc:
            print(f"(stopping the private PostgreSQL: {exc})")
        shutil.rmtree(tmp, ignore_errors=True)
    report(opts, windows)


def report(opts, windows: list[Window]) -> None:
    print()
    print(
        f"production stack (cms/gunicorn.conf.py, {opts.workers} processes x {opts.threads} "
        f"threads, 1 RQ worker) on private PostgreSQL + Redis; wrk, {opts.connections} "
        f"connections, {opts.duration}s per fault (fault at 1/4, healed at 1/2), 2 s timeout; "
        f"{os.cpu_count()} CPUs, load average now {os.getloadavg()[0]:.1f}"
    )
    header = f"{'fault':32} {'reads':>8} {'failed':>7} {'p99 ms':>8} {'max ms':>8}  data lost"
    print(header)
    print("-" * len(header))
    for w in windows:
        print(
            f"{w.fault:32} {w.attempted:8d} {w.failed:7d} {w.p99_ms:8.1f} {w.max_ms:8.1f}  {w.lost}"
        )
        for note in w.notes:
            print(f"{'':34}- {note}")


if __name__ == "__main__":
    main()

"""Throughput of the delivery API on the production stack, against the server's own limit.

    .venv/bin/python bench/api_throughput.py [--stack production|embedded] [--rounds 5]
        [--duration 3] [--workers 2] [--threads 4] [--connections 16]
        [--db guide_cms_bench] [--cache-db 13] [--queue-db 12]

Servers, all gunicorn with cms/gunicorn.conf.py (gthread, --workers processes x --threads
threads, GUNICORN_ACCESSLOG=0), started once, on free ports:

- **api**: the project with production settings on PostgreSQL + Redis (`--stack
  production`, the default: database `--db` is dropped and recreated, Redis databases
  `--cache-db`/`--queue-db`) or on the embedded default (SQLite + local memory);
- **static**: bench/static_wsgi.py serving the guide detail's exact bytes, no framework:
  the limit of this server, worker model and payload;
- **wagtail v2**: Wagtail's API v2 over the same content (bench_wsgi.py), in its own phase
  after the rounds.

Cases (static, detail, detail with an API key, 304, bundle) are interleaved round by
round; ratios are taken between cases of the same round and the median over rounds is
shown, so background load on a shared machine hits both sides of a ratio alike.

Why the static case has its own server, and every case waits for the servers to go idle:
the previous version measured static bytes inside the API's server, right after the slow
Wagtail v2 case. wrk closes its connections when its time is up, but gunicorn still runs
the requests it had already read (16 connections, 4 threads, ~25 ms of CPU each), so the
next case started behind that backlog: measured here under load, static bytes right after
v2 ran at ~0.65x the same server's static bytes after another static run, at the same CPU
per request. cms/gunicorn.conf.py also formatted an access-log line for every request
even with GUNICORN_ACCESSLOG=0 (~+50 us of CPU per request, fixed in
cms/gunicorn_logging.py). Both made the "limit" too low, so detail/static looked better
than it was.

Figures per case: req/s and p50/p99 from the load generator, and the server workers' CPU
time per request (user + system from /proc, divided by requests): CPU per request is much
steadier than req/s on a loaded machine, and the ratio of CPU per request is what bounds
req/s when the server is the bottleneck. Load generator: wrk (Debian: `apt-get install
wrk`), else a Python keep-alive client (slower: it then limits every case alike).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import stacks  # bench/stacks.py: environments and set-up shared with the stack comparison

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/doubles.py: helpers shared with the tests

from tests.doubles import children_of  # noqa: E402

BENCH = ROOT / "bench"
BIN = Path(sys.executable).parent
PY = sys.executable
SLUG = "exosome-hair-loss"
DETAIL = f"/api/v1/guides/{SLUG}/?locale=en"
BUNDLE = "/api/v1/bundles/en/"
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    cpu_us: float  # server workers' CPU time per request


# --- servers ---------------------------------------------------------------------------


class Server:
    def __init__(self, name: str, app: str, env: dict[str, str], workers: int, threads: int):
        self.name = name
        self.port = stacks.free_port()
        self.proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "cms/gunicorn.conf.py", app],
            cwd=ROOT,
            env={
                **env,
                "HOST": "127.0.0.1",
                "PORT": str(self.port),
                "WEB_CONCURRENCY": str(workers),
                "GUNICORN_THREADS": str(threads),
                "GUNICORN_ACCESSLOG": "0",
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_ready(self, path: str) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"{self.name}: gunicorn exited with {self.proc.returncode}")
            try:
                if get(self.port, path)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        sys.exit(f"{self.name}: not answering {path} after 90 s")

    def workers(self) -> list[int]:
        return children_of(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def wait_idle(servers: list[Server], *, timeout: float = 15.0) -> None:
    """Until no worker of any server burns CPU: the previous case's backlog is done."""
    pids = [pid for server in servers for pid in server.workers()]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = cpu_seconds(pids)
        time.sleep(0.25)
        if cpu_seconds(pids) - before <= 0.02:
            return


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "identity", **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


# --- load generators -------------------------------------------------------------------


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk_run(port, path, headers, duration, connections) -> tuple[float, float, float, int]:
    args = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency"]
    for key, value in headers.items():
        args += ["-H", f"{key}: {value}"]
    out = subprocess.run(
        [*args, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        timeout=duration + 30,
        check=True,
    ).stdout
    if "Non-2xx or 3xx responses" in out:
        sys.exit(f"errors while measuring {path}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return rps, _ms(*p50.groups()), _ms(*p99.groups()), total


def python_run(port, path, headers, duration, connections) -> tuple[float, float, float, int]:
    """Fallback: threads with keep-alive connections, bounded by time and count."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + duration

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        for _ in range(200_000):
            if time.perf_counter() >= stop_at:
                break
            t0 = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    return len(latencies) / elapsed, q[49] * 1000, q[98] * 1000, len(latencies)


@dataclass
class Case:
    name: str
    server: Server
    path: str
    headers: dict[str, str]
    expect: int


def measure(case: Case, generator, duration: int, connections: int) -> Result:
    pids = case.server.workers()
    before = cpu_seconds(pids)
    rps, p50, p99, total = generator(
        case.server.port, case.path, case.headers, duration, connections
    )
    used = cpu_seconds(pids) - before
    return Result(case.name, rps, p50, p99, total, used / max(total, 1) * 1e6)


def run_rounds(cases, servers, *, rounds, duration, connections, generator):
    runs: dict[str, list[Result]] = {c.name: [] for c in cases}
    for case in cases:
        status = get(case.server.port, case.path, case.headers)[0]
        if status != case.expect:
            sys.exit(f"{case.name}: expected HTTP {case.expect}, got {status}")
        generator(case.server.port, case.path, case.headers, 1, connections)  # warm-up
    for n in range(rounds):
        for case in cases:
            wait_idle(servers)
            runs[case.name].append(measure(case, generator, duration, connections))
        print(f"round {n + 1}/{rounds} done (load average {os.getloadavg()[0]:.1f})", flush=True)
    return runs


def median_round(results: list[Result]) -> Result:
    return sorted(results, key=lambda r: r.rps)[len(results) // 2]


def median_ratio(a: list[Result], b: list[Result]) -> float:
    return statistics.median(x.rps / y.rps for x, y in zip(a, b, strict=True))


def cpu_ratio(a: list[Result], b: list[Result]) -> float:
    return statistics.median(y.cpu_us / x.cpu_us for x, y in zip(a, b, strict=True))


# --- set-up ----------------------------------------------------------------------------


def environment(opts, tmp: Path) -> dict[str, str]:
    env = stacks.base_env(tmp)
    env.update(
        {
            "BENCH_STATIC_FILE": str(tmp / "static-bytes.json"),
            "PYTHONPATH": f"{BENCH}{os.pathsep}{ROOT}",
            "API_ANON_RATE": "100000000/min",  # the throttle still runs; it never trips
        }
    )
    if opts.stack == "production":
        prod = stacks.production_env(
            tmp, db=opts.db, cache_db=opts.cache_db, queue_db=opts.queue_db
        )
        if prod is None:
            sys.exit("PostgreSQL + Redis are not answering: use --stack embedded")
        env.update(prod)
    else:
        env.update(stacks.embedded_env(tmp))
    return env


def create_key(env: dict[str, str]) -> str:
    code = (
        "import django; django.setup(); from api.access.keys import create_api_key;"
        "print(create_api_key('bench', rate='100000000/min').raw_key)"
    )
    done = subprocess.run(
        [PY, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    if done.returncode:
        sys.exit(f"could not create an API key:\n{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", choices=["production", "embedded"], default="production")
    parser.add_argument("--duration", type=int, default=3, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes per server")
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per process")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--db", default=stacks.BENCH_DB, help="PostgreSQL database (recreated)")
    parser.add_argument("--cache-db", type=int, default=13)
    parser.add_argument("--queue-db", type=int, default=12)
    parser.add_argument("--python-client", action="store_true", help="don't use wrk")
    opts = parser.parse_args()

    use_wrk = shutil.which("wrk") is not None and not opts.python_client
    if not use_wrk and not opts.python_client:
        print("wrk not found (Debian: apt-get install wrk): using the slower Python client")
    generator = wrk_run if use_wrk else python_run
    tmp = Path(tempfile.mkdtemp(prefix="api-bench-"))
    servers: list[Server] = []
    try:
        env = environment(opts, tmp)
        print(f"[{opts.stack}] preparing database and demo content ...", flush=True)
        stacks.prepare(env)
        raw_key = create_key(env)
        api = Server("api", "cms.wsgi:application", env, opts.workers, opts.threads)
        servers.append(api)
        api.wait_ready(DETAIL)
        _status, headers, body = get(api.port, DETAIL)
        (tmp / "static-bytes.json").write_bytes(body)
        etag = headers["ETag"]
        static = Server("static", "static_wsgi:application", env, opts.workers, opts.threads)
        v2_env = {**env, "DJANGO_SETTINGS_MODULE": "bench_settings"}
        v2 = Server("wagtail v2", "bench_wsgi:application", v2_env, opts.workers, opts.threads)
        servers += [static, v2]
        static.wait_ready("/")
        v2.wait_ready("/api/v1/locales/")
        listing = get(v2.port, f"/api/v2/pages/?type=content.GuidePage&slug={SLUG}")[2]
        page_id = re.search(rb'"id":\s*(\d+)', listing).group(1).decode()
        v2_path = f"/api/v2/pages/{page_id}/"
        v2_bytes = len(get(v2.port, v2_path)[2])

        cases = [
            Case("static bytes (limit)", static, "/", {}, 200),
            Case("guide detail", api, DETAIL, {}, 200),
            Case("guide detail, API key", api, DETAIL, {"X-API-Key": raw_key}, 200),
            Case("guide detail 304", api, DETAIL, {"If-None-Match": etag}, 304),
            Case("bundle", api, BUNDLE, {}, 200),
        ]
        results = run_rounds(
            cases,
            servers,
            rounds=opts.rounds,
            duration=opts.duration,
            connections=opts.connections,
            generator=generator,
        )
        # Wagtail v2 last, on its own server: its backlog can no longer disturb a case.
        v2_case = Case("wagtail api v2 detail", v2, v2_path, {}, 200)
        results.update(
            run_rounds(
                [v2_case],
                servers,
                rounds=min(opts.rounds, 3),
                duration=opts.duration,
                connections=opts.connections,
                generator=generator,
            )
        )
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    report(opts, use_wrk, results, len(body), v2_bytes)


def report(opts, use_wrk: bool, results: dict[str, list[Result]], detail_bytes, v2_bytes):
    print()
    stack = (
        f"PostgreSQL ({opts.db}) + Redis (db {opts.cache_db})"
        if opts.stack == "production"
        else "embedded default (SQLite + local memory)"
    )
    print(f"api:    {stack}, cms.settings.production, cms/gunicorn.conf.py")
    print(
        f"server: every server gunicorn gthread, {opts.workers} processes x {opts.threads} "
        f"threads, access log off; 127.0.0.1; {os.cpu_count()} CPUs shared with the load "
        f"generator (load average now {os.getloadavg()[0]:.1f})"
    )
    print(
        f"load:   {'wrk' if use_wrk else 'python http.client threads'}, {opts.connections} "
        f"keep-alive connections; {opts.rounds} interleaved rounds of {opts.duration}s per "
        "case, each after the servers went idle; median round shown"
    )
    print(f"payload: guide detail {detail_bytes} bytes, wagtail v2 detail {v2_bytes} bytes")
    print()
    print(
        f"{'case':26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'CPU us/req':>11}  per-round req/s"
    )
    for runs in results.values():
        r = median_round(runs)
        cpu = statistics.median(x.cpu_us for x in runs)
        each = " ".join(f"{x.rps:.0f}" for x in runs)
        print(f"{r.name:26} {r.rps:8.0f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} {cpu:11.0f}  {each}")
    static = results["static bytes (limit)"]
    print()
    print("ratios against the static-bytes limit (median over rounds, same-round pairs):")
    print(f"{'case':26} {'req/s ratio':>12} {'CPU ratio':>10}   (goal for detail: >= 0.50)")
    for name in ("guide detail", "guide detail, API key", "guide detail 304", "bundle"):
        runs = results[name]
        print(f"{name:26} {median_ratio(runs, static):12.2f} {cpu_ratio(runs, static):10.2f}")
    detail = statistics.median(r.rps for r in results["guide detail"])
    v2 = statistics.median(r.rps for r in results["wagtail api v2 detail"])
    print(f"guide detail / wagtail v2 : {detail / v2:.0f}x (medians of separate phases)")
    print(
        "CPU ratio = static's CPU per request / the case's: the req/s ratio the case would "
        "reach if the server were the only thing running."
    )


if __name__ == "__main__":
    main()

"""Throughput of the delivery API under a multi-process WSGI server on 127.0.0.1.

    .venv/bin/python bench/api_throughput.py [--cache locmem|redis] [--process-cache 2]

Sets up a temporary SQLite database (migrate + setup_demo), starts gunicorn with
2 gthread workers serving the project plus Wagtail's API v2 and a static-bytes app,
and measures requests/s and p50/p99 latency for: the guide detail (cache warm), a
304, the bundle, Wagtail API v2's detail of the same page, and the static bytes
(the same payload as the guide detail: the server's upper limit). The load
generator is wrk when installed (`apt-get install wrk`), else a bounded Python
keep-alive client. Every run is bounded in time; the server is stopped at the end.
The cases are interleaved over several rounds and the median round is reported.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PY = sys.executable
SLUG = "exosome-hair-loss"
DETAIL = f"/api/v1/guides/{SLUG}/?locale=en"
BUNDLE = "/api/v1/bundles/en/"


@dataclass
class Result:
    name: str
    path: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    status: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(tmp: Path, cache: str, process_cache: int) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": f"{BENCH}{os.pathsep}{ROOT}",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "VAR_DIR": str(tmp),
        "SECRET_KEY": "bench-only-secret-key",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "API_ANON_RATE": "100000000/min",  # the throttle still runs, it just never trips
        "LOG_LEVEL": "WARNING",
        "ADMIN_PASSWORD": "bench-admin-password",  # setup_demo validates it (>= 12 chars)
        "BENCH_STATIC_FILE": str(tmp / "static-bytes.json"),
        "API_PROCESS_CACHE_SECONDS": str(process_cache),
    }
    if cache == "redis":
        env["CACHE_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    else:
        env.pop("CACHE_URL", None)  # the embedded default: local memory, per process
    return env


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def set_up_site(env: dict[str, str]) -> None:
    run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run([PY, "manage.py", "setup_demo"], env)
    # The static app serves exactly the detail's bytes (same payload, no framework).
    run(
        [
            PY,
            "-c",
            "import django, os; django.setup();"
            "from django.test import Client;"
            f"body = Client().get('{DETAIL}', HTTP_HOST='127.0.0.1').content; assert body.startswith(b'{{');"
            "open(os.environ['BENCH_STATIC_FILE'], 'wb').write(body)",
        ],
        env,
    )


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "bench_wsgi:application",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--keep-alive",
            "5",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(port, "/api/v1/locales/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn did not start:\n{server.stderr.read() if server.stderr else ''}")


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


# --- load generators -----------------------------------------------------------------


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
    max_per_thread = 200_000

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        for _ in range(max_per_thread):
            if time.perf_counter() >= stop_at:
                break
            t0 = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - t0)
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
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


def check_status(name: str, port: int, path: str, headers: dict, expect: int) -> None:
    status = get(port, path, headers)[0]
    if status != expect:
        sys.exit(f"{name}: expected HTTP {expect} from {path}, got {status}")


def measure_rounds(
    cases, port, *, rounds, duration, connections, generator
) -> dict[str, list[Result]]:
    """Interleave the cases round by round: the machine's background load then affects
    every case alike, and ratios can be taken within a round."""
    runs: dict[str, list[Result]] = {name: [] for name, *_ in cases}
    for name, path, headers, expect in cases:
        check_status(name, port, path, headers, expect)
        generator(port, path, headers, 1, connections)  # warm every worker (and cache)
    for _ in range(rounds):
        for name, path, headers, expect in cases:
            rps, p50, p99, total = generator(port, path, headers, duration, connections)
            runs[name].append(Result(name, path, rps, p50, p99, total, expect))
    return runs


def median_round(results: list[Result]) -> Result:
    return sorted(results, key=lambda r: r.rps)[len(results) // 2]


def median_ratio(a: list[Result], b: list[Result]) -> float:
    """Median over rounds of a/b measured in the same round (robust to load drift)."""
    return statistics.median(x.rps / y.rps for x, y in zip(a, b, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=3, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (median kept)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--cache", choices=["locmem", "redis"], default="locmem")
    parser.add_argument(
        "--process-cache", type=int, default=0, help="API_PROCESS_CACHE_SECONDS (0 = off)"
    )
    parser.add_argument("--python-client", action="store_true", help="don't use wrk")
    opts = parser.parse_args()

    use_wrk = shutil.which("wrk") is not None and not opts.python_client
    generator = wrk_run if use_wrk else python_run
    tmp = Path(tempfile.mkdtemp(prefix="api-bench-"))
    env = bench_env(tmp, opts.cache, opts.process_cache)
    print(f"setting up a demo site in {tmp} ...", flush=True)
    set_up_site(env)
    port = free_port()
    server = start_server(env, port, opts.workers)
    try:
        _, headers, body = get(port, DETAIL)
        etag = headers["ETag"]
        listing = json.loads(get(port, f"/api/v2/pages/?type=content.GuidePage&slug={SLUG}")[2])
        page_id = listing["items"][0]["id"]
        v2_status, _, v2_body = get(port, f"/api/v2/pages/{page_id}/")
        assert v2_status == 200 and b'"body"' in v2_body, v2_body[:200]
        cases = [
            ("static bytes (upper limit)", "/static-bytes", {}, 200),
            ("guide detail (cache warm)", DETAIL, {}, 200),
            ("guide detail 304", DETAIL, {"If-None-Match": etag}, 304),
            ("bundle", BUNDLE, {}, 200),
            ("wagtail api v2 detail", f"/api/v2/pages/{page_id}/", {}, 200),
        ]
        results = measure_rounds(
            cases,
            port,
            rounds=opts.rounds,
            duration=opts.duration,
            connections=opts.connections,
            generator=generator,
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    print(
        f"server: gunicorn, {opts.workers} gthread workers x 2 threads, 127.0.0.1; "
        f"{os.cpu_count()} CPUs shared with the load generator"
    )
    print(
        f"load:   {'wrk' if use_wrk else 'python http.client threads'}, "
        f"{opts.connections} keep-alive connections; {opts.rounds} interleaved rounds of "
        f"{opts.duration}s per case after a 1s warm-up; the median round is shown"
    )
    cache_note = (
        "local memory, one per worker process (each worker warmed by the warm-up run)"
        if opts.cache == "locmem"
        else f"shared Redis ({env['CACHE_URL']})"
    )
    if opts.process_cache:
        cache_note += f" + a {opts.process_cache}s per-process copy (API_PROCESS_CACHE_SECONDS)"
    print(f"cache:  {cache_note}")
    print(f"payload: guide detail {len(body)} bytes, wagtail v2 detail {len(v2_body)} bytes")
    print()
    print(
        f"{'case':30} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'requests':>10}  per-round req/s"
    )
    for runs in results.values():
        r = median_round(runs)
        each = " ".join(f"{x.rps:.0f}" for x in runs)
        print(f"{r.name:30} {r.rps:10.0f} {r.p50_ms:9.2f} {r.p99_ms:9.2f} {r.requests:10d}  {each}")
    static = results["static bytes (upper limit)"]
    detail = results["guide detail (cache warm)"]
    print()
    print("ratios: median over rounds of the two cases measured in the same round")
    print(f"ratio detail / static limit : {median_ratio(detail, static):.2f}  (target >= 0.50)")
    v2 = median_ratio(detail, results["wagtail api v2 detail"])
    print(f"ratio detail / wagtail v2   : {v2:.1f}x  (target: several times)")
    print(f"ratio 304 / static limit    : {median_ratio(results['guide detail 304'], static):.2f}")
    print(f"ratio bundle / static limit : {median_ratio(results['bundle'], static):.2f}")


if __name__ == "__main__":
    main()

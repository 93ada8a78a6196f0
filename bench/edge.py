"""The edge (Varnish + deploy/varnish/edge.vcl) in front of the production stack.

    .venv/bin/python bench/edge.py [--rounds 5] [--duration 3] [--connections 16]
        [--workers 2] [--threads 4] [--db guide_cms_edge_bench] [--cache-db 13] [--queue-db 12]

Set-up as `make run-edge` runs it, on a database this script drops and recreates: gunicorn
(cms.settings.production, PostgreSQL + Redis), an RQ worker sending purges, and varnishd
started by deploy/varnish/run-varnishd; beside them nginx serving the guide detail's exact
bytes from files (the machine's static limit). Needs varnish + varnish-modules
(`make edge-install`), nginx and wrk (Debian: `apt-get install nginx-light wrk`).

1. Throughput: the edge's warm detail beside nginx serving the same bytes, identity (23 KB)
   and gzip (4 KB), interleaved round by round; best req/s of the rounds and the median
   CPU per request of the server (varnishd's cache process, nginx's workers: user +
   system from /proc).
2. Origin load: the misses that ten Accept-Language headers for two languages cost, and
   origin requests per 1,000 edge requests for a mix over detail, JSON-LD, list and
   bundle, ten Accept-Language headers and `?locale=` (varnishstat: MAIN.s_fetch, the
   edge's fetches from the origin; health probes are not counted).
3. Purge to fresh: an editor publishes (bench/fault_actions.py, its own process); the time
   from its commit until the edge serves the new title on every watched variant.
4. Origin stopped: gunicorn is stopped under load on cached reads; what the edge serves.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import api_throughput as at
import stacks  # bench/stacks.py: environments and set-up

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.doubles import children_of  # noqa: E402

PY = sys.executable
SLUG = "exosome-hair-loss"
DETAIL = f"/api/v1/guides/{SLUG}/?locale=en"
LANGS = {
    "es": ["es", "es-MX", "es-ES,es;q=0.9", "es-419,es;q=0.8,en;q=0.5", "ES-ar"],
    "fr": ["fr", "fr-CA", "fr-FR,fr;q=0.9,en;q=0.8", "fr-BE;q=0.9", "de;q=0.1, fr-CH"],
}
MIX_PATHS = [
    f"/api/v1/guides/{SLUG}/",
    f"/api/v1/guides/{SLUG}/faq.jsonld",
    "/api/v1/guides/",
]


def http(url: str, headers: dict[str, str] | None = None, method: str = "GET"):
    request = urllib.request.Request(
        url, method=method, headers={"Accept-Encoding": "identity", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


class Edge:
    def __init__(self, env: dict[str, str], origin_port: int, workdir: Path) -> None:
        self.port = stacks.free_port()
        self.workdir = workdir
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [str(ROOT / "deploy/varnish/run-varnishd"), f"127.0.0.1:{self.port}",
             f"127.0.0.1:{origin_port}", str(workdir), "6h", "1"],
            cwd=ROOT, env={**env, "PYTHON_BIN": PY},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if http(self.url + DETAIL)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit("varnishd did not answer within 120 s")

    def workers(self) -> list[int]:
        return children_of(self.proc.pid)  # the cache process under the manager

    def stats(self) -> dict[str, int]:
        out = subprocess.run(
            ["varnishstat", "-n", str(self.workdir / "instance"), "-1", "-j"],
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout  # fmt: skip
        data = json.loads(out)
        counters = data.get("counters", data)
        return {
            name.removeprefix("MAIN."): int(value["value"])
            for name, value in counters.items()
            if isinstance(value, dict) and "value" in value
        }

    def purge_all(self) -> None:
        http(self.url + "/", {"xkey-purge": "api"}, method="PURGE")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


class Nginx:
    """nginx serving the detail's bytes: /identity and /gzip (Content-Encoding: gzip)."""

    def __init__(self, tmp: Path, identity: bytes, gzipped: bytes, workers: int) -> None:
        self.port = stacks.free_port()
        root = tmp / "nginx"
        root.mkdir()
        for readable in (tmp, root):  # nginx's workers run as another user
            readable.chmod(0o755)
        (root / "identity.json").write_bytes(identity)
        (root / "gzip.json").write_bytes(gzipped)
        conf = root / "nginx.conf"
        conf.write_text(
            f"""worker_processes {workers};
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{self.port};
        location /identity {{ default_type application/json; alias {root}/identity.json; }}
        location /gzip {{
            default_type application/json;
            add_header Content-Encoding gzip;
            alias {root}/gzip.json;
        }}
    }}
}}
"""
        )
        self.proc = subprocess.Popen(
            ["nginx", "-c", str(conf), "-p", str(root), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(1)

    def workers(self) -> list[int]:
        return children_of(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def measure(port: int, path: str, headers: dict, pids: list[int], opts) -> tuple[float, float]:
    before = at.cpu_seconds(pids)
    rps, _p50, _p99, total = at.wrk_run(port, path, headers, opts.duration, opts.connections)
    cpu = at.cpu_seconds(pids) - before
    return rps, cpu / total * 1e6


def throughput(edge: Edge, nginx: Nginx, opts) -> None:
    gzip = {"Accept-Encoding": "gzip"}
    cases = {
        "edge identity": (edge.port, DETAIL, {}, edge.workers),
        "nginx identity": (nginx.port, "/identity", {}, nginx.workers),
        "edge gzip": (edge.port, DETAIL, gzip, edge.workers),
        "nginx gzip": (nginx.port, "/gzip", gzip, nginx.workers),
    }
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for n in range(opts.rounds):
        for name, (port, path, headers, pids) in cases.items():
            results[name].append(measure(port, path, headers, pids(), opts))
        print(f"  round {n + 1}/{opts.rounds} done", flush=True)
    print(
        f"\n1. detail, wrk {opts.connections} connections, {opts.duration}s x {opts.rounds} rounds"
    )
    print(f"   {'case':16} {'best req/s':>11} {'median':>9} {'CPU us/req':>11}")
    best = {}
    for name, rows in results.items():
        best[name] = max(r for r, _ in rows)
        cpu = statistics.median(c for _, c in rows)
        median = statistics.median(r for r, _ in rows)
        print(f"   {name:16} {best[name]:11.0f} {median:9.0f} {cpu:11.1f}")
    for kind in ("identity", "gzip"):
        ratio = best[f"edge {kind}"] / best[f"nginx {kind}"]
        print(f"   edge/nginx {kind}: {ratio:.2f}x (best of rounds)")


def origin_load(edge: Edge) -> None:
    edge.purge_all()
    before = edge.stats()
    for values in LANGS.values():
        for value in values:
            http(edge.url + f"/api/v1/guides/{SLUG}/", {"Accept-Language": value})
    after = edge.stats()
    misses = after["cache_miss"] - before["cache_miss"]
    print(f"\n2. ten Accept-Language values for two languages: {misses} misses "
          f"({after['s_fetch'] - before['s_fetch']} origin requests)")  # fmt: skip

    edge.purge_all()
    before = edge.stats()
    headers = [{"Accept-Language": v} for values in LANGS.values() for v in values]
    requests = 0
    for _ in range(100):
        for path in MIX_PATHS:
            for h in headers:
                http(edge.url + path, h)
                requests += 1
            for code in ("en", "es", "fr"):
                http(edge.url + f"{path}?locale={code}")
                requests += 1
        for code in ("en", "es", "fr"):
            http(edge.url + f"/api/v1/bundles/{code}/")
            requests += 1
    after = edge.stats()
    client = after["client_req"] - before["client_req"]
    backend = after["s_fetch"] - before["s_fetch"]
    print(f"   mix of {client} edge requests (detail, JSON-LD, list x 10 Accept-Language + "
          f"3 ?locale=, 3 bundles): {backend} origin requests = "
          f"{backend / client * 1000:.1f} per 1,000")  # fmt: skip


def purge_to_fresh(edge: Edge, env: dict[str, str], times: int) -> None:
    watched = [
        (DETAIL, {}),
        (f"/api/v1/guides/{SLUG}/", {"Accept-Language": "en-GB,en;q=0.9"}),
        (f"/api/v1/guides/{SLUG}/", {}),
    ]
    took = []
    for n in range(times):
        for path, headers in watched:  # cached before the edit
            http(edge.url + path, headers)
        title = f"Exosome hair loss guide (edit {n} at {time.time():.0f})"
        seen: dict[int, float] = {}
        done = threading.Event()

        def poll(seen=seen, done=done, title=title) -> None:
            while not done.is_set():
                for i, (path, headers) in enumerate(watched):
                    if i in seen:
                        continue
                    status, _h, body = http(edge.url + path, headers)
                    if status == 200 and json.loads(body).get("title") == title:
                        seen[i] = time.time()
                if len(seen) == len(watched):
                    return
                time.sleep(0.005)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        out = subprocess.run(
            [PY, "bench/fault_actions.py", "publish", title], cwd=ROOT,
            env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        committed = json.loads(out.stdout.strip().splitlines()[-1])["at"]
        poller.join(timeout=30)
        done.set()
        if len(seen) < len(watched):
            print(f"   edit {n}: NOT fresh on every variant within 30 s")
            continue
        took.append(max(seen.values()) - committed)
    if took:
        print(f"\n3. purge to fresh (commit -> every watched variant new), {len(took)} edits: "
              f"median {statistics.median(took) * 1000:.0f} ms, max {max(took) * 1000:.0f} ms")  # fmt: skip


def origin_stopped(edge: Edge, origin: at.Server, opts) -> None:
    paths = [DETAIL, f"/api/v1/guides/{SLUG}/faq.jsonld?locale=en", "/api/v1/guides/?locale=en",
             "/api/v1/bundles/en/", "/api/v1/locales/", f"/api/v1/guides/{SLUG}/?locale=es"]  # fmt: skip
    for path in paths:
        http(edge.url + path)
    script = Path(tempfile.mkdtemp()) / "reads.lua"
    quoted = ", ".join(f'"{p}"' for p in paths)
    script.write_text(
        f"local paths = {{{quoted}}}\nlocal i = 0\nrequest = function()\n  i = i + 1\n"
        "  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
    )
    duration = max(20, opts.duration * 4)
    wrk = subprocess.Popen(
        ["wrk", "-t", "2", "-c", str(opts.connections), "-d", f"{duration}s", "--timeout", "2s",
         "-s", str(script), edge.url],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    time.sleep(duration / 4)
    origin.stop()
    stopped_at = time.monotonic()
    out, _ = wrk.communicate(timeout=duration + 60)
    import re

    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = (int(non2xx.group(1)) if non2xx else 0) + (
        sum(int(n) for n in errors.groups()) if errors else 0
    )
    stale = http(edge.url + DETAIL)[1].get("X-Edge-Stale", "(fresh copy: no stale header yet)")
    print(f"\n4. gunicorn stopped at {duration / 4:.0f}s of a {duration}s wrk window over "
          f"{len(paths)} cached reads: {total} reads, {failed} failed; "
          f"{time.monotonic() - stopped_at:.0f}s after the stop the detail says "
          f"X-Edge-Stale: {stale}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--db", default="guide_cms_edge_bench")
    parser.add_argument("--cache-db", type=int, default=13)
    parser.add_argument("--queue-db", type=int, default=12)
    parser.add_argument("--edits", type=int, default=5)
    opts = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="edge-bench-"))
    env = stacks.base_env(tmp)
    prod = stacks.production_env(tmp, db=opts.db, cache_db=opts.cache_db, queue_db=opts.queue_db)
    if prod is None:
        raise SystemExit("needs PostgreSQL and Redis")
    env.update(prod)
    print("migrate + setup_demo ...", flush=True)
    stacks.prepare(env)
    origin = at.Server("origin", "cms.wsgi:application", env, opts.workers, opts.threads)
    origin.wait_ready(DETAIL)
    edge = Edge(env, origin.port, tmp / "edge")
    env.update(
        {
            "FRONTEND_CACHE": "varnish",
            "FRONTEND_CACHE_LOCATION": edge.url,
            "API_PUBLIC_BASE_URL": edge.url,
        }
    )
    worker = subprocess.Popen(
        [PY, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job", "default"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    _s, _h, identity = http(edge.url + DETAIL)
    gz = urllib.request.Request(edge.url + DETAIL, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(gz, timeout=10) as resp:
        gzipped = resp.read()
    nginx = Nginx(tmp, identity, gzipped, opts.workers)
    try:
        print(f"edge {edge.url} -> origin :{origin.port}; nginx :{nginx.port}; "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
        throughput(edge, nginx, opts)
        origin_load(edge)
        time.sleep(3)  # the worker registers
        purge_to_fresh(edge, env, opts.edits)
        origin_stopped(edge, origin, opts)
    finally:
        for proc in (worker,):
            proc.terminate()
            proc.wait(timeout=30)
        nginx.stop()
        edge.stop()
        origin.stop()


if __name__ == "__main__":
    main()

"""A real varnishd with deploy/varnish/edge.vcl in front of a test's gunicorn.

Started the way `make run-edge` starts it (deploy/varnish/run-varnishd: site.vcl written
by `manage.py edge_vcl` from the test's settings, then varnishd in the foreground), on a
free port with its own instance directory, and stopped by pid. Skipped where Varnish and
varnish-modules are not installed (`make edge-install`; CI installs them).
"""

from __future__ import annotations

import os
import shutil
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.production.client import Answer, fetch
from tests.production.conftest import ROOT, AppServer, free_port, spawn, stop, wait_until

RUN_VARNISHD = ROOT / "deploy" / "varnish" / "run-varnishd"


def edge_missing() -> str | None:
    if shutil.which("varnishd") is None:
        return "varnishd is not installed (make edge-install)"
    vmods = [*Path("/usr/lib").glob("*/varnish/vmods"), Path("/usr/lib/varnish/vmods")]
    if not any((d / "libvmod_xkey.so").exists() for d in vmods):
        return "varnish-modules (xkey) is not installed (make edge-install)"
    return None


@dataclass
class Edge:
    url: str
    origin: AppServer
    proc: object

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return fetch(self.url + path, headers)

    def purge(self, path: str, **headers: str) -> None:
        request = urllib.request.Request(self.url + path, method="PURGE", headers=headers)
        with urllib.request.urlopen(request, timeout=5) as resp:
            resp.read()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


@pytest.fixture(name="start_edge")
def start_edge_fixture(tmp_path, child_env) -> Iterator[Callable[..., Edge]]:
    """`start_edge(origin, grace="6h", probe_interval=1.0)`: varnishd in front of `origin`."""
    reason = edge_missing()
    if reason:
        pytest.skip(reason)
    started = []

    def start(origin: AppServer, *, grace: str = "6h", probe_interval: float = 1.0) -> Edge:
        port = free_port()
        workdir = tmp_path / f"edge-{port}"
        env = {**child_env, "PYTHON_BIN": os.environ.get("PYTHON_BIN", _python())}
        env["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
        origin_port = origin.base.rsplit(":", 1)[1]
        proc = spawn(
            [
                str(RUN_VARNISHD),
                f"127.0.0.1:{port}",
                f"127.0.0.1:{origin_port}",
                str(workdir),
                grace,
                str(probe_interval),
            ],
            env,
        )
        started.append(proc)
        edge = Edge(f"http://127.0.0.1:{port}", origin, proc)
        wait_until(
            lambda: proc.poll() is not None or _answers(edge.url),
            timeout=90,  # the VCL is compiled with gcc on start
            what="varnishd",
        )
        if proc.poll() is not None:
            pytest.fail(f"varnishd exited early:\n{stop(proc)}")
        return edge

    yield start
    for proc in started:
        stop(proc)


def _python() -> str:
    import sys

    return sys.executable

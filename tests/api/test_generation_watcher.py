"""The generation watcher (api/read_model/generation.py) with a database slower than it waits for."""

from __future__ import annotations

import time

import pytest

from api.read_model import generation
from api.read_model.generation import Generation, Generations, Watcher


@pytest.fixture
def slow_database(monkeypatch):
    """Every poll takes 0.1 s; the watcher waits 0.01 s for one."""

    def poll() -> Generation:
        time.sleep(0.1)
        return Generation(content=41, keys=7)

    monkeypatch.setattr(generation, "_poll_in_own_thread", poll)
    monkeypatch.setattr(generation, "DB_POLL_WAIT", 0.01)
    monkeypatch.setattr(generation, "generations", Generations())
    monkeypatch.setattr(generation, "write_mirror", lambda seen: None)
    monkeypatch.setattr(generation, "read_mirror", lambda: None)


@pytest.mark.usefixtures("slow_database")
def test_a_poll_answered_after_the_wait_is_still_observed():
    """A slow but working database: what it says arrives a tick late, but it arrives (and
    the database counts as up), instead of every poll being thrown away."""
    watcher = Watcher(interval=60)
    guard = generation.database_breaker()
    watcher.tick()  # waits DB_POLL_WAIT, then gives up for this tick
    assert generation.generations.current is None

    watcher._pending.result(timeout=10)  # the database has answered by now
    watcher.tick()
    assert generation.generations.current == Generation(content=41, keys=7)
    assert not guard.is_open

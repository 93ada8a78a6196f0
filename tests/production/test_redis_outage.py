"""Redis down, hung, or back: reads keep their bytes, writes lose nothing, nothing stale after.

The app processes are real gunicorn servers (production settings) whose cache is a
private redis-server behind a proxy this test cuts (a stopped server: connections refused
and reset) or hangs (a frozen server: connections accepted, never answered). The test
process, which publishes, uses the same proxied Redis. The shared Redis is never touched.

Writes during an outage: we chose "the publish succeeds and the API catches up". The
publish needs only PostgreSQL; every app process learns the new generation from the
database within a poll interval, so the API serves the new text during the outage, and
entries Redis kept from before it are refused once it is back. CDN purges do not depend
on Redis: when the task queue cannot take them, the publishing process sends them itself.
"""

from __future__ import annotations

import json
import time

import pytest

from cms.redis_client import cache_options
from tests.production.client import fetch, publish_title, wait_for_title
from tests.production.conftest import wait_until
from tests.production.tcpproxy import CUT, HANG
from tests.production.test_cross_process import expected_purges

pytestmark = pytest.mark.production

SLUG = "exosome-hair-loss"
READS = [
    f"/api/v1/guides/{SLUG}/?locale=en",
    f"/api/v1/guides/{SLUG}/?locale=es",  # no Spanish yet: the source as fallback
    f"/api/v1/guides/{SLUG}/faq.jsonld?locale=en",
    "/api/v1/bundles/en/",
    "/api/v1/bundles/fr/",
    "/api/v1/guides/?locale=en",
    "/api/v1/sync/?locale=es",
    "/api/v1/locales/",
]


@pytest.fixture
def cache_via(settings):
    """Point this process's cache at the proxied private Redis (like the app servers)."""
    from tests.process_state import forget_process_state

    def use(proxy) -> str:
        url = f"redis://127.0.0.1:{proxy.port}/0"
        settings.CACHES = {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
                "OPTIONS": cache_options(connect_timeout=0.25, socket_timeout=0.5),
            }
        }
        forget_process_state()
        return url.replace("redis://", "rediscache://")

    return use


def snapshot(base: str) -> dict[str, tuple[int, bytes, str | None]]:
    taken = {}
    for path in READS:
        answer = fetch(base + path)
        assert answer.status == 200, (path, answer.status, answer.body[:300])
        taken[path] = (answer.status, answer.body, answer.etag)
    return taken


def assert_same_reads(base: str, before: dict, *, within: float = 1.0) -> None:
    for path, (status, body, etag) in before.items():
        answer = fetch(base + path)
        assert answer.seconds < within, f"{path} took {answer.seconds:.2f}s"
        assert (answer.status, answer.etag) == (status, etag), (path, answer.body[:300])
        assert answer.body == body, path


@pytest.mark.parametrize("failure", [CUT, HANG])
def test_reads_keep_their_bytes_and_etags_while_redis_is_down(
    demo_guide, redis_proxy, cache_via, start_app_server, failure
):
    cache_url = cache_via(redis_proxy)
    env = {"CACHE_URL": cache_url, "API_ANON_RATE": "100000/min"}
    warm = start_app_server(**env)
    snapshot(warm.base)  # fills Redis and the process copy
    before = snapshot(warm.base)
    token = json.loads(before["/api/v1/sync/?locale=es"][1])["token"]
    since = f"/api/v1/sync/?locale=es&since={token}"  # an app that is up to date
    answer = fetch(warm.base + since)
    assert answer.status == 200 and json.loads(answer.body)["changed"] == []
    before[since] = (200, answer.body, answer.etag)

    getattr(redis_proxy, failure)()
    assert_same_reads(warm.base, before)
    # A process started during the outage has nothing in memory: PostgreSQL serves it.
    cold = start_app_server(**env)
    assert_same_reads(cold.base, before)
    assert_same_reads(warm.base, before)

    redis_proxy.restore()
    assert_same_reads(warm.base, before)
    assert_same_reads(cold.base, before)


def test_a_publish_during_a_redis_outage_is_served_during_and_after_it(
    demo_guide, redis_proxy, cache_via, start_app_server, settings
):
    """Redis hangs (and so keeps its entries); the new text is served within a second, and
    the entry Redis still holds from before the publish is refused once it answers again."""
    from django.core.cache import cache

    from api.read_model.store import guide_key

    cache_url = cache_via(redis_proxy)
    env = {"CACHE_URL": cache_url, "API_ANON_RATE": "100000/min"}
    url = f"/api/v1/guides/{SLUG}/?locale=en"
    first = start_app_server(**env)
    old = fetch(first.base + url)
    assert json.loads(old.body)["title"] == demo_guide.title
    tag_before, _ = cache.get(guide_key("en", SLUG))

    redis_proxy.hang()
    publish_title(demo_guide, "Exosomes and hair loss: published while Redis hung")
    took = wait_for_title(
        first.base + url, "Exosomes and hair loss: published while Redis hung", within=1.0
    )
    assert took <= 1.0, f"served after {took:.2f}s"

    redis_proxy.restore()
    wait_until(lambda: cache.get(guide_key("en", SLUG)) is not None, timeout=10, what="Redis")
    # Redis kept the entry from before the publish (the delete could not reach it) ...
    assert cache.get(guide_key("en", SLUG))[0] == tag_before
    # ... and a process that starts now, with nothing in memory, refuses it.
    fresh = start_app_server(**env)
    answer = fetch(fresh.base + url)
    assert json.loads(answer.body)["title"] == "Exosomes and hair loss: published while Redis hung"
    assert answer.etag != old.etag
    assert fetch(first.base + url).etag == answer.etag
    assert cache.get(guide_key("en", SLUG))[0] > tag_before  # re-tagged with the new one


@pytest.mark.parametrize("failure", [CUT, HANG])
def test_publishing_while_the_task_queue_is_down_still_purges(
    demo_guide, redis_proxy, settings, monkeypatch, failure, django_capture_on_commit_callbacks
):
    """The purge cannot be queued: the publishing process sends it, so none is lost."""
    from django.test import Client

    from tests.production.test_cross_process import PurgeReceiver

    receiver = PurgeReceiver()
    try:
        settings.TASKS = {"default": {"BACKEND": "cms.tasks.ResilientRQBackend"}}
        monkeypatch.setitem(
            settings.RQ_QUEUES["default"],
            "URL",
            f"redis://127.0.0.1:{redis_proxy.port}/0?socket_connect_timeout=1&socket_timeout=2",
        )
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": receiver.url,
            }
        }
        getattr(redis_proxy, failure)()
        with django_capture_on_commit_callbacks(execute=True):
            publish_title(demo_guide, "Exosome therapy: published while the queue was down")
        purged = receiver.snapshot()
        assert expected_purges(SLUG) <= purged
        assert any(path == demo_guide.get_url() for _method, _host, path in purged), purged
        response = Client().get(f"/api/v1/guides/{SLUG}/")
        assert response.status_code == 200, response.content
        assert response.json()["title"] == "Exosome therapy: published while the queue was down"
    finally:
        receiver.close()


def test_throttling_falls_back_to_a_per_process_limit(
    demo_guide, redis_proxy, cache_via, start_app_server
):
    """Redis gone mid-window: the process counts on from the last shared total (5 of 20),
    answers 200 up to the limit and then a truthful 429, and never fails a request."""
    cache_url = cache_via(redis_proxy)
    server = start_app_server(CACHE_URL=cache_url, API_ANON_RATE="20/min")
    url = server.base + f"/api/v1/guides/{SLUG}/"
    window = time.time() // 60
    assert [fetch(url).status for _ in range(5)] == [200] * 5
    redis_proxy.cut()
    answers = [fetch(url) for _ in range(25)]
    if time.time() // 60 != window:
        pytest.skip("the minute's window ended during the test; its counts started over")
    statuses = [a.status for a in answers]
    assert statuses == [200] * 15 + [429] * 10, statuses
    assert all(a.seconds < 1.0 for a in answers)
    for answer in answers[15:]:
        retry_after = int(answer.headers["Retry-After"])
        assert retry_after == pytest.approx(60 - time.time() % 60, abs=2)
        assert json.loads(answer.body)["error"]["code"] == "throttled"

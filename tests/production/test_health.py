"""/healthz and /readyz: what a load balancer sees, on whichever stack this pass runs.

Unmarked tests run in both CI passes (SQLite/local memory/in-process tasks, then
PostgreSQL/Redis); the throwaway-Redis test needs a redis-server binary and is marked.
"""

import pytest

from tests.production.conftest import wait_until

pytestmark = pytest.mark.django_db

CLOSED_PORT_CACHE = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        # Port 1 on loopback: nothing listens there, so the connection is refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }
}


def test_healthz_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_reports_each_dependency_with_timings(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database:default", "cache:default", "tasks:default"}
    for name, check in body["checks"].items():
        assert check["status"] == "ok", name
        assert isinstance(check["ms"], float | int) and check["ms"] >= 0
    assert response["Cache-Control"] == "no-store"


def test_readyz_reports_an_unreachable_cache_as_degraded_but_stays_ready(client, settings):
    """The API keeps serving from PostgreSQL and each process's copy while Redis is down, and
    Redis is shared by every app process: failing readiness would pull all of them out of
    the load balancer at once. So: 200, "degraded", and the failed check named."""
    settings.CACHES = CLOSED_PORT_CACHE
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache:default"]["status"] == "fail"
    assert body["checks"]["cache:default"]["detail"] == "ConnectionError"
    # The other dependencies are still reported, and still fine: the body says what is down.
    assert body["checks"]["database:default"]["status"] == "ok"
    # No connection string, host or port leaks into the public body.
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.parametrize(
    ("failed", "expected"),
    [
        (set(), ("ok", 200)),
        ({"tasks:default"}, ("degraded", 200)),
        ({"cache:default"}, ("degraded", 200)),
        ({"database:default"}, ("degraded", 200)),
        ({"database:default", "tasks:default"}, ("degraded", 200)),
        ({"database:default", "cache:default"}, ("fail", 503)),  # nothing left to read from
    ],
)
def test_readiness_fails_only_when_no_store_can_serve_reads(failed, expected):
    from cms.health import CheckResult, readiness

    names = ["database:default", "cache:default", "tasks:default"]
    assert readiness([CheckResult(n, n not in failed, 1.0) for n in names]) == expected


def test_probes_ignore_allowed_hosts_and_ssl_redirect(client, settings):
    """A probe addressed to the pod IP over plain HTTP is answered; the site stays strict."""
    settings.ALLOWED_HOSTS = ["guides.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    for path in ("/healthz", "/readyz"):
        response = client.get(path, HTTP_HOST="10.0.3.7:8000")
        assert response.status_code == 200, path
    assert client.get("/admin/login/", HTTP_HOST="10.0.3.7:8000").status_code == 400
    redirect = client.get("/admin/login/", HTTP_HOST="guides.example.org")
    assert redirect.status_code == 301
    assert redirect["Location"].startswith("https://guides.example.org/")


def test_probes_refuse_writes(client):
    response = client.post("/readyz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.production
def test_readyz_follows_a_redis_outage_and_recovery(client, settings, throwaway_redis):
    """Stop a private redis-server: /readyz says degraded (still 200) and names the cache;
    start it again: ok (never the shared one)."""
    from cms.redis_client import cache_options

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": throwaway_redis.url,
            "OPTIONS": cache_options(connect_timeout=0.5, socket_timeout=0.5),
        }
    }
    assert client.get("/readyz").json()["status"] == "ok"

    throwaway_redis.halt()
    down = client.get("/readyz")
    assert down.status_code == 200
    assert down.json()["status"] == "degraded"
    assert down.json()["checks"]["cache:default"]["status"] == "fail"

    throwaway_redis.start()

    def back() -> bool:  # the breaker lets a probe through after its back-off
        answer = client.get("/readyz")
        return answer.status_code == 200 and answer.json()["status"] == "ok"

    wait_until(back, timeout=15, what="/readyz to report the cache back")

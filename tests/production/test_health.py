"""/healthz and /readyz: what a load balancer sees, on whichever stack this pass runs.

Unmarked tests run in both CI passes (SQLite/local memory/in-process tasks, then
PostgreSQL/Redis); the throwaway-Redis test needs a redis-server binary and is marked.
"""

import pytest

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


def test_readyz_is_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = CLOSED_PORT_CACHE
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["cache:default"]["status"] == "fail"
    assert body["checks"]["cache:default"]["detail"] == "ConnectionError"
    # The other dependencies are still reported, and still fine: the body says what is down.
    assert body["checks"]["database:default"]["status"] == "ok"
    # No connection string, host or port leaks into the public body.
    assert "127.0.0.1" not in response.content.decode()


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
    """Stop a private redis-server: /readyz goes 503; start it again: 200 (never the shared one)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": throwaway_redis.url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    assert client.get("/readyz").status_code == 200

    throwaway_redis.halt()
    down = client.get("/readyz")
    assert down.status_code == 503
    assert down.json()["checks"]["cache:default"]["status"] == "fail"

    throwaway_redis.start()
    back = client.get("/readyz")
    assert back.status_code == 200, back.content
    assert back.json()["checks"]["cache:default"]["status"] == "ok"

"""The redis-py client behind the Django cache: every command goes through a circuit breaker.

django-redis already turns connection errors into cache misses when `IGNORE_EXCEPTIONS`
is on, but it still *tries* Redis on every call, so a hung Redis costs a socket timeout
per call. This client (django-redis `REDIS_CLIENT_CLASS`) asks the breaker first: while
it is open a command fails at once with `CircuitOpen` (a `redis.ConnectionError`, which
django-redis then ignores like any other). One breaker per Redis server (host, port), so
all pools of one server fail over together.

Settings (cms/settings/base.py) apply it to any `rediscache://` CACHE_URL, with short
socket timeouts: the first request that meets a hung Redis waits at most
CACHE_SOCKET_TIMEOUT, the ones after it not at all.
"""

from __future__ import annotations

import redis
from redis.client import Pipeline

from cms.resilience import CircuitBreaker, CircuitOpen, breaker

ERRORS = (redis.ConnectionError, redis.TimeoutError)


class _RedisCircuitOpen(CircuitOpen, redis.ConnectionError):
    """Both: django-redis catches redis.ConnectionError, callers may catch CircuitOpen."""


def cache_options(*, connect_timeout: float, socket_timeout: float) -> dict:
    """django-redis OPTIONS for a cache that degrades instead of failing (see the module)."""
    return {
        "IGNORE_EXCEPTIONS": True,  # an outage is a miss; the breaker logs it once
        "REDIS_CLIENT_CLASS": "cms.redis_client.BreakerRedis",
        "SOCKET_CONNECT_TIMEOUT": connect_timeout,
        "SOCKET_TIMEOUT": socket_timeout,
        "CONNECTION_POOL_KWARGS": {"max_connections": 50},
    }


def breaker_for(pool: redis.ConnectionPool) -> CircuitBreaker:
    kwargs = pool.connection_kwargs
    where = kwargs.get("path") or f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}"
    return breaker(f"redis {where}")


class BreakerRedis(redis.Redis):
    def execute_command(self, *args, **options):
        guard = breaker_for(self.connection_pool)
        if not guard.allow():
            raise _RedisCircuitOpen(f"{guard.name}: circuit open")
        try:
            result = super().execute_command(*args, **options)
        except ERRORS as exc:
            guard.record_failure(exc)
            raise
        guard.record_success()
        return result

    def pipeline(self, transaction: bool = True, shard_hint=None) -> Pipeline:
        return BreakerPipeline(
            self.connection_pool, self.response_callbacks, transaction, shard_hint
        )


class BreakerPipeline(Pipeline):
    def execute(self, raise_on_error: bool = True):
        guard = breaker_for(self.connection_pool)
        if not guard.allow():
            self.reset()
            raise _RedisCircuitOpen(f"{guard.name}: circuit open")
        try:
            result = super().execute(raise_on_error)
        except ERRORS as exc:
            guard.record_failure(exc)
            raise
        guard.record_success()
        return result

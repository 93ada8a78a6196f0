"""Production settings: PostgreSQL, Redis, an RQ worker, WhiteNoise, JSON logs, HTTPS.

Only values change here; the code paths are the embedded default's. DATABASE_URL,
CACHE_URL and SECRET_KEY are required (no silent fall-back to SQLite or a per-process cache:
with several app processes a local cache would serve stale content after a publish).
Everything else has a production-safe default that the environment may override, e.g.
SECURE_SSL_REDIRECT=0 for a laptop run over plain HTTP (`make run-prod`).
"""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("TASK_BACKEND", "cms.tasks.ResilientRQBackend")

from django.core.exceptions import ImproperlyConfigured

from cms.jsonlog import logging_config
from cms.settings.base import *  # noqa: F403
from cms.settings.base import degrading, env

DEBUG = False
# Required here even if DEBUG=1 leaked into the environment (base would then have used
# its development key).
SECRET_KEY = env.str("SECRET_KEY")

# --- Storage: PostgreSQL -----------------------------------------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL")}  # required: raises if unset
DATABASES["default"].update(
    {
        # Persistent connections, re-checked before reuse so a PostgreSQL restart or a
        # pgbouncer recycle costs one failed ping, not a failed request.
        "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
    }
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )

# --- Cache: Redis via django-redis (shared by every app process and the workers) ---------
# Required: raises if unset. Redis gets a breaker, short timeouts and outage = miss
# (base.degrading; docs/deploy.md "When a dependency fails").
CACHES = {"default": degrading(env.cache_url("CACHE_URL"))}
CACHES["default"].setdefault("KEY_PREFIX", env.str("CACHE_KEY_PREFIX", default="guide-cms"))

# --- Tasks: RQ on Redis; run `manage.py rqworker --job-class django_tasks_rq.Job` --------
# TASKS and RQ_QUEUES come from base (TASK_BACKEND, TASK_QUEUE_URL); see docs/tasks.md.

# --- CDN / reverse proxy purge (api/read_model/purge.py sends the API URLs a publish affects) -------
# FRONTEND_CACHE picks one of Wagtail's frontend-cache backends; unset means no CDN (the
# Cache-Control s-maxage then only matters to whatever shared cache sits in front).
_FRONTEND_CACHES = {
    "varnish": lambda: {  # any cache that accepts HTTP PURGE (Varnish, nginx, Fastly)
        # Wagtail's HTTPBackend, batched and sent again once every process has the new
        # generation (api/edge/purging.py says why).
        "BACKEND": "api.edge.purging.EdgePurgeBackend",
        "LOCATION": env.str("FRONTEND_CACHE_LOCATION"),
    },
    "cloudflare": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env.str("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env.str("CLOUDFLARE_ZONE_ID"),
    },
    "cloudfront": lambda: {  # needs boto3 (pip install boto3) and AWS credentials
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env.str("CLOUDFRONT_DISTRIBUTION_ID"),
    },
}
_frontend_cache = env.str("FRONTEND_CACHE", default="")
if _frontend_cache:
    if _frontend_cache not in _FRONTEND_CACHES:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE={_frontend_cache!r}: use one of {', '.join(_FRONTEND_CACHES)}, "
            "or leave it unset for no CDN purge."
        )
    WAGTAILFRONTENDCACHE = {"default": _FRONTEND_CACHES[_frontend_cache]()}

# --- Static files: hashed names + compressed copies, served by WhiteNoise ----------------
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- HTTPS and cookies (behind a TLS-terminating load balancer) ---------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview view opts itself into SAMEORIGIN

# --- Logs: one JSON object per line on stdout --------------------------------------------
LOGGING = logging_config(
    level=env.str("LOG_LEVEL", default="INFO"),
    quiet={
        "django.db.backends": "WARNING",
        "django_tasks": env.str("TASKS_LOG_LEVEL", default="INFO"),
        "wagtail": env.str("WAGTAIL_LOG_LEVEL", default="WARNING"),
        "rq.worker": env.str("WORKER_LOG_LEVEL", default="INFO"),
        "axes": "ERROR",  # accounts.security writes the structured sign-in lines
    },
)

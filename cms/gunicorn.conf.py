"""gunicorn configuration: `gunicorn -c cms/gunicorn.conf.py` (see docs/deploy.md).

Every value can be overridden from the environment (gunicorn also reads GUNICORN_CMD_ARGS).
Threads rather than many processes: a request is a cache lookup plus a little JSON, mostly
waiting on Redis/PostgreSQL sockets, so gthread workers give concurrency at low memory.
"""

import multiprocessing
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

from cms.jsonlog import logging_config

wsgi_app = "cms.wsgi:application"
bind = os.environ.get(
    "GUNICORN_BIND", f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
)

# WEB_CONCURRENCY is the Heroku/Render/Dokku convention; default: one process per core + 1.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))

# A slow provider call never happens in a request (it runs on the worker), so a request
# taking 30 s is stuck; kill it rather than let it hold a thread.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 20))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))  # > LB idle timeout avoids 502s

# Recycle processes now and then so a slow leak never becomes an outage; jitter staggers it.
# Worker recycling is off by default: a recycled worker pays a Django boot and starts with a
# cold per-process cache. Measured with wrk on the embedded stack (2 workers x 4 threads),
# max_requests=2000 recycled each worker every ~2 s: 1.5k req/s with 1.9 s stalls, against
# 3.3k req/s and a 20 ms max with recycling off. Set it (in the 100k range) if a leak shows.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 0))

# Heartbeat files on tmpfs: a slow disk must not make the arbiter think workers are hung.
worker_tmp_dir = os.environ.get(
    "GUNICORN_WORKER_TMP_DIR", "/dev/shm" if os.path.isdir("/dev/shm") else None
)

# Trust X-Forwarded-* only from the load balancer (comma-separated IPs, "*" inside a VPC).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access and error logs as JSON lines on stdout, the same shape as Django's.
_access_on = os.environ.get("GUNICORN_ACCESSLOG", "1") != "0"  # 0 silences it (benchmarks)
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
logconfig_dict = logging_config(level=os.environ.get("LOG_LEVEL", "INFO"))
logconfig_dict["loggers"] = {
    "gunicorn.error": {"level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": True},
    "gunicorn.access": {"level": "INFO" if _access_on else "WARNING", "propagate": True},
}
if not _access_on:  # without it gunicorn still formats every line, then drops it
    logger_class = "cms.gunicorn_logging.NoAccessLogger"

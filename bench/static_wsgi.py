"""The static-bytes app: the guide detail's exact bytes, no framework (the server's limit).

Served by gunicorn with the same configuration file as the API (cms/gunicorn.conf.py:
worker class, processes, threads, logging), so the ratio detail / static measures the
application, nothing else. The bytes are read once at start-up from BENCH_STATIC_FILE.
"""

import os

with open(os.environ["BENCH_STATIC_FILE"], "rb") as fh:
    BODY = fh.read()
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]

"""One WSGI callable for the bench: Django, plus a static-bytes app on /static-bytes.

The static app answers with the same bytes the guide detail returns, read once at
start-up: it is the upper limit of this server, worker model and payload size.
"""

import os

from django.core.wsgi import get_wsgi_application

django_app = get_wsgi_application()

with open(os.environ["BENCH_STATIC_FILE"], "rb") as fh:
    STATIC_BODY = fh.read()
STATIC_HEADERS = [
    ("Content-Type", "application/json"),
    ("Content-Length", str(len(STATIC_BODY))),
]


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/static-bytes":
        start_response("200 OK", STATIC_HEADERS)
        return [STATIC_BODY]
    return django_app(environ, start_response)

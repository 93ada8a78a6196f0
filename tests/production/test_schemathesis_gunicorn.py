"""Schemathesis over the whole OpenAPI schema against a real gunicorn with the WSGI lane on.

tests/api/test_schemathesis.py calls Django's handler in-process; the lane (api/http/wsgi_lane.py)
sits in front of it only in cms.wsgi, under a real server, where the environ is built by
gunicorn (raw path bytes as Latin-1), bodies are gzipped and keep-alive connections are
reused. Here every operation's generated requests (schema-valid and schema-violating,
bounded and derandomized like the in-process run) go over HTTP to gunicorn started with
cms/gunicorn.conf.py, production settings and API_WSGI_LANE=1, and every response passes
all of schemathesis' checks; none may be a 5xx. The schema tested is the one the server
serves (compared first). Figures per operation are printed at the end of the module.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
import requests
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.conftest import translated_body, wagtail_locale
from tests.api.test_schemathesis import MAX_EXAMPLES, rejected_for_server_state

pytestmark = pytest.mark.production

SCHEMA_PATH = "/api/v1/schema/"
# Generated at collection from this code (no database read); the test checks that the
# server under test serves the same document.
_in_process = schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())
schema = schemathesis.openapi.from_dict(_in_process.raw_schema)

FIGURES: dict[str, Counter] = {}


@pytest.fixture(scope="module", autouse=True)
def _print_figures(request):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or not FIGURES:
        return
    total = sum(sum(c.values()) for c in FIGURES.values())
    reporter.write_line("")
    reporter.write_line(
        f"schemathesis against gunicorn (lane on): {len(FIGURES)} operations, "
        f"{total} requests, "
        f"{sum(c[s] for c in FIGURES.values() for s in c if s >= 500)} server errors"
    )
    for label, statuses in sorted(FIGURES.items()):
        reporter.write_line(f"  {label}: {sum(statuses.values())} {dict(sorted(statuses.items()))}")


def _publish_spanish(page) -> None:
    """A human translation published the plain Wagtail way (as tests/api's `translate`)."""
    target = page.copy_for_translation(wagtail_locale("es"))
    source = page.get_latest_revision_as_object()
    target.title = f"[es] {source.title}"
    target.intro = "<p>[es] intro</p>"
    target.body = translated_body(list(source.body.raw_data), "es")
    target.save_revision().publish()


@pytest.fixture
def lane_server(demo_guide, start_app_server) -> str:
    _publish_spanish(demo_guide)
    # Unthrottled, as in-process: every generated request reaches its view.
    server = start_app_server(API_WSGI_LANE="1", API_ANON_RATE="", API_KEY_RATE="")
    served = requests.get(
        server.base + SCHEMA_PATH,
        headers={"Accept": "application/vnd.oai.openapi+json"},
        timeout=10,
    )
    assert served.status_code == 200
    assert json.loads(served.content) == schema.raw_schema, "the server serves another schema"
    return server.base


@pytest.fixture
def http() -> requests.Session:
    """One keep-alive connection per operation, as a client app holds one; gzip accepted
    (requests' default), so the lane's compressed bodies are what is checked."""
    with requests.Session() as session:
        yield session


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_against_gunicorn_with_the_lane(case, lane_server, http):
    response = case.call(base_url=lane_server, session=http, timeout=10)
    FIGURES.setdefault(case.operation.label, Counter())[response.status_code] += 1
    assert response.status_code < 500, case.as_curl_command()
    excluded = [positive_data_acceptance] if rejected_for_server_state(case, response) else []
    case.validate_response(response, excluded_checks=excluded)

"""Schemathesis over the whole OpenAPI schema, against the app in-process (WSGI).

Property-based: for every operation it generates schema-valid and schema-violating
parameters and headers (bounded: MAX_EXAMPLES per operation and phase, derandomized so
CI is repeatable) and runs schemathesis' default checks on each response: no 5xx, the
status code, content type, headers and body are the documented ones, valid data is
accepted and invalid data rejected. Runs on the demo guide with a published Spanish
translation, so searches and guides have content to return.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from locales.registry import get_registry

MAX_EXAMPLES = 30
# A sync token is signed: no schema can tell a forged one from a real one, so a
# well-formed but unsigned `since` is a schema-valid request the API may reject.
STATE_DEPENDENT_REJECTIONS = {"invalid_sync_token", "sync_token_locale_mismatch"}

pytestmark = pytest.mark.django_db

# Loaded while collecting: generating the schema reads no database. (schemathesis'
# fixture-based lazy loader does not work with pytest 9: it writes Function._nodeid.)
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture
def content(demo_guide, translate, settings):
    settings.API_ANON_RATE = ""  # unthrottled: every generated request reaches its view
    translate(demo_guide, "es")
    # The app is called as a plain WSGI app, so Django would close the test's database
    # connection (and its transaction) after each request; Django's test Client
    # disconnects the same handlers.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def rejected_for_server_state(case, response) -> bool:
    """A 400 that no schema could have predicted: a forged sync token, or a well-formed
    language tag that no locale enabled on this deployment serves (the schema takes any
    tag; which ones are served is the deployment's LOCALE_TARGETS). The second is only
    excused when the registry indeed serves no locale for the tag sent."""
    if response.status_code != 400:
        return False
    try:
        code = json.loads(response.content)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return False
    if code == "unknown_locale":
        sent = (case.path_parameters or {}).get("locale") or (case.query or {}).get("locale")
        return isinstance(sent, str) and get_registry().negotiate([sent.strip()]) is None
    return code in STATE_DEPENDENT_REJECTIONS


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms_to_the_schema(case, content):
    # The WSGI client does not decode gzip; ask for the plain body (gzip is tested elsewhere).
    response = case.call(headers={"Accept-Encoding": "identity"})
    excluded = [positive_data_acceptance] if rejected_for_server_state(case, response) else []
    case.validate_response(response, excluded_checks=excluded)

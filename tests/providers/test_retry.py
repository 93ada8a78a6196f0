"""Backoff policy: doubling pauses with a ceiling, Retry-After honoured up to a cap."""

from __future__ import annotations

import pytest

from locales.machine_translation.providers.errors import TranslationError
from locales.machine_translation.providers.failures import retry_after_seconds
from locales.machine_translation.providers.retry import RetryPolicy, call_with_retries


def error(code: str, retry_after: float | None = None) -> TranslationError:
    return TranslationError(code, "failed.", provider="test", retry_after=retry_after)


def test_pauses_double_up_to_the_ceiling():
    policy = RetryPolicy(attempts=6, backoff=0.5, backoff_max=3.0)
    assert [policy.delay(n, error("timeout")) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_retry_after_wins_but_is_capped():
    policy = RetryPolicy(retry_after_max=30.0)
    assert policy.delay(1, error("rate_limited", retry_after=7)) == 7
    assert policy.delay(1, error("rate_limited", retry_after=3600)) == 30.0


def test_only_transient_failures_are_retried(pauses):
    calls = []

    def bad_key():
        calls.append(1)
        raise error("bad_credentials")

    with pytest.raises(TranslationError):
        call_with_retries(bad_key, RetryPolicy(attempts=5, backoff=0))
    assert len(calls) == 1 and pauses == []


def test_success_after_transient_failures_returns_the_result(pauses):
    outcomes = iter([error("server_error"), error("network"), "ok"])

    def flaky():
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert call_with_retries(flaky, RetryPolicy(attempts=3, backoff=0.1)) == "ok"
    assert pauses == [0.1, 0.2]


def test_unknown_error_codes_are_rejected():
    with pytest.raises(ValueError, match="unknown TranslationError code"):
        TranslationError("oops", "message")


def test_retry_after_header_forms():
    import requests

    response = requests.Response()
    response.headers["Retry-After"] = "12"
    assert retry_after_seconds(response) == 12.0
    response.headers["Retry-After"] = "Wed, 21 Oct 2015 07:28:00 GMT"  # in the past
    assert retry_after_seconds(response) == 0.0
    response.headers["Retry-After"] = "soon"
    assert retry_after_seconds(response) is None

"""Turn whatever a provider call raised into one TranslationError an editor can act on.

deep-translator raises a different exception per class (and sometimes a bare
AttributeError), so we classify from the facts the transport recorded (HTTP status,
Retry-After, body) first and the exception type second.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime

import requests
from deep_translator import exceptions as dt

from locales.machine_translation.providers.errors import TranslationError
from locales.machine_translation.providers.transport import Exchange

NOTHING_CHANGED = "Nothing was changed."


def retry_after_seconds(response: requests.Response | None) -> float | None:
    value = response.headers.get("Retry-After") if response is not None else None
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        from datetime import UTC, datetime

        return max((parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds(), 0.0)
    except (TypeError, ValueError):
        return None


def body_text(response: requests.Response | None) -> str:
    if response is None:
        return ""
    try:
        return response.text[:300]
    except Exception:  # pragma: no cover - undecodable body
        return ""


def code_for_status(status: int, body: str) -> str | None:
    """The usual meaning of an HTTP status across translation APIs."""
    lowered = body.lower()
    if status == 429:
        return "rate_limited"
    if status == 456 or (status < 500 and ("quota" in lowered or "limit exceeded" in lowered)):
        return "quota"
    if status in (401, 403):
        return "bad_credentials"
    if status >= 500:
        return "server_error"
    if status in (400, 422) and ("language" in lowered or "not supported" in lowered):
        return "unsupported_language"
    if status >= 400:
        return "invalid_response"
    return None


def message(code: str, name: str, *, status: int | None, detail: str, credentials: str) -> str:
    http = f" (HTTP {status})" if status else ""
    texts = {
        "timeout": f"{name} did not answer{detail or ' in time'}. The service may be slow or down: "
        f"try again in a few minutes. {NOTHING_CHANGED}",
        "rate_limited": f"{name} is limiting how often we may call it{http}. Wait a few minutes "
        f"and try again. {NOTHING_CHANGED}",
        "server_error": f"{name} had an internal error{http}. Try again later or choose another "
        f"provider. {NOTHING_CHANGED}",
        "bad_credentials": f"{name} rejected our credentials{http}. Ask an administrator to check "
        f"{credentials or 'the provider credentials'} in the server environment. {NOTHING_CHANGED}",
        "quota": f"{name}'s usage quota is used up{http}. Wait until it resets or raise the plan's "
        f"limit, or choose another provider. {NOTHING_CHANGED}",
        "unsupported_language": f"{name} cannot translate this language pair{detail}{http}. "
        f"Choose another provider for this locale. {NOTHING_CHANGED}",
        "network": f"Could not reach {name}{detail}. Check the server's network connection and "
        f"the provider address. {NOTHING_CHANGED}",
        "invalid_response": f"{name} returned a response we could not use{detail}{http}. Try again "
        f"or choose another provider. {NOTHING_CHANGED}",
    }
    return texts[code]


def classify(
    exc: BaseException,
    record: Exchange,
    *,
    provider: str,
    display_name: str,
    credentials: str = "",
    status_code=code_for_status,
) -> TranslationError:
    """Map `exc` (raised inside `record`'s exchange) to a TranslationError."""
    if isinstance(exc, TranslationError):
        return exc
    response = record.last_response
    transport_exc = record.last_exception or exc
    status = response.status_code if response is not None else None
    if status is not None and status < 400:
        status = None  # the request worked; the failure is in the answer
    code: str | None = None
    detail = ""
    if status is not None and status >= 400:
        code = status_code(status, body_text(response))
    if code is None:
        if isinstance(transport_exc, requests.Timeout):
            code, detail = "timeout", f" within {record.timeout:g} seconds"
        elif isinstance(transport_exc, requests.ConnectionError) or record.last_exception:
            # Refused/reset/DNS/TLS, or a body cut off mid-transfer: worth another try.
            code, detail = "network", f" ({type(transport_exc).__name__})"
        elif isinstance(exc, dt.TooManyRequests):
            code = "rate_limited"
        elif isinstance(exc, dt.LanguageNotSupportedException | dt.InvalidSourceOrTargetLanguage):
            code, detail = "unsupported_language", f" ({exc.val})"
        elif isinstance(exc, dt.ApiKeyException | dt.AuthorizationException):
            code = "bad_credentials"
        elif isinstance(exc, dt.NotValidLength):
            code, detail = "invalid_response", " (text too long for one request)"
        else:
            code, detail = "invalid_response", f" ({type(exc).__name__})"
    return TranslationError(
        code,
        message(code, display_name, status=status, detail=detail, credentials=credentials),
        provider=provider,
        status=status,
        retry_after=retry_after_seconds(response)
        if code in ("rate_limited", "server_error")
        else None,
    )

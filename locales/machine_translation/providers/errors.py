"""The one error type every provider failure becomes.

Callers (the draft step, the admin, wagtail-localize's "Machine translate" button)
catch exactly this and show `str(error)` to the editor, so the message has to say
what happened and what to do about it, without a stack trace or provider jargon.
"""

from __future__ import annotations

CODES = frozenset(
    {
        "timeout",
        "rate_limited",
        "server_error",
        "bad_credentials",
        "quota",
        "unsupported_language",
        "network",
        "invalid_response",
    }
)

# Failures worth trying again after a pause; the others will fail the same way.
RETRYABLE = frozenset({"timeout", "rate_limited", "server_error", "network"})


class TranslationError(Exception):
    """A provider call failed; nothing was translated (the pipeline is all-or-nothing)."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        provider: str = "",
        status: int | None = None,
        retry_after: float | None = None,
        retryable: bool | None = None,
    ):
        if code not in CODES:
            raise ValueError(f"unknown TranslationError code {code!r}")
        super().__init__(message)
        self.code = code
        self.provider = provider
        self.status = status
        self.retry_after = retry_after
        self._retryable = retryable

    @property
    def retryable(self) -> bool:
        """Transient by code, unless the raiser knows better (a missing setting stays missing)."""
        return self.code in RETRYABLE if self._retryable is None else self._retryable

    def __repr__(self) -> str:
        return f"TranslationError(code={self.code!r}, provider={self.provider!r}, message={str(self)!r})"


class UnknownProvider(ValueError):
    """TRANSLATION_PROVIDER (or --provider) names no configured provider."""

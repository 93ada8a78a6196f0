"""What every translation provider looks like to the pipeline.

A provider knows three things: its language codes, its size limit per request, and
how to send ONE request (`request`). Everything around that (timeouts, retries, error
mapping, request/character accounting) lives here once, in `ProviderSession`, so a new
backend is a ~50-line module like wagtail-localize's machine_translators.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings

from locales.machine_translation.providers.errors import TranslationError
from locales.machine_translation.providers.failures import NOTHING_CHANGED, classify, message
from locales.machine_translation.providers.retry import RetryPolicy, call_with_retries
from locales.machine_translation.providers.transport import exchange
from locales.registry import LocaleInfo

# Between segments packed into one request. Built like a placeholder, which providers
# keep; the pipeline checks the count after splitting and falls back to one request
# per segment if a provider merged or dropped one.
SEPARATOR = "\n{{#}}\n"
SEPARATOR_PATTERN = r"\s*[{\uFF5B]\s*[{\uFF5B]\s*#\s*[}\uFF5D]\s*[}\uFF5D]\s*"


class Provider:
    """A translation backend chosen by TRANSLATION_PROVIDER."""

    display_name: ClassVar[str] = "Provider"
    max_chars: ClassVar[int] = 4500  # per request, separators included
    http: ClassVar[bool] = True  # False: offline, requests are counted as batches
    credentials: ClassVar[str] = ""  # env var names an editor's admin should check
    # BCP 47 -> provider code where the rule "exact code, else base language" is wrong.
    aliases: ClassVar[dict[str, str]] = {}
    target_aliases: ClassVar[dict[str, str]] = {}

    def __init__(self, name: str, options: dict[str, Any] | None = None):
        self.name = name
        self.options = dict(options or {})
        self.max_chars = int(self.options.get("MAX_CHARS", type(self).max_chars))
        self.timeout = float(
            self.options.get("TIMEOUT", getattr(settings, "TRANSLATION_TIMEOUT", 10.0))
        )

    # --- languages --------------------------------------------------------------------
    def supported_codes(self) -> set[str] | None:
        """Provider codes it can translate; None means "anything" (e.g. pseudo)."""
        return None

    def language_code(self, locale: LocaleInfo, *, target: bool) -> str | None:
        """The provider's code for `locale`, or None when it cannot do that language."""
        overrides = self.options.get("LANGUAGE_CODES", {})
        table = {**self.aliases, **(self.target_aliases if target else {}), **overrides}
        supported = self.supported_codes()
        by_lower = {c.lower(): c for c in supported} if supported is not None else None
        parts = locale.code.split("-")  # "zh-Hant-TW" -> "zh-Hant-TW", "zh-Hant", "zh"
        for candidate in ("-".join(parts[:n]) for n in range(len(parts), 0, -1)):
            if candidate in table:
                return table[candidate]
            if by_lower is None:
                return candidate
            if candidate.lower() in by_lower:
                return by_lower[candidate.lower()]
        return None

    def codes_for(self, source: LocaleInfo, target: LocaleInfo) -> tuple[str, str]:
        src = self.language_code(source, target=False)
        tgt = self.language_code(target, target=True)
        missing = [info.code for info, code in ((source, src), (target, tgt)) if code is None]
        if missing:
            raise TranslationError(
                "unsupported_language",
                message(
                    "unsupported_language",
                    self.display_name,
                    status=None,
                    detail=f" ({source.english_name} → {target.english_name}: "
                    f"{self.display_name} has no {' / '.join(missing)})",
                    credentials=self.credentials,
                ),
                provider=self.name,
            )
        return src, tgt  # type: ignore[return-value]

    def can_translate(self, source: LocaleInfo, target: LocaleInfo) -> bool:
        try:
            src, tgt = self.codes_for(source, target)
        except TranslationError:
            return False
        return source.code != target.code and src.lower() != tgt.lower()

    # --- one request ------------------------------------------------------------------
    def client(self, source_code: str, target_code: str) -> Any:
        """Build the (deep-translator) client for a pair; may itself make a request."""
        return None

    def request(self, client: Any, text: str) -> str:
        raise NotImplementedError

    def request_headers(self) -> dict[str, str]:
        """Headers added to every HTTP request (deep-translator has no way to pass them)."""
        return {}

    def config_error(self, code: str, text: str) -> TranslationError:
        """A missing/invalid setting, reported before any request is made."""
        return TranslationError(
            code,
            f"{self.display_name}: {text} {NOTHING_CHANGED}",
            provider=self.name,
            retryable=False,
        )

    def required_api_key(self, settings_names: str) -> str:
        """The API_KEY option, refused before any request when missing (no quota spent).

        `settings_names` are the environment variables an administrator should set.
        """
        key = self.options.get("API_KEY") or ""
        if not key:
            raise self.config_error(
                "bad_credentials",
                f"no API key is configured. Ask an administrator to set {settings_names}.",
            )
        return key

    @staticmethod
    def with_codes(client: Any, source_code: str, target_code: str) -> Any:
        """Set the pair on a deep-translator client through its public setters.

        We build clients with a pair deep-translator accepts and then set ours: its
        language tables (2023) lack codes the providers now require (DeepL PT-BR,
        ZH-HANS; LibreTranslate zh-Hans), and our per-provider tables already decided
        the pair is supported.
        """
        client.source = source_code
        client.target = target_code
        return client

    def session(self, source: LocaleInfo, target: LocaleInfo) -> ProviderSession:
        return ProviderSession(self, source, target)


class ProviderSession:
    """One source → target run: sends requests with retries and counts what was sent."""

    def __init__(self, provider: Provider, source: LocaleInfo, target: LocaleInfo):
        self.provider = provider
        self.source_code, self.target_code = provider.codes_for(source, target)
        self.policy = RetryPolicy.from_settings()
        self.requests = 0
        self.characters = 0
        self._client: Any = None

    def send(self, text: str) -> str:
        """Translate `text` in one provider request (retried); raise TranslationError."""
        return call_with_retries(lambda: self._attempt(text), self.policy)

    def _attempt(self, text: str) -> str:
        provider = self.provider
        with exchange(provider.timeout, provider.request_headers()) as record:
            try:
                if self._client is None:
                    self._client = provider.client(self.source_code, self.target_code)
                self.characters += len(text)
                result = provider.request(self._client, text)
            except Exception as exc:
                raise classify(
                    exc,
                    record,
                    provider=provider.name,
                    display_name=provider.display_name,
                    credentials=provider.credentials,
                ) from exc
            finally:
                self.requests += record.requests if provider.http else 1
        if not isinstance(result, str):
            raise TranslationError(
                "invalid_response",
                message(
                    "invalid_response",
                    provider.display_name,
                    status=None,
                    detail=" (no text in the answer)",
                    credentials="",
                ),
                provider=provider.name,
            )
        return result

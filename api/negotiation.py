"""Which locale a request is served in: `?locale=`, else Accept-Language, else the source.

An explicit `?locale=` is a promise the client made; if it names a locale that is not
enabled we say so (400) instead of guessing. A header is a preference: anything we
cannot match (garbage, `*`, only unsupported languages) quietly means the source.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import negotiate_locale
from django.utils.translation.trans_real import parse_accept_lang_header

from locales.registry import LocaleInfo, UnknownLocale, get_registry

LOCALE_PARAM = "locale"


class LocaleNotEnabled(UnknownLocale):
    """An explicit locale the deployment does not serve; carries the enabled codes."""

    def __init__(self, requested: str, enabled: list[str]):
        self.requested = requested
        self.enabled = enabled
        super().__init__(
            f"Locale {requested!r} is not enabled. Enabled locales: {', '.join(enabled)}."
        )


@dataclass(frozen=True, slots=True)
class ResolvedLocale:
    locale: LocaleInfo
    source: str  # "query", "header" or "default": how it was chosen


def locale_from_accept_language(header: str) -> LocaleInfo | None:
    """Best enabled locale for an Accept-Language header, or None when nothing matches."""
    registry = get_registry()
    # Django's parser: drops malformed entries and q=0, sorts by q (stable for ties).
    preferred = [tag for tag, _q in parse_accept_lang_header(header or "") if tag != "*"]
    if not preferred:
        return None
    enabled = registry.codes
    match = negotiate_locale(preferred, enabled, sep="-")
    if match:
        return registry.find(match)
    # babel matches "es-MX" to "es", not "pt" to "pt-BR" or "zh-CN" to "zh-Hans":
    # fall back to the first enabled locale sharing the preferred language.
    for tag in preferred:
        language = tag.split("-", 1)[0].lower()
        for info in registry.all:
            if info.language.lower() == language:
                return info
    return None


def resolve_locale(query_value: str | None, accept_language: str | None) -> ResolvedLocale:
    """Raise LocaleNotEnabled for an explicit unknown `?locale=`; never for a header."""
    registry = get_registry()
    if query_value is not None and query_value.strip():
        info = registry.find(query_value)
        if info is None:
            raise LocaleNotEnabled(query_value, registry.codes)
        return ResolvedLocale(info, "query")
    if accept_language:
        info = locale_from_accept_language(accept_language)
        if info is not None:
            return ResolvedLocale(info, "header")
    return ResolvedLocale(registry.source, "default")


def resolve_path_locale(value: str) -> LocaleInfo:
    """A locale named in the URL path (bundles): must be enabled."""
    registry = get_registry()
    info = registry.find(value)
    if info is None:
        raise LocaleNotEnabled(value, registry.codes)
    return info

"""Which locale a request is served in: `?locale=`, else Accept-Language, else the source.

Both are negotiated onto the enabled locales by the registry's one rule
(`LocaleRegistry.negotiate`: the locale named, else the same language in the same
script), so `?locale=es-MX` and `Accept-Language: es-MX` are both served `es`. An
explicit `?locale=` (or a bundle's path) is a promise the client made: if no enabled
locale serves it we say so (400) instead of guessing. A header is a preference:
anything we cannot match (garbage, `*`, only unsupported languages) quietly means the
source.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    # Django's parser: drops malformed entries and q=0, sorts by q (stable for ties).
    preferred = [tag for tag, _q in parse_accept_lang_header(header or "") if tag != "*"]
    return get_registry().negotiate(preferred)


def locale_from_tag(value: str) -> LocaleInfo:
    """The enabled locale serving a tag the client named (`?locale=`, a bundle's path);
    LocaleNotEnabled when none does."""
    registry = get_registry()
    info = registry.negotiate([value])
    if info is None:
        raise LocaleNotEnabled(value, registry.codes)
    return info


def resolve_locale(query_value: str | None, accept_language: str | None) -> ResolvedLocale:
    """Raise LocaleNotEnabled for an explicit `?locale=` no enabled locale serves; never
    for a header."""
    if query_value is not None and query_value.strip():
        return ResolvedLocale(locale_from_tag(query_value), "query")
    if accept_language:
        info = locale_from_accept_language(accept_language)
        if info is not None:
            return ResolvedLocale(info, "header")
    return ResolvedLocale(get_registry().source, "default")


def resolve_path_locale(value: str) -> LocaleInfo:
    """A locale named in the URL path (bundles): negotiated like `?locale=`."""
    return locale_from_tag(value)

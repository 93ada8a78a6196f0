"""The one place every module asks locale questions.

Settings hold plain BCP 47 strings; this module turns them into validated
`LocaleInfo` records (babel knows names, scripts and text direction) and parses
whatever a user, URL or header typed (`pt_br`, `PT-BR`, `pt-BR` are one locale).
`LocaleRegistry.negotiate` is the one rule that maps what a reader asked for onto an
enabled locale (`es-MX` -> `es`, `pt` -> `pt-BR`, `zh-CN` -> `zh-Hans`, not `zh-TW`),
whether they asked in `?locale=`, a URL path or `Accept-Language`; the browser clients
apply the same rule (clients/web/locale.js).
It imports nothing from Django at module level so that settings can call
`validate_codes` while they load, which is what makes a bad code stop start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from babel import Locale as BabelLocale
from babel import UnknownLocaleError
from babel.core import get_global, parse_locale

# A language tag as people write them: subtags of letters and digits, `-` or `_` between.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*")


class UnknownLocale(ValueError):
    """A code babel does not know, or one this deployment has not enabled."""


@dataclass(frozen=True, slots=True)
class LocaleInfo:
    code: str  # canonical BCP 47, e.g. "pt-BR", "zh-Hans"
    django_code: str  # Django/Wagtail language code, e.g. "pt-br", "zh-hans"
    english_name: str
    native_name: str
    direction: Literal["ltr", "rtl"]
    is_source: bool = False

    @property
    def language(self) -> str:
        return self.code.split("-", 1)[0]


def _babel(code: str) -> BabelLocale:
    cleaned = (code or "").strip().replace("-", "_")
    if not cleaned:
        raise UnknownLocale("empty locale code")
    try:
        return BabelLocale.parse(cleaned)
    except (UnknownLocaleError, ValueError) as exc:
        raise UnknownLocale(f"unknown locale code {code!r}") from exc


def canonical_code(code: str) -> str:
    """Return the BCP 47 spelling of `code` (`pt_br` -> `pt-BR`), or raise UnknownLocale."""
    loc = _babel(code)
    parts = [loc.language]
    if loc.script:
        parts.append(loc.script)
    if loc.territory:
        parts.append(loc.territory)
    if loc.variant:
        parts.append(loc.variant.lower())
    return "-".join(parts)


def describe(code: str, *, is_source: bool = False) -> LocaleInfo:
    loc = _babel(code)
    canonical = canonical_code(code)
    native = loc.get_display_name(loc) or canonical
    return LocaleInfo(
        code=canonical,
        django_code=canonical.lower(),
        english_name=loc.get_display_name("en") or canonical,
        native_name=native[:1].upper() + native[1:],
        direction="rtl" if loc.text_direction == "rtl" else "ltr",
        is_source=is_source,
    )


def validate_codes(source: str, targets: Iterable[str]) -> tuple[str, list[str]]:
    """Canonicalize configured codes; raise UnknownLocale naming the first bad one.

    Called from settings, so a typo in LOCALE_TARGETS stops the process before
    anything half-configured can run.
    """
    src = canonical_code(source)
    seen: list[str] = []
    for raw in targets:
        raw = raw.strip()
        if not raw:
            continue
        code = canonical_code(raw)
        if code != src and code not in seen:
            seen.append(code)
    return src, seen


@lru_cache(maxsize=1024)  # tags come from clients: bounded
def language_and_script(tag: str) -> tuple[str, str] | None:
    """(language, script) of a language tag, the script filled in from CLDR's likely
    subtags when the tag names none: `zh-CN` and `zh` -> ("zh", "Hans"), `zh-TW` -> ("zh",
    "Hant"), `pt` -> ("pt", "Latn"). What `Intl.Locale(tag).maximize()` gives the browser
    clients, so both sides call the same locales "close". None for a malformed tag.

    Two tags with the same language and script are read by the same readers (es-MX and
    es, pt and pt-BR); a different script is a different text (zh-TW is not zh-Hans).
    """
    tag = (tag or "").strip()
    if not _LANGUAGE_TAG.fullmatch(tag):
        return None
    subtags = tag.replace("_", "-").split("-")
    language = subtags[0].lower()
    script = region = ""
    for sub in subtags[1:]:
        if len(sub) == 1:
            break  # an extension or private-use part (-u-…, -x-…): nothing more to read
        if len(sub) == 4 and sub.isalpha() and not script:
            script = sub.title()
        elif (len(sub) == 2 and sub.isalpha()) or (len(sub) == 3 and sub.isdigit()):
            region = region or sub.upper()
    if not script:
        likely = get_global("likely_subtags")
        for key in (f"{language}_{region}" if region else "", language):
            if key and key in likely:
                script = parse_locale(likely[key])[2] or ""
                break
    return language, script


class LocaleRegistry:
    """The enabled locales: one source plus its translation targets."""

    def __init__(self, source: str, targets: Iterable[str]):
        src, tgts = validate_codes(source, targets)
        self.source = describe(src, is_source=True)
        self.targets: tuple[LocaleInfo, ...] = tuple(describe(c) for c in tgts)
        self.all: tuple[LocaleInfo, ...] = (self.source, *self.targets)
        self._by_key = {info.code.lower(): info for info in self.all}
        self._language_and_script = {info.code: language_and_script(info.code) for info in self.all}
        self._negotiate_one = lru_cache(maxsize=1024)(self._serving)  # tags come from clients

    def __iter__(self) -> Iterator[LocaleInfo]:
        return iter(self.all)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.find(code) is not None

    @property
    def codes(self) -> list[str]:
        return [info.code for info in self.all]

    def find(self, text: str) -> LocaleInfo | None:
        """The enabled locale that `text` names, case- and separator-insensitively."""
        key = (text or "").strip().replace("_", "-").lower()
        if key in self._by_key:
            return self._by_key[key]
        try:
            return self._by_key.get(canonical_code(text).lower())
        except UnknownLocale:
            return None

    def negotiate(self, tags: Iterable[str]) -> LocaleInfo | None:
        """The enabled locale that best serves language tags in order of preference.

        For each tag in turn: the enabled locale it names (any case or separator), else
        the first enabled locale with the same language and script (`es-MX` -> `es`,
        `pt` -> `pt-BR`, `zh-CN` -> `zh-Hans`, `fr-CA` -> `fr`; `zh-TW` finds none). None
        when no tag matches, or none is a language tag (`klingon` is well-formed but no
        language anyone enabled).
        """
        for tag in tags:
            info = self._negotiate_one(tag)
            if info is not None:
                return info
        return None

    def _serving(self, tag: str) -> LocaleInfo | None:
        """negotiate() for one tag (cached per registry in _negotiate_one: on every read)."""
        wanted = language_and_script(tag)
        if wanted is None:
            return None
        exact = self.find(tag)
        if exact is not None:
            return exact
        for info in self.all:
            if self._language_and_script[info.code] == wanted:
                return info
        return None

    def get(self, text: str) -> LocaleInfo:
        info = self.find(text)
        if info is None:
            raise UnknownLocale(
                f"locale {text!r} is not enabled; enabled locales: {', '.join(self.codes)}"
            )
        return info

    def django_languages(self) -> list[tuple[str, str]]:
        """(code, name) pairs for Django's LANGUAGES / WAGTAIL_CONTENT_LANGUAGES."""
        return [(info.django_code, info.english_name) for info in self.all]


@lru_cache(maxsize=1)
def get_registry() -> LocaleRegistry:
    """The registry built from settings.LOCALE_SOURCE / LOCALE_TARGETS (cached)."""
    from django.conf import settings

    return LocaleRegistry(settings.LOCALE_SOURCE, settings.LOCALE_TARGETS)

"""The public site's own words (skip link, language switcher, 404), from the clients'
message catalogues (clients/web/i18n/<code>.json, the `site.*` messages).

Here in `clients`, not `content`: the catalogues are the clients' files, and `content` (the
lowest layer, docs/architecture.md) imports no app above it; the site's templates reach
these words through the `site_tags` template library instead.

Patients read the public pages, the reader and the embed alike, so their few interface
words live in one catalogue per language, reviewed once, with one completeness check
(tests/clients/test_catalogues.py). A locale with no catalogue gets English.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from babel.core import get_global, parse_locale
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from clients.files import CATALOGUE_DIR

FALLBACK = "en"


@lru_cache(maxsize=32)
def _catalogue(code: str) -> dict[str, Any]:
    return json.loads((CATALOGUE_DIR / f"{code}.json").read_text(encoding="utf-8"))


def catalogue_code(code: str | None) -> str:
    """The catalogue serving `code`, as i18n.js chooses it: exact (any case), then the same
    language and script ("pt" -> "pt-BR", "zh-hans" -> "zh-Hans"), else English."""
    if not code:
        return FALLBACK
    available = sorted(path.stem for path in CATALOGUE_DIR.glob("*.json"))
    for name in available:
        if name.lower() == code.lower():
            return name
    wanted = language_and_script(code)
    for name in available:
        if wanted and language_and_script(name) == wanted:
            return name
    return FALLBACK


@lru_cache(maxsize=256)
def language_and_script(tag: str) -> tuple[str, str] | None:
    """(language, script) with the likely script filled in from CLDR (`pt` -> pt/Latn,
    `zh-hans` -> zh/Hans, `zh-TW` -> zh/Hant), as Intl.Locale(tag).maximize() gives i18n.js."""
    try:
        language, region, script, _ = parse_locale(tag.replace("-", "_"))
    except ValueError:
        return None
    if not script:
        likely = get_global("likely_subtags")
        for key in (f"{language}_{region}" if region else "", language):
            if key and key in likely:
                script = parse_locale(likely[key])[2] or ""
                break
    return language.lower(), (script or "").title()


def direction(code: str | None) -> str:
    return _catalogue(catalogue_code(code)).get("direction", "ltr")


def text(code: str | None, key: str, **params: Any) -> str:
    """A plain message (no plural forms) of `key` in the language of `code`."""
    messages = _catalogue(catalogue_code(code))["messages"]
    message = messages.get(key, _catalogue(FALLBACK)["messages"][key])
    for name, value in params.items():
        message = message.replace("{" + name + "}", str(value))
    return message


def html(code: str | None, key: str, **params: Any) -> SafeString:
    """The message as HTML, each value in a <bdi>: a Latin name or a date inside Arabic
    text keeps its own direction and leaves the sentence's punctuation where it belongs."""
    template = text(code, key)
    parts = []
    last = 0
    for match in re.finditer(r"\{(\w+)\}", template):
        parts.append(conditional_escape(template[last : match.start()]))
        name = match.group(1)
        value = params.get(name, match.group(0))
        parts.append(format_html("<bdi>{}</bdi>", value))
        last = match.end()
    parts.append(conditional_escape(template[last:]))
    return mark_safe("".join(parts))  # every piece escaped above

"""The clients' message catalogues (clients/web/i18n/<code>.json), read the way i18n.js
reads them, so a test expects exactly the words a reader of that locale is shown."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from babel import Locale

from clients.files import CATALOGUE_DIR


@cache
def catalogue(code: str) -> dict[str, Any]:
    return json.loads((CATALOGUE_DIR / f"{code}.json").read_text(encoding="utf-8"))


def message(code: str, key: str, **params: Any) -> str:
    """The text of `key` in locale `code` with `params` put in (plural forms by `count`,
    chosen with CLDR's rules as Intl.PluralRules does; numbers as plain digits, which is
    what every catalogue's locale shows except Arabic's)."""
    text = catalogue(code)["messages"][key]
    if isinstance(text, dict):
        rule = Locale.parse(code.replace("-", "_")).plural_form
        text = text.get(rule(params["count"]), text["other"])
    return re.sub(r"\{(\w+)\}", lambda m: str(params.get(m.group(1), m.group(0))), text)


def message_prefix(code: str, key: str) -> str:
    """The words of `key` before its first value: what a test can expect of a message
    whose value (a date) the browser formats."""
    return catalogue(code)["messages"][key].split("{", 1)[0].strip()


def fixed_texts(code: str) -> list[str]:
    """Every message of a catalogue that has no parameter and no plural: whole sentences
    or labels that must never appear in another locale's interface."""
    return [
        text
        for text in catalogue(code)["messages"].values()
        if isinstance(text, str) and "{" not in text
    ]

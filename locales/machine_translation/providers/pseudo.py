"""Pseudo-localization: an offline provider that makes untranslated text obvious.

The embedded default, so the whole draft → review → publish flow runs without a
network or an API key. Output is deterministic (same input, same output), every Latin
letter is swapped for an accented look-alike (a reviewer can see at a glance what came
from the machine), text grows by about 30% (catches layouts that cannot take German)
and is wrapped in brackets (catches truncation). Tags, entities and `{{n}}`
placeholders pass through untouched.
"""

from __future__ import annotations

import re
from typing import Any

from locales.machine_translation.providers.base import Provider

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀßÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# Things that must come through byte-identical: tags, entities, placeholders, separators.
_KEEP = re.compile(
    r"<[^<>]+>|&#?[A-Za-z0-9]+;|[{\uFF5B]\s*[{\uFF5B][^{}\uFF5B\uFF5D]*[}\uFF5D]\s*[}\uFF5D]"
)
_SEPARATOR_LINE = re.compile(r"(\n[{\uFF5B]\s*[{\uFF5B]\s*#\s*[}\uFF5D]\s*[}\uFF5D]\n)")
EXPANSION = 0.3
PAD = "·"


def pseudolocalize(text: str) -> str:
    """`Hello <b>world</b>` -> `[Ĥéĺĺö <b>ŵöŕĺđ</b> ···]` (deterministic)."""
    if not text.strip():
        return text
    out: list[str] = []
    letters = 0
    pos = 0
    for match in _KEEP.finditer(text):
        chunk = text[pos : match.start()]
        letters += sum(ch.isalpha() for ch in chunk)
        out.append(chunk.translate(_ACCENTS))
        out.append(match.group(0))
        pos = match.end()
    chunk = text[pos:]
    letters += sum(ch.isalpha() for ch in chunk)
    out.append(chunk.translate(_ACCENTS))
    padding = round(letters * EXPANSION)
    body = "".join(out)
    return f"[{body}{' ' + PAD * padding if padding else ''}]"


def pseudolocalize_batch(text: str) -> str:
    """Pseudo-localize each packed segment on its own, keeping the separators."""
    parts = _SEPARATOR_LINE.split(text)
    return "".join(part if i % 2 else pseudolocalize(part) for i, part in enumerate(parts))


class PseudoProvider(Provider):
    display_name = "Pseudo-localization"
    max_chars = 5000
    http = False

    def request(self, client: Any, text: str) -> str:
        return pseudolocalize_batch(text)

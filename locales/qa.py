"""Quality warnings a reviewer sees beside each machine-translated segment.

Warnings, not errors: a human decides. They point at the failures that matter in
medical text (a dose that changed, a drug name that got translated, a link that
vanished) and at the obvious machine failures (nothing translated, half a sentence
missing). The pipeline already guarantees placeholders come back, so these checks
mostly catch what a human editor changes by hand and what providers do outside
placeholders.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from locales.protection import MARKUP_RE, NUMBER_RE, is_well_nested
from locales.registry import LocaleInfo

if TYPE_CHECKING:
    from locales.glossary import GlossaryTerm

# Languages written without spaces between words: terms are matched as substrings and
# text is much shorter than its English source.
UNSPACED = frozenset({"zh", "ja", "ko", "th", "lo", "km", "my"})
LENGTH_RATIO = {"default": (0.5, 2.2), "unspaced": (0.12, 1.3)}
MIN_LENGTH_FOR_RATIO = 20  # short strings ("FAQ", "Yes.") vary too much to judge


@dataclass(frozen=True, slots=True)
class QAWarning:
    code: str  # "numbers" | "markup" | "glossary" | "untranslated" | "length_ratio"
    message: str


def plain_text(text: str) -> str:
    """Visible text: tags dropped, entities decoded, whitespace collapsed."""
    without_tags = re.sub(r"<[^<>]+>", " ", text)
    return " ".join(html.unescape(without_tags).split())


def _number_key(token: str) -> str:
    """'1,5 mg' == '1.5 mg' == '1.5mg'; en dash == hyphen; 'µg' == 'μg'; 'mL' == 'ml'."""
    key = re.sub(r"\s+", "", token).replace("\u2013", "-").replace("\u2014", "-")
    key = key.replace(",", ".").replace("µ", "μ")
    return key.lower()


def numbers(text: str) -> Counter:
    return Counter(_number_key(m.group(0)) for m in NUMBER_RE.finditer(plain_text(text)))


def _tags(text: str) -> Counter:
    return Counter(
        " ".join(m.group(0).lower().split())
        for m in MARKUP_RE.finditer(text)
        if m.group(0).startswith("<")
    )


def _contains(text: str, term: str, *, case_sensitive: bool, unspaced: bool) -> bool:
    flags = 0 if case_sensitive else re.IGNORECASE
    pattern = re.escape(term.strip()) if unspaced else rf"(?<!\w){re.escape(term.strip())}(?!\w)"
    return re.search(pattern, text, flags) is not None


def _describe(counter: Counter) -> str:
    return ", ".join(sorted(counter.elements())) or "none"


def _differences(source: Counter, translated: Counter, *, extra: str) -> list[str]:
    """What the translation lacks and what it adds, as phrases for a reviewer."""
    parts = []
    if missing := source - translated:
        parts.append(f"missing {_describe(missing)}")
    if added := translated - source:
        parts.append(f"{extra} {_describe(added)}")
    return parts


def check_translation(
    source: str,
    translated: str,
    *,
    target: LocaleInfo,
    glossary: Sequence[GlossaryTerm] = (),
) -> list[QAWarning]:
    """Warnings for one segment translation (empty list: nothing to flag)."""
    warnings: list[QAWarning] = []
    unspaced = target.language in UNSPACED
    source_text, translated_text = plain_text(source), plain_text(translated)

    source_numbers, translated_numbers = numbers(source), numbers(translated)
    if source_numbers != translated_numbers:
        parts = _differences(source_numbers, translated_numbers, extra="not in the source:")
        warnings.append(
            QAWarning("numbers", f"Numbers or doses differ from the source ({'; '.join(parts)}).")
        )

    source_tags, translated_tags = _tags(source), _tags(translated)
    if source_tags != translated_tags or (
        is_well_nested(source) and not is_well_nested(translated)
    ):
        detail = _differences(source_tags, translated_tags, extra="added") or [
            "tags are out of order"
        ]
        warnings.append(
            QAWarning(
                "markup", f"Formatting or links differ from the source ({'; '.join(detail)})."
            )
        )

    for term in glossary:
        if not (term.source_term or "").strip():
            continue
        if not _contains(
            source_text, term.source_term, case_sensitive=term.case_sensitive, unspaced=False
        ):
            continue
        expected = term.source_term if term.do_not_translate else term.translation
        if not _contains(
            translated_text, expected, case_sensitive=term.case_sensitive, unspaced=unspaced
        ):
            how = "must stay untranslated" if term.do_not_translate else f"must be “{expected}”"
            warnings.append(
                QAWarning("glossary", f"Glossary: “{term.source_term}” {how}, but it is missing.")
            )

    words = re.findall(r"[^\W\d_]{2,}", source_text)
    if len(words) >= 2 and source_text.casefold() == translated_text.casefold():
        warnings.append(
            QAWarning("untranslated", "The text is identical to the source: left untranslated?")
        )

    if len(source_text) >= MIN_LENGTH_FOR_RATIO and translated_text:
        low, high = LENGTH_RATIO["unspaced" if unspaced else "default"]
        ratio = len(translated_text) / len(source_text)
        if not low <= ratio <= high:
            warnings.append(
                QAWarning(
                    "length_ratio",
                    f"The translation is {ratio:.0%} of the source's length (expected "
                    f"{low:.0%} to {high:.0%}): text may be missing or added.",
                )
            )
    elif source_text and not translated_text:
        warnings.append(QAWarning("length_ratio", "The translation is empty."))
    return warnings

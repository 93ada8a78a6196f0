"""Readability per locale: a score and a school grade from a formula made for the language.

Patient-information guidance puts the target at about grade 6 to 8
(`READABILITY_TARGET_GRADE`, default 8). Formulas, all computed with textstat's
functions (syllables from pyphen's hyphenation dictionaries), one per language:

| locale | score | grade |
| --- | --- | --- |
| en | Flesch Reading Ease | Flesch-Kincaid grade |
| es | Fernández Huerta (Flesch for Spanish) | Crawford (years of schooling, Spanish) |
| de | Flesch-Amstad (Flesch for German) | Wiener Sachtextformel 1 (a school grade) |
| fr | Flesch for French (Kandel & Moles) | from the score, on Flesch's grade table |
| pt-BR | Flesch for Brazilian Portuguese (Martins et al. 1996) | from the score, likewise |
| ar | OSMAN (El-Haj & Rayson 2016, on the Flesch scale) | from the score, likewise |
| zh-Hans, others | none: no validated formula ships with textstat | `null` |

"From the score on Flesch's grade table" interpolates Flesch's own table between
reading ease and school level (90 → grade 5, 80 → 6, 70 → 7, 60 → 9, 50 → 12, 30 → 16,
0 → 18): an approximation, named in `formula` so no one mistakes it for a grade formula.
Chinese readability formulas need word segmentation and graded character lists we do
not ship, so zh-Hans says `formula: "none"` and gives no figures rather than a made-up one.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass
from functools import lru_cache

from django.conf import settings
from textstat.backend import metrics

# Reading ease → school grade, after Flesch (1948), interpolated between the points.
_EASE_TO_GRADE = [(100.0, 4.0), (90.0, 5.0), (80.0, 6.0), (70.0, 7.0), (60.0, 9.0),
                  (50.0, 12.0), (30.0, 16.0), (0.0, 18.0)]  # fmt: skip
# A translation this many grades above its source is a review warning.
HARDER_BY_GRADES = 3.0


@dataclass(frozen=True, slots=True)
class Readability:
    formula: str
    score: float | None
    grade: float | None
    target_grade: int
    above_target: bool | None

    def as_dict(self) -> dict:
        return asdict(self)


def target_grade() -> int:
    return int(getattr(settings, "READABILITY_TARGET_GRADE", 8))


def grade_from_ease(ease: float) -> float:
    ease = max(0.0, min(100.0, ease))
    for (hi, g_hi), (lo, g_lo) in itertools.pairwise(_EASE_TO_GRADE):
        if lo <= ease <= hi:
            return g_lo + (g_hi - g_lo) * (ease - lo) / (hi - lo)
    return _EASE_TO_GRADE[-1][1]


def _flesch_pt_br(text: str) -> float:
    """Flesch adapted to Brazilian Portuguese (Martins et al. 1996)."""
    return (
        248.835
        - 1.015 * metrics.words_per_sentence(text)
        - 84.6 * metrics.syllables_per_word(text, "pt_BR")
    )


def _language(code: str) -> str:
    return code.split("-")[0].lower()


def formula_for(code: str) -> str:
    """The formula used for a locale code (its name as the API reports it)."""
    return {
        "en": "flesch-kincaid",
        "es": "fernandez-huerta+crawford",
        "de": "flesch-amstad+wiener-sachtextformel",
        "fr": "flesch-kandel-moles",
        "pt": "flesch-martins",
        "ar": "osman",
    }.get(_language(code), "none")


@lru_cache(maxsize=4096)
def _figures(text: str, language: str) -> tuple[float, float] | None:
    if language == "en":
        return metrics.flesch_reading_ease(text, "en"), metrics.flesch_kincaid_grade(text, "en")
    if language == "es":
        return metrics.fernandez_huerta(text, "es"), metrics.crawford(text, "es")
    if language == "de":
        return metrics.flesch_reading_ease(text, "de"), metrics.wiener_sachtextformel(text, 1, "de")
    if language == "fr":
        ease = metrics.flesch_reading_ease(text, "fr")
        return ease, grade_from_ease(ease)
    if language == "pt":
        ease = _flesch_pt_br(text)
        return ease, grade_from_ease(ease)
    if language == "ar":
        ease = metrics.osman(text)
        return ease, grade_from_ease(ease)
    return None


def measure(text: str, code: str) -> Readability:
    """Readability of `text` written in locale `code`."""
    target = target_grade()
    formula = formula_for(code)
    figures = _figures(text, _language(code)) if text.strip() and formula != "none" else None
    if figures is None:
        return Readability(formula, None, None, target, None)
    score, grade = (round(float(v), 1) for v in figures)
    grade = max(grade, 0.0)
    return Readability(formula, score, grade, target, grade > target)


def text_readability(html_or_text: str, code: str) -> Readability:
    """Readability of one stored text (rich text allowed), e.g. one answer."""
    from clinical.text import sentences
    from content.richtext import richtext_to_text

    return measure(sentences(richtext_to_text(html_or_text)), code)


def page_readability(page) -> Readability:
    """Readability of a guide page's reading text (intro, answers, conclusion)."""
    from clinical.text import reading_text

    return measure(reading_text(page), page.locale.language_code)


def much_harder(source: Readability, translation: Readability) -> bool:
    """A translation far harder to read than its source (a review warning)."""
    if source.grade is None or translation.grade is None:
        return False
    return translation.grade - source.grade >= HARDER_BY_GRADES

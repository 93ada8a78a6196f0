"""QA warnings for review rows, from the providers' `check_translation`."""

from __future__ import annotations

from collections.abc import Iterable

from wagtail_localize.models import Translation

from locales.glossary import GlossaryTerm
from locales.qa.checks import QAWarning, check_translation
from locales.registry import get_registry
from locales.review.state import SegmentRow


def warnings_for_rows(
    translation: Translation, rows: Iterable[SegmentRow]
) -> dict[int, list[QAWarning]]:
    """{segment id: warnings} for rows that have a translation to check."""
    locale = translation.target_locale
    target = get_registry().get(locale.language_code)
    glossary = list(GlossaryTerm.objects.for_target(locale))
    return {
        row.segment.pk: check_translation(
            row.source_text, row.translated_text, target=target, glossary=glossary
        )
        for row in rows
        if row.string_translation is not None
    }


def answer_readability(row: SegmentRow, translation: Translation) -> dict | None:
    """Readability of an answer segment beside its source (clinical/readability.py), and
    whether the translation reads far harder: shown on the review screen."""
    if not row.path.endswith(".answer") or not row.translated_text:
        return None
    from clinical.readability import much_harder, text_readability

    source = text_readability(row.source_text, translation.source.locale.language_code)
    target = text_readability(row.translated_text, translation.target_locale.language_code)
    return {"source": source, "target": target, "much_harder": much_harder(source, target)}

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

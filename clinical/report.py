"""The medical review report's rows: one per guide x locale, built from `review_matrix`.

Shared by the report (views/report.py), its CSV export, the dashboard panel and the
translation status report's cells, so they all say the same thing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel import Locale as BabelLocale
from babel import UnknownLocaleError
from django.utils import translation

from clinical.selectors import MatrixCell, review_matrix
from clinical.states import ReviewState
from content.locale_hooks import locale_registry as get_registry

if TYPE_CHECKING:  # clinical sits below locales: types only, never imported at run time
    from locales.registry import LocaleInfo


def locale_name(info: LocaleInfo) -> str:
    """The locale's name in the admin's active language, as a label ("Alemán", "ألمانية"):
    CLDR's names through babel, as locales/locale_names.py does (clinical sits below
    locales and may not import it). English reads the registry's English name."""
    try:
        ui = BabelLocale.parse(translation.to_locale(translation.get_language() or "en"))
        name = BabelLocale.parse(info.code.replace("-", "_")).get_display_name(ui)
    except (UnknownLocaleError, ValueError):
        name = None
    name = name or info.english_name
    return name[:1].upper() + name[1:]


@dataclass
class ReportRow:
    guide: object  # the source GuidePage
    locale: LocaleInfo
    cell: MatrixCell

    @property
    def state(self) -> str:
        return self.cell.status.state

    @property
    def label(self) -> str:
        return self.cell.status.label

    @property
    def locale_name(self) -> str:
        return locale_name(self.locale)

    @property
    def sign_off(self):
        return self.cell.status.sign_off

    @property
    def grade(self) -> float | None:
        return self.cell.readability.get("grade")

    @property
    def above_target(self) -> bool:
        return bool(self.cell.readability.get("above_target"))


def report_rows(
    guides: Iterable,
    locales: Sequence[LocaleInfo] | None = None,
    *,
    on: datetime.date | None = None,
    existing_only: bool = True,
) -> list[ReportRow]:
    """Rows for guides x locales; with `existing_only`, only locales the guide has a page in."""
    guides = list(guides)
    locales = list(get_registry().all if locales is None else locales)
    matrix = review_matrix(guides, locales, on)
    rows = []
    for guide in guides:
        for info in locales:
            cell = matrix[(guide.translation_key, info.code)]
            if existing_only and cell.page_id is None:
                continue
            rows.append(ReportRow(guide, info, cell))
    return rows


def totals(rows: Iterable[ReportRow]) -> dict[str, Counter]:
    """{locale code: Counter(state)}."""
    counts: dict[str, Counter] = {}
    for row in rows:
        counts.setdefault(row.locale.code, Counter())[row.state] += 1
    return counts


STATES = [ReviewState.NEVER, ReviewState.CHANGED, ReviewState.OVERDUE, ReviewState.DUE_SOON,
          ReviewState.SIGNED]  # fmt: skip

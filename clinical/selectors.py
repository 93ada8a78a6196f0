"""Reads of sign-offs: one guide page (the API's documents) or a whole matrix (reports).

`review_matrix` answers for any number of guides x locales in a fixed number of queries
(locales, pages, current sign-offs, live texts); nothing here queries per cell.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from wagtail.models import Locale

from clinical.models import LiveText, MedicalSignOff
from clinical.states import ReviewStatus, decide
from clinical.text import text_hash

if TYPE_CHECKING:  # clinical sits below locales: types only, never imported at run time
    from locales.registry import LocaleInfo


def today() -> datetime.date:
    return timezone.localdate()


def current_sign_off(translation_key: uuid.UUID | str, locale_id: int) -> MedicalSignOff | None:
    """The sign-off in force for one guide in one locale: the latest by review date."""
    return (
        MedicalSignOff.objects.filter(translation_key=translation_key, locale_id=locale_id)
        .select_related("reviewer")
        .order_by("-reviewed_on", "-id")
        .first()
    )


def sign_off_history(translation_key: uuid.UUID | str, locale_id: int):
    return MedicalSignOff.objects.filter(
        translation_key=translation_key, locale_id=locale_id
    ).order_by("-reviewed_on", "-id")


def page_review_status(page, on: datetime.date | None = None) -> ReviewStatus:
    """The status of `page` (the content readers see: its live revision) in its locale."""
    sign_off = current_sign_off(page.translation_key, page.locale_id)
    return decide(
        sign_off,
        interval_days=page.medical_review_interval_days,
        live_hash=text_hash(page) if sign_off is not None else None,
        today=on or today(),
    )


@dataclass(frozen=True, slots=True)
class MatrixCell:
    code: str
    page_id: int | None
    live: bool
    status: ReviewStatus
    readability: dict


def current_sign_offs(keys: list, locale_ids: list[int]) -> dict[tuple, MedicalSignOff]:
    """{(translation_key, locale_id): sign-off in force} for many guides, in one query."""
    rows = (
        MedicalSignOff.objects.filter(translation_key__in=keys, locale_id__in=locale_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("translation_key"), F("locale_id")],
                order_by=[F("reviewed_on").desc(), F("id").desc()],
            )
        )
        .filter(rank=1)
        .defer("notes", "evidence")
    )
    return {(row.translation_key, row.locale_id): row for row in rows}


def review_matrix(
    guides: Iterable, locales: Sequence[LocaleInfo], on: datetime.date | None = None
) -> dict[tuple[uuid.UUID, str], MatrixCell]:
    """{(translation_key, code): cell} for source guides x locales (4 queries in all).

    A guide's review interval is its source page's (the field is synchronized to its
    translations); its live text's hash and readability come from LiveText (receivers.py).
    """
    from content.models import GuidePage

    guides = list(guides)
    on = on or today()
    locale_ids = {
        row.language_code: row.pk
        for row in Locale.objects.filter(language_code__in=[i.django_code for i in locales])
    }
    ids = [pk for pk in (locale_ids.get(i.django_code) for i in locales) if pk]
    keys = [g.translation_key for g in guides]
    pages = {
        (row["translation_key"], row["locale_id"]): row
        for row in GuidePage.objects.filter(
            translation_key__in=keys, locale_id__in=ids, alias_of__isnull=True
        ).values("id", "translation_key", "locale_id", "live")
    }
    sign_offs = current_sign_offs(keys, ids)
    live_texts = {
        (row["translation_key"], row["locale_id"]): row
        for row in LiveText.objects.filter(translation_key__in=keys, locale_id__in=ids).values(
            "translation_key", "locale_id", "content_hash", "readability"
        )
    }
    cells = {}
    for guide in guides:
        for info in locales:
            locale_id = locale_ids.get(info.django_code)
            key = (guide.translation_key, locale_id)
            page = pages.get(key)
            live = live_texts.get(key) if page and page["live"] else None
            status = decide(
                sign_offs.get(key),
                interval_days=guide.medical_review_interval_days,
                live_hash=live["content_hash"] if live else None,
                today=on,
            )
            cells[(guide.translation_key, info.code)] = MatrixCell(
                code=info.code,
                page_id=page["id"] if page else None,
                live=bool(page and page["live"]),
                status=status,
                readability=(live or {}).get("readability") or {},
            )
    return cells

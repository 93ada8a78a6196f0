"""Segment counts of many translations at once, computed by the database.

The review screen decides each segment's state in Python (`selectors.segment_rows`);
a report over hundreds of guides cannot afford that per translation. This module asks
the same questions in one SQL statement for any number of translations: a segment's
slot is its position within its context (ROW_NUMBER over the source's segments), the
review record of that slot is joined on it, and "reviewed" still means what it means
on the review screen: the record names the current source string, the text exists,
has no error and its SHA-256 matches the approved fingerprint. `tests/translation/
test_status.py` checks the counts against `segment_rows` on real translations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationContext,
)

from locales.review.selectors import UNREVIEWED_PATHS
from locales.review.state import SegmentReview, SegmentStatus


@dataclass(frozen=True, slots=True)
class SegmentCounts:
    total: int
    reviewed: int
    outdated: int  # reviewed once, but the source text changed since
    untranslated: int

    @property
    def needs_review(self) -> int:
        return self.total - self.reviewed

    @property
    def stale(self) -> int:
        """Segments a live page cannot be showing for the current source."""
        return self.outdated + self.untranslated


def _sha256_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"encode(sha256(convert_to({column}, 'UTF8')), 'hex')"  # built in since PG 11
    return f"SHA256({column})"  # Django registers it on SQLite connections


def _sql(count: int) -> str:
    q = connection.ops.quote_name
    ids = ", ".join(["%s"] * count)
    skipped = ", ".join(["%s"] * len(UNREVIEWED_PATHS))
    return f"""
WITH tr AS (
    SELECT id, source_id, target_locale_id FROM {q(Translation._meta.db_table)}
    WHERE id IN ({ids})
),
seg AS (
    SELECT s.source_id, s.context_id, s.string_id,
           ROW_NUMBER() OVER (
               PARTITION BY s.source_id, s.context_id ORDER BY s.{q("order")}
           ) - 1 AS slot
    FROM {q(StringSegment._meta.db_table)} s
    JOIN {q(TranslationContext._meta.db_table)} c ON c.id = s.context_id
    WHERE s.source_id IN (SELECT source_id FROM tr) AND c.path NOT IN ({skipped})
)
SELECT tr.id,
    COUNT(*),
    SUM(CASE WHEN r.id IS NOT NULL AND r.string_id = seg.string_id AND st.id IS NOT NULL
              AND r.status IN (%s, %s) AND NOT st.has_error
              AND {_sha256_sql("st.data")} = r.translation_hash
         THEN 1 ELSE 0 END),
    SUM(CASE WHEN r.id IS NOT NULL AND r.string_id <> seg.string_id AND r.status IN (%s, %s)
         THEN 1 ELSE 0 END),
    SUM(CASE WHEN st.id IS NULL AND (r.id IS NULL OR r.string_id = seg.string_id)
         THEN 1 ELSE 0 END)
FROM tr
JOIN seg ON seg.source_id = tr.source_id
LEFT JOIN {q(SegmentReview._meta.db_table)} r
    ON r.translation_id = tr.id AND r.context_id = seg.context_id AND r.slot = seg.slot
LEFT JOIN {q(StringTranslation._meta.db_table)} st
    ON st.translation_of_id = seg.string_id AND st.context_id = seg.context_id
   AND st.locale_id = tr.target_locale_id
GROUP BY tr.id
"""


def segment_counts(translation_ids: Iterable[int]) -> dict[int, SegmentCounts]:
    """{translation id: counts} in one query, however many translations are asked for."""
    ids = sorted(set(translation_ids))
    if not ids:
        return {}
    approved = [SegmentStatus.REVIEWED.value, SegmentStatus.OUTDATED.value]
    params = [*ids, *sorted(UNREVIEWED_PATHS), *approved, *approved]
    with connection.cursor() as cursor:
        cursor.execute(_sql(len(ids)), params)
        rows = cursor.fetchall()
    return {
        pk: SegmentCounts(
            total=int(total), reviewed=int(reviewed), outdated=int(outdated), untranslated=int(untr)
        )
        for pk, total, reviewed, outdated, untr in rows
    }

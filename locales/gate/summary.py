"""What the API tells readers about where a page's text came from.

Read at rebuild time (api/documents/builder.py), from the live content, with the same rule the
publish gate applies (review_gate.py), so the API and the gate cannot disagree.

* `machine_translated`: some text on the live page was produced by a machine (and, being
  live, approved by a person); from the provenance ledger, so it holds for copies too.
* `reviewed_at`: the latest approval of a text on the page (a review record for a
  translation, an approval of the ledger for other pages).
* `outdated`: the page is a translation and the gate would refuse it now (typically the
  source changed after review). A page written by hand in a locale, or copied, has no
  source to fall behind: `false`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max
from wagtail.models import Page

from locales.gate.page_text import page_texts
from locales.gate.provenance import ApprovedText, fingerprint, machine_fingerprints
from locales.gate.rules import findings
from locales.registry import get_registry
from locales.review.selectors import translation_for_page
from locales.review.state import SegmentReview


@dataclass(frozen=True)
class TranslationSummary:
    source_locale: str
    machine_translated: bool
    reviewed_at: datetime | None
    outdated: bool


def translation_summary(page: Page) -> TranslationSummary | None:
    """None for source pages; otherwise what the API reports for the LIVE content of `page`."""
    registry = get_registry()
    info = registry.find(page.locale.language_code)
    if info is not None and info.is_source:
        return None
    page = _live_content(page)
    prints = {fingerprint(t.text) for t in page_texts(page)}
    machine = bool(machine_fingerprints(prints))
    translation = translation_for_page(page)
    if translation is None:
        reviewed_at = ApprovedText.objects.filter(
            locale_id=page.locale_id, fingerprint__in=prints
        ).aggregate(latest=Max("approved_at"))["latest"]
        return TranslationSummary(
            source_locale=registry.source.code,
            machine_translated=machine,
            reviewed_at=reviewed_at if machine else None,
            outdated=False,
        )
    source_info = registry.find(translation.source.locale.language_code)
    reviews = SegmentReview.objects.filter(translation=translation)
    return TranslationSummary(
        source_locale=source_info.code if source_info else translation.source.locale.language_code,
        machine_translated=machine,
        reviewed_at=reviews.aggregate(latest=Max("reviewed_at"))["latest"],
        outdated=bool(findings(page, translation)),
    )


def _live_content(page: Page) -> Page:
    """The stored live content, whatever copy of the page we were given."""
    stored = Page.objects.select_related("live_revision").get(pk=page.pk).specific
    if stored.live_revision is None:
        return stored
    return stored.with_content_json(stored.live_revision.content)

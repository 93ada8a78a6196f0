"""The rule for what may go live: every text a page shows, judged by where it came from.

It is a property of the content, not of the workflow that produced it, so it holds
whatever path a page takes to go live (see guard.py for where it runs). For a page in any
locale, each text it shows (page_text.py) must be one of:

* the reviewed translation of its source segment, when the page is a translation
  (a wagtail-localize `Translation` targets it): the review record says reviewed, the
  source did not change since, and the page says exactly what was approved;
* a text a person approved for this locale (provenance.ApprovedText), when it is not a
  source segment's slot (a paragraph added after "Stop synced translation") or the
  translation is no longer synced (a reviewer approved the hand edit);
* on any other page, text that no machine produced (provenance.MachineText), or that a
  person approved for this locale.

A page written by hand in a locale therefore stays publishable; a copy, copy for
translation, alias, revert or import of machine text does not, until a person approves
that text for that locale.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Page
from wagtail_localize.models import Translation

from locales.gate.page_text import PageText, page_texts
from locales.gate.provenance import approved_fingerprints, fingerprint, machine_fingerprints
from locales.review.selectors import segment_rows, translation_for_page
from locales.review.state import SegmentStatus

# Why a text may not go live.
UNREVIEWED = "unreviewed"  # a source segment whose translation is not approved
OUTDATED = "outdated"  # approved, but the source changed since
MISSING = "missing"  # a synced translation lacks a source segment's text
ADDED = "added"  # on a translated page, not the reviewed text of any source segment
MACHINE = "machine"  # machine output no person approved for this locale

SEGMENT_REASONS = frozenset({UNREVIEWED, OUTDATED, MISSING})


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    slot: int
    text: str
    reason: str


def findings(page: Page, translation: Translation | None = None) -> list[Finding]:
    """Every text of `page` (the version about to go live) that may not go live, and why.

    `translation` is the page's wagtail-localize Translation when the caller has it
    (otherwise it is looked up)."""
    translation = translation or translation_for_page(page)
    texts = page_texts(page)
    prints = {t: fingerprint(t.text) for t in texts}
    approved = approved_fingerprints(page.locale_id, prints.values())
    found: list[Finding] = []
    judged: set[tuple[str, int]] = set()
    if translation is not None:
        found, judged = _segment_findings(translation, texts, prints, approved)
    machine = machine_fingerprints(p for t, p in prints.items() if (t.path, t.slot) not in judged)
    for text in texts:
        if (text.path, text.slot) in judged:
            continue
        fp = prints[text]
        if fp in approved:
            continue
        if translation is not None:
            found.append(Finding(text.path, text.slot, text.text, ADDED))
        elif fp in machine:
            found.append(Finding(text.path, text.slot, text.text, MACHINE))
    return found


def _segment_findings(
    translation: Translation,
    texts: list[PageText],
    prints: dict[PageText, str],
    approved: set[str],
) -> tuple[list[Finding], set[tuple[str, int]]]:
    """Findings on the source segments' slots, and the slots that were judged here."""
    present = {(t.path, t.slot): t for t in texts}
    found = []
    rows = segment_rows(translation)
    for row in rows:
        text = present.get((row.path, row.slot))
        if text is None:
            # A synced page lacks a source text; after "Stop synced translation" a person
            # may have removed it, which shows readers nothing unreviewed.
            if translation.enabled:
                found.append(Finding(row.path, row.slot, "", MISSING))
            continue
        if row.status == SegmentStatus.REVIEWED and text.text == row.translated_text:
            continue
        if row.status == SegmentStatus.OUTDATED:
            found.append(Finding(row.path, row.slot, text.text, OUTDATED))
        elif not translation.enabled and prints[text] in approved:
            continue  # edited by hand after sync stopped, and a reviewer approved the edit
        else:
            found.append(Finding(row.path, row.slot, text.text, UNREVIEWED))
    return found, {(row.path, row.slot) for row in rows}


def texts_to_approve(translation: Translation) -> list[Finding]:
    """Texts on the translated page's latest version that only a reviewer's approval of the
    text itself can clear: added on the page, or edited by hand after sync stopped."""
    page = translation.get_target_instance()
    latest = page.get_latest_revision_as_object()
    return [
        f
        for f in findings(latest, translation)
        if f.reason == ADDED or (f.reason == UNREVIEWED and not translation.enabled and f.text)
    ]

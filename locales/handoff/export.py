"""Export guides for one target locale as an XLIFF 1.2 document for a translation agency.

One `<file>` per guide, one `<trans-unit>` per segment (the review screen's segments),
its id the segment key (block path, so item ids survive), the source with inline
codes, the current translation as target with its state, a note naming the place in
the guide ("Group 2 · Q5 answer") and the source fingerprint the import checks.
Exporting syncs the guide's wagtail-localize source and creates the Translation
record (as the draft step does), so the import has segments to match.
"""

from __future__ import annotations

from collections.abc import Sequence

from wagtail.models import Page

from locales.glossary import GlossaryTerm
from locales.handoff.codes import encode
from locales.handoff.format import (
    CONTEXT_GROUP,
    NOTE_FROM,
    SOURCE_HASH,
    STATE_HUMAN,
    STATE_MACHINE,
    STATE_REVIEWED,
    STATE_UNTRANSLATED,
    Xliff12File,
    file_original,
    unit_key,
)
from locales.machine_translation.drafts import (
    DraftError,
    prepare_translation,
    source_guide,
    target_locale,
)
from locales.registry import get_registry
from locales.review.labels import label, labels_for
from locales.review.selectors import segment_rows
from locales.review.state import SegmentOrigin, SegmentRow, SegmentStatus, text_hash


def target_state(row: SegmentRow) -> str:
    """The XLIFF state of a segment's current translation."""
    if row.string_translation is None:
        return STATE_UNTRANSLATED
    if row.status == SegmentStatus.REVIEWED:
        return STATE_REVIEWED
    origin = row.review.origin if row.review is not None else ""
    if origin in {SegmentOrigin.HUMAN, SegmentOrigin.AGENCY}:
        return STATE_HUMAN
    return STATE_MACHINE


def _add_guide(store: Xliff12File, page: Page, code: str) -> None:
    info, locale = target_locale(code)
    translation = prepare_translation(page, locale)
    original = file_original(page.translation_key, page.slug)
    store.switchfile(original, createifmissing=True)
    filenode = store.getfilenode(original)
    filenode.set("datatype", "html")
    filenode.set("target-language", info.code)
    glossary = list(GlossaryTerm.objects.for_target(locale))
    names = labels_for(translation)
    for row in segment_rows(translation):
        source = encode(row.source_text, glossary)
        unit = store.addsourceunit("", filename=original)
        unit.setid(unit_key(row.path, row.slot))
        unit.rich_source = [source.tree]
        state = target_state(row)
        if row.string_translation is not None:
            unit.rich_target = [encode(row.translated_text, glossary, like=source.codes).tree]
        else:
            unit.settarget("")
        unit.getlanguageNode(index=1).set("state", state)
        unit.markapproved(state == STATE_REVIEWED)
        unit.addnote(label(row.path, names), origin=NOTE_FROM)
        if row.status == SegmentStatus.OUTDATED and row.review and row.review.previous_translation:
            unit.addnote(
                f"Previously approved wording (the source changed since): "
                f"{row.review.previous_translation}",
                origin=NOTE_FROM,
            )
        unit.createcontextgroup(
            CONTEXT_GROUP, [(SOURCE_HASH, text_hash(row.source_text))], purpose="information"
        )


def export_xliff(pages: Sequence[Page], target: str) -> bytes:
    """An XLIFF 1.2 document with every guide in `pages` for the target locale `target`.

    Raises DraftError / UnknownLocale for a page that is not a source guide or a code
    that is not a target locale.
    """
    if not pages:
        raise DraftError("Choose at least one guide to export.")
    guides = [source_guide(page) for page in pages]
    registry = get_registry()
    store = Xliff12File()
    store.setsourcelanguage(registry.source.code)
    store.settargetlanguage(registry.get(target).code)
    for page in guides:
        _add_guide(store, page, target)
    return bytes(store)


def export_filename(pages: Sequence[Page], target: str) -> str:
    stem = pages[0].slug if len(pages) == 1 else f"{len(pages)}-guides"
    return f"{stem}.{target}.xlf"

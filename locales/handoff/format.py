"""The XLIFF 1.2 document as this site writes and reads it (translate-toolkit's store).

translate-toolkit writes XLIFF 1.1 by default; the subclass only changes the skeleton
and namespace to 1.2 (the OASIS standard CAT tools expect). Each guide is one `<file>`
whose `original` is `guide/<translation key>/<slug>`: the key identifies the guide
even after a slug change, the slug is there for people. Each `<trans-unit>` carries
the SHA-256 of the source text it was exported with in a context group, so an import
can tell that the source changed since.
"""

from __future__ import annotations

import uuid

from translate.storage.xliff import Xliff1File, Xliff1Unit

XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
CONTEXT_GROUP = "x-guide-cms"
SOURCE_HASH = "x-source-sha256"
NOTE_FROM = "guide-cms"
CONTENT_TYPE = "application/x-xliff+xml"

# XLIFF 1.2 target states this site writes, by review state.
STATE_UNTRANSLATED = "needs-translation"
STATE_MACHINE = "needs-review-translation"
STATE_HUMAN = "translated"
STATE_REVIEWED = "final"


class Xliff12Unit(Xliff1Unit):
    namespace = XLIFF_12


class Xliff12File(Xliff1File):
    UnitClass = Xliff12Unit
    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='1.2' xmlns='{XLIFF_12}'>
<file original='NoName' source-language='en' datatype='html'>
<body>
</body>
</file>
</xliff>"""
    namespace = XLIFF_12


def file_original(translation_key: uuid.UUID | str, slug: str) -> str:
    return f"guide/{translation_key}/{slug}"


def guide_key(original: str | None) -> uuid.UUID | None:
    """The translation key in a `<file original=...>`, or None if it is not one of ours."""
    parts = (original or "").split("/")
    if len(parts) < 2 or parts[0] != "guide":
        return None
    try:
        return uuid.UUID(parts[1])
    except ValueError:
        return None


def unit_key(path: str, slot: int) -> str:
    """A segment's stable unit id: its block path, plus `#slot` after the first paragraph."""
    return path if slot == 0 else f"{path}#{slot}"

"""Every text a page shows, in the segments wagtail-localize cuts it into.

The gate checks a page by what it will show, not by what a translation's source says it
should hold: a paragraph added by hand, or a copy of some other page, has no source
segment, yet readers see it. wagtail-localize's extraction is used because it is the
same cut that review records and stored translations use, so a text found here can be
compared with them one to one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from wagtail.models import Page
from wagtail_localize.fields import TranslatableField, get_translatable_fields
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

# Segments that are not prose a reader sees as a translation (the URL slug stays the
# source slug), so they are never sent to a provider and never block publishing.
UNREVIEWED_PATHS = frozenset({"slug"})


@dataclass(frozen=True, slots=True)
class PageText:
    path: str  # the segment context path, e.g. "body.<group>.items.<item>.answer"
    slot: int  # position of the string within its context
    text: str  # as wagtail-localize extracts it (HTML for rich text)


# Where a block-level element starts or ends: the boundaries of what wagtail-localize
# makes one segment of rich text.
_BLOCK_BOUNDARY = re.compile(
    r"<\s*/?\s*(?:p|h[1-6]|li|ul|ol|div|blockquote|pre|table|thead|tbody|tr|td|th|section|"
    r"article|header|footer|figure|figcaption|hr|br)\b[^>]*>",
    re.IGNORECASE,
)


def page_strings(instance: Page) -> dict[str, list[str]]:
    """{context path: [string, ...]} of everything `instance` shows, slug excluded."""
    try:
        values = [v for v in extract_segments(instance) if isinstance(v, StringSegmentValue)]
    except ValueError:
        # wagtail-localize refuses some markup (a tag with attributes it does not know);
        # the page still shows it, so it is read the tolerant way instead.
        return _tolerant_strings(instance)
    by_path: dict[str, list[str]] = defaultdict(list)
    for value in sorted(values, key=lambda v: v.order):
        if value.path not in UNREVIEWED_PATHS:
            by_path[value.path].append(value.string.data)
    return dict(by_path)


def _tolerant_strings(instance: Page) -> dict[str, list[str]]:
    """Every text leaf of the translatable fields, cut at block-level tags."""
    by_path: dict[str, list[str]] = defaultdict(list)
    for field in get_translatable_fields(type(instance)):
        if not isinstance(field, TranslatableField) or field.field_name in UNREVIEWED_PATHS:
            continue
        value = getattr(instance, field.field_name, None)
        raw = getattr(value, "raw_data", None)
        for leaf in _leaves(list(raw) if raw is not None else value):
            for chunk in _BLOCK_BOUNDARY.split(leaf):
                if chunk.strip():
                    by_path[field.field_name].append(chunk.strip())
    return dict(by_path)


def _leaves(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in {"id", "type"}:
                yield from _leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item)
    elif value is not None and hasattr(value, "source"):  # RichText
        yield value.source


def page_texts(instance: Page) -> list[PageText]:
    return [
        PageText(path, slot, text)
        for path, texts in page_strings(instance).items()
        for slot, text in enumerate(texts)
    ]

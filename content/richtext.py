"""Conversions between plain paragraphs and Wagtail's stored rich text."""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags

# Where a line starts or ends: block elements (opening or closing) and line breaks.
_LINE_BOUNDARY_RE = re.compile(r"</?(?:p|li|ul|ol|h[1-6])\b[^>]*>|<br\s*/?>", re.IGNORECASE)


def paragraphs_to_richtext(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def richtext_to_text(value: str) -> str:
    """Plain text of stored rich text: one line per block element and per line break."""
    marked = _LINE_BOUNDARY_RE.sub("\n", value or "")
    text = html.unescape(strip_tags(marked))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())

"""Conversions between plain paragraphs and Wagtail's stored rich text."""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags

_BLOCK_END_RE = re.compile(r"</(p|li|h[1-6])>", re.IGNORECASE)


def paragraphs_to_richtext(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def richtext_to_text(value: str) -> str:
    """Plain text of stored rich text, one line per block element."""
    marked = _BLOCK_END_RE.sub("\n", value or "")
    text = html.unescape(strip_tags(marked))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())

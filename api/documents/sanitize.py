"""The one gate every piece of rich text passes before it leaves the API.

Editors, imports and translation providers all write HTML; clinic sites embed what
we send. Whatever was stored, only this feature set goes out: paragraphs, bold,
italic, links (http/https/mailto), lists and line breaks, no attributes but href.
A relative link (Wagtail renders a link to another page of the site as `/es/...`)
would point into the clinic's or the app's own site, so it leaves as an absolute URL
on the site's public base (`WAGTAILADMIN_BASE_URL`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import nh3
from django.conf import settings
from wagtail.rich_text import expand_db_html

from api.documents.richtext_nodes import html_to_nodes
from content.richtext import richtext_to_text

ALLOWED_TAGS = frozenset({"p", "b", "strong", "i", "em", "a", "ul", "ol", "li", "br"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Dropped along with their content, not just unwrapped: their text is code, not prose.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript"})


@dataclass(frozen=True, slots=True)
class RichText:
    """One rich-text value in its three renderings, all from the same sanitized HTML."""

    html: str
    text: str
    nodes: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"html": self.html, "text": self.text, "nodes": self.nodes}


def _absolute_links(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter; it runs after the URL-scheme check, so only allowed schemes
    and relative URLs reach it. A fragment alone (`#x`) points at an anchor the API's
    content does not carry: the link keeps only its text."""
    if tag == "a" and attribute == "href" and not urlsplit(value).scheme:
        if value.startswith("#"):
            return None
        return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", value)
    return value


def sanitize_html(value: str) -> str:
    """Stored rich text (Wagtail's db format or plain HTML) as safe HTML for partners."""
    expanded = expand_db_html(value or "")
    return nh3.clean(
        expanded,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        attribute_filter=_absolute_links,
        link_rel=None,
    ).strip()


def rich_text(value: str) -> RichText:
    safe = sanitize_html(value)
    return RichText(html=safe, text=richtext_to_text(safe), nodes=html_to_nodes(safe))


def plain_text(value: str) -> str:
    """Text fields (questions, headings) may hold markup a provider produced: strip it all."""
    return richtext_to_text(
        nh3.clean(value or "", tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))
    )

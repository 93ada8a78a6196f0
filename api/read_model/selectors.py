"""Reads of the page tree for the read model: only ever live, public, reachable content.

This is the single place the API touches Wagtail pages. Everything here runs when
content changes (from the invalidation handlers), never on the request path.
"""

from __future__ import annotations

import uuid

from wagtail.models import Page

from content.models import GuidePage
from locales.registry import get_registry


def _in_live_tree(page: Page) -> bool:
    """A live page under an unpublished ancestor is unreachable: it must not be served."""
    return not Page.objects.ancestor_of(page).filter(depth__gt=1, live=False).exists()


def live_guide_variants(guide_id: uuid.UUID | str) -> list[GuidePage]:
    """Every locale variant of a guide that a reader may see, as its LIVE revision.

    The page row can be ahead of what was reviewed (a newer draft, a moderation
    revision); the live revision is what an editor published, so that is what we read.
    """
    pages = (
        GuidePage.objects.live()
        .public()
        .filter(translation_key=guide_id, alias_of__isnull=True)
        .select_related("locale", "live_revision")
    )
    variants = []
    for page in pages:
        if get_registry().find(page.locale.language_code) is None or not _in_live_tree(page):
            continue
        variants.append(live_content(page))
    return variants


def live_content(page: GuidePage) -> GuidePage:
    if page.live_revision_id is None:
        return page
    content = page.with_content_json(page.live_revision.content)
    # Page-wide facts come from the row: when it went live, and its (cached) locale.
    content.last_published_at = page.last_published_at
    content.locale = page.locale
    return content


def source_slug(guide_id: uuid.UUID | str, fallback: str) -> str:
    """The guide's slug in the API: the source page's, so one slug works in every locale."""
    slug = (
        GuidePage.objects.filter(
            translation_key=guide_id, locale__language_code=get_registry().source.django_code
        )
        .values_list("slug", flat=True)
        .first()
    )
    return slug or fallback


def guide_ids_under(page: Page) -> set[uuid.UUID]:
    """Guides in a subtree (a moved/unpublished index page affects all of them)."""
    return set(
        GuidePage.objects.descendant_of(page, inclusive=True).values_list(
            "translation_key", flat=True
        )
    )


def all_guide_ids() -> set[uuid.UUID]:
    return set(GuidePage.objects.values_list("translation_key", flat=True))

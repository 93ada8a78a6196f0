"""The publish guard: no translated guide goes live with text a human has not approved.

It runs on `pre_save` of GuidePage (see signals.py), because every publish path in
Wagtail (admin edit view, workflow approval, `publish_scheduled`, bulk publish,
`revision.publish()`, wagtail-localize's editor) ends in `PublishRevisionAction`
saving the page row with the new live revision. Checking there, on the content about
to go live, covers paths added later too. The admin hooks in wagtail_hooks.py call
`check_publishable` earlier only to turn the refusal into a friendly message.

Every refusal is recorded in the page's history (audit.note_publish_refused); the entry is
written after the refusing transaction has rolled back, not inside it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.models import Page
from wagtail_localize.models import Translation

from . import audit
from .registry import get_registry
from .selectors import _page_strings, translation_for_page, unreviewed_content_count

# Page fields whose change can alter what a reader sees or whether they see it.
_WATCHED_FIELDS = frozenset(
    {
        "title",
        "slug",
        "seo_title",
        "search_description",
        "intro",
        "body",
        "conclusion",
        "disclaimer",
        "reviewer_name",
        "live",
        "live_revision",
        "live_revision_id",
    }
)


class UnreviewedTranslationError(PermissionDenied):
    """Publishing was refused because segments still need a reviewer."""

    def __init__(self, count: int, page: Page | None = None):
        self.count = count
        self.page = page
        what = f"“{page.title}” ({page.locale.language_code})" if page is not None else "This page"
        noun = "segment needs" if count == 1 else "segments need"
        super().__init__(
            f"{what} cannot be published: {count} {noun} review. Approve every segment on "
            "the translation review screen, then publish."
        )


def is_guarded(page: Page) -> bool:
    """Translated guides are guarded; source guides and alias pages are not."""
    from content.models import GuidePage

    if not isinstance(page, GuidePage) or page.alias_of_id:
        return False
    info = get_registry().find(page.locale.language_code)
    return info is None or not info.is_source


def check_publishable(page: Page, translation: Translation | None = None) -> None:
    """Raise UnreviewedTranslationError if `page`'s content is not fully reviewed."""
    if not is_guarded(page):
        return
    count = unreviewed_content_count(page, translation or translation_for_page(page))
    if count:
        if page.pk is not None:
            audit.note_publish_refused(page, count)
        raise UnreviewedTranslationError(count, page)


def guard_save(instance: Page, update_fields=None) -> None:
    """The pre_save check: refuse a save that would put unreviewed text in front of readers."""
    if instance.pk is None or not instance.live or not is_guarded(instance):
        return
    if update_fields is not None and not (set(update_fields) & _WATCHED_FIELDS):
        return
    stored = type(instance).objects.filter(pk=instance.pk).first()
    going_live = (
        stored is None or not stored.live or stored.live_revision_id != instance.live_revision_id
    )
    if not going_live and _page_strings(stored) == _page_strings(instance):
        return  # a save that changes nothing readers see (a move, a lock...)
    check_publishable(instance)

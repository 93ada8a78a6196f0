"""Invalidation: every event that can change what the API may serve rebuilds the read model.

A guide event rebuilds every locale variant sharing its translation_key (a republished
source changes the translations' `outdated` flag and everyone's fallback); an event on
any other page (an index unpublished, moved, restricted) rebuilds the guides beneath it.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from api.models import ApiKey
from api.read_model.rebuild import rebuild_all, rebuild_guides
from api.read_model.selectors import guide_ids_under
from content.models import GuidePage


def _page_changed(instance: Page, **kwargs) -> None:
    if isinstance(instance, GuidePage):
        rebuild_guides({instance.translation_key})
    else:
        rebuild_guides(guide_ids_under(instance))


def _page_moved(instance: Page, **kwargs) -> None:
    # Wagtail sends post_page_move with the generic Page; the subtree covers both cases.
    rebuild_guides(guide_ids_under(instance))


def _guide_deleted(instance: Page, **kwargs) -> None:
    if isinstance(instance, GuidePage):
        rebuild_guides({instance.translation_key})


def _restriction_changed(instance: PageViewRestriction, **kwargs) -> None:
    if instance.page_id and Page.objects.filter(pk=instance.page_id).exists():
        rebuild_guides(guide_ids_under(instance.page))


def _medical_review_changed(guide_ids, **kwargs) -> None:
    """A sign-off recorded, or a review date passed (clinical.signals)."""
    rebuild_guides(guide_ids)


def _key_changed(instance, **kwargs) -> None:
    from api.access.keys import key_changed

    key_changed(instance)


def _after_migrate(app_config, **kwargs) -> None:
    """Databases that held guides before this app existed get their read model at once,
    snapshots built by an older document format are rebuilt in the current one, and the
    search index catches up with its analysis."""
    from api.documents.builder import DOCUMENT_FORMAT
    from api.models import GuideSnapshot
    from api.search.indexing import refresh_search_index

    using = kwargs.get("using", "default")
    if using != "default" or app_config.label != "api":
        return
    missing = not GuideSnapshot.objects.exists() and GuidePage.objects.live().exists()
    if missing or GuideSnapshot.objects.filter(format__lt=DOCUMENT_FORMAT).exists():
        rebuild_all()
    refresh_search_index()  # entries missing (a new index) or built by an older analysis


def connect() -> None:
    from clinical.signals import medical_review_changed

    medical_review_changed.connect(_medical_review_changed, dispatch_uid="api.medical_review")
    page_published.connect(_page_changed, dispatch_uid="api.page_published")
    page_unpublished.connect(_page_changed, dispatch_uid="api.page_unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="api.post_page_move")
    post_delete.connect(_guide_deleted, sender=GuidePage, dispatch_uid="api.guide_deleted")
    post_save.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="api.restriction_saved"
    )
    post_delete.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="api.restriction_deleted"
    )
    post_save.connect(_key_changed, sender=ApiKey, dispatch_uid="api.key_saved")
    post_delete.connect(_key_changed, sender=ApiKey, dispatch_uid="api.key_deleted")
    post_migrate.connect(_after_migrate, dispatch_uid="api.post_migrate")

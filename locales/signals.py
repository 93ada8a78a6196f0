"""Signal receivers of the translation workflow, connected from LocalesConfig.ready()."""

from __future__ import annotations

from django.db.models.signals import pre_save
from wagtail.models import Page
from wagtail.signals import page_published


def _guard_guide_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    from locales.gate.guard import guard_save

    guard_save(instance, update_fields=update_fields)


def _guard_generic_page_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or type(instance) is not Page:
        return
    from locales.gate.guard import guard_generic_save

    guard_generic_save(instance, update_fields=update_fields)


def _source_published(sender, instance, **kwargs) -> None:
    """A changed source guide marks exactly its changed segments outdated everywhere."""
    from locales.gate.guard import is_guarded
    from locales.review.outdated import sync_source_after_publish

    if is_guarded(instance) or instance.alias_of_id:
        return
    sync_source_after_publish(instance)


def _translation_published(sender, instance, revision=None, **kwargs) -> None:
    """Any publish path that gets past the guard: one entry in the page's history."""
    from locales.gate.guard import is_guarded
    from locales.review.audit import log_translation_published

    if is_guarded(instance):
        log_translation_published(instance, revision)


def connect() -> None:
    from content.models import GuideIndexPage, GuidePage

    pre_save.connect(_guard_guide_save, sender=GuidePage, dispatch_uid="locales.publish_guard")
    pre_save.connect(
        _guard_guide_save, sender=GuideIndexPage, dispatch_uid="locales.publish_guard_index"
    )
    pre_save.connect(
        _guard_generic_page_save, sender=Page, dispatch_uid="locales.publish_guard_generic"
    )
    page_published.connect(
        _source_published, sender=GuidePage, dispatch_uid="locales.mark_outdated"
    )
    page_published.connect(
        _translation_published, sender=GuidePage, dispatch_uid="locales.audit_publish"
    )

"""Writes that keep Wagtail's locale data in step with the locale registry."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Locale

from locales.registry import get_registry


@dataclass
class SyncResult:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    index_pages_created: list[str] = field(default_factory=list)
    reviewer_groups: list[str] = field(default_factory=list)


@transaction.atomic
def sync_locales() -> SyncResult:
    """Create a Wagtail Locale for every configured locale, its guide-index tree and
    its "Reviewers (<code>)" group (review + publish rights on that tree only).

    Idempotent. Locales that were removed from settings are left in place: their
    pages may hold reviewed translations, and deleting them is an editor's call.
    """
    from content.models import GuideIndexPage
    from content.services import ensure_guide_index
    from locales.review.permissions import ensure_reviewer_group

    result = SyncResult()
    for info in get_registry():
        _, created = Locale.objects.get_or_create(language_code=info.django_code)
        (result.created if created else result.existing).append(info.code)

    index = ensure_guide_index()
    for info in get_registry().targets:
        locale = Locale.objects.get(language_code=info.django_code)
        if not GuideIndexPage.objects.filter(
            translation_key=index.translation_key, locale=locale
        ).exists():
            # An alias: the index holds no medical text, and Wagtail keeps it in sync.
            index.copy_for_translation(locale, alias=True)
            result.index_pages_created.append(info.code)
        result.reviewer_groups.append(ensure_reviewer_group(info.code).name)
    return result

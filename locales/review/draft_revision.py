"""Writing a translated page's draft revision from its stored segment translations.

Both the machine-draft step and the review actions write drafts this way, so it lives
below both of them: neither needs to import the other.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from wagtail.models import Page
from wagtail_localize.models import Translation


def _content(page: Page) -> dict:
    """What a revision says to readers: the page's own fields plus Page's content fields."""
    data = page.serializable_data()
    names = {"title", "slug", "seo_title", "search_description", "show_in_menus"}
    names |= {f.name for f in type(page)._meta.local_concrete_fields if not f.remote_field}
    return {name: data.get(name) for name in sorted(names)}


def save_draft_revision(
    translation: Translation, user=None, *, only_if_changed: bool = False
) -> tuple[Page, bool]:
    """Write a new draft revision of the translated page from the stored translations.

    A new page is created by wagtail-localize (not live). An existing page only gets a
    revision: its row, which is what readers are served, is left alone. With
    `only_if_changed`, no revision is written when the latest one already holds exactly
    this content (the returned page is then the stored one); the second value says
    whether the page was created.
    """
    source = translation.source
    locale = translation.target_locale
    try:
        existing = source.get_translated_instance(locale)
    except ObjectDoesNotExist:
        page, _ = source.create_or_update_translation(
            locale, user=user, publish=False, copy_parent_pages=True, fallback=True
        )
        return page, True
    instance = source.get_ephemeral_translated_instance(locale, fallback=True)
    if only_if_changed:
        latest = existing.get_latest_revision()
        if latest is not None and _content(latest.as_object()) == _content(instance):
            return existing, False
    instance.save_revision(user=user, log_action=True)
    return instance, False

"""Who may review and publish which locale, on top of Wagtail's page permissions.

A reviewer needs the `locales.review_translation` permission *and* publish permission
on the translated page, which Wagtail grants per tree: "Reviewers (es)" holds page
permissions on the Spanish guide index only, so it can review and publish Spanish
and nothing else. Publishing itself is still checked by Wagtail's own permission
policy; this module adds the review check and creates the per-locale groups.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail_localize.models import Translation

from locales.registry import LocaleInfo, get_registry

REVIEW_PERMISSION = "locales.review_translation"


def can_review(user, translation: Translation) -> bool:
    if user is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.has_perm(REVIEW_PERMISSION):
        return False
    try:
        page = translation.get_target_instance()
    except ObjectDoesNotExist:
        return False
    return page.permissions_for_user(user).can_publish()


def require_reviewer(user, translation: Translation) -> None:
    if not can_review(user, translation):
        raise PermissionDenied(
            f"You are not a reviewer for {translation.target_locale.get_display_name()}."
        )


def reviewable_locales(user) -> list[LocaleInfo]:
    """The target locales `user` reviews: publish rights on that locale's guide tree."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    from content.models import GuideIndexPage

    targets = list(get_registry().targets)
    if user is None or not user.is_active:
        return []
    if user.is_superuser:
        return targets
    if not user.has_perm(REVIEW_PERMISSION):
        return []
    allowed = set(
        PagePermissionPolicy()
        .instances_user_has_permission_for(user, "publish")
        .type(GuideIndexPage)
        .values_list("locale__language_code", flat=True)
    )
    return [info for info in targets if info.django_code in allowed]


def can_review_locale(user, code: str) -> bool:
    return any(info.code == get_registry().get(code).code for info in reviewable_locales(user))


def can_machine_translate(user, page: Page) -> bool:
    """Starting a draft writes pages in target trees, so it needs edit rights on the source."""
    if user is None or not user.is_active:
        return False
    return user.is_superuser or page.permissions_for_user(user).can_edit()


def reviewer_group_name(code: str) -> str:
    return f"Reviewers ({get_registry().get(code).code})"


def ensure_reviewer_group(code: str) -> Group:
    """Create/refresh "Reviewers (<code>)": admin access, review permission, that tree only."""
    from content.models import GuideIndexPage

    info = get_registry().get(code)
    locale = Locale.objects.get(language_code=info.django_code)
    group, _ = Group.objects.get_or_create(name=reviewer_group_name(info.code))
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="locales", codename="review_translation"),
    )
    index = GuideIndexPage.objects.filter(locale=locale).order_by("depth").first()
    if index is None:
        raise ValueError(f"No guide index exists for {info.code}; run `manage.py sync_locales`.")
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return group

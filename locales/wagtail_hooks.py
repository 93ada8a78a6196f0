"""Wagtail admin registrations for the locales app."""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from locales.gate.guard import UnreviewedTranslationError, check_publishable, is_checked, is_guarded
from locales.glossary import GlossaryTerm
from locales.registry import get_registry
from locales.review import audit  # noqa: F401  (registers the review log actions)
from locales.review.permissions import can_machine_translate, can_review, reviewable_locales
from locales.review.selectors import translation_for_page
from locales.status.dashboard import TranslationStatusPanel
from locales.views.bulk_action import MachineTranslateBulkAction


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = _("Glossary")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["source_term", "locale", "translation", "do_not_translate"]
    list_filter = ["locale", "do_not_translate"]
    search_fields = ["source_term", "translation"]


register_snippet(GlossaryTermViewSet)


# --- Translation workflow: machine-translate, review, publish guard, outdated report ----


# content asks for the registry through this hook (content/locale_hooks.py), never by import.
hooks.register("locale_registry", get_registry)


@hooks.register("register_admin_urls")
def register_translation_workflow_urls():
    from locales.views import urls

    return [path("translations/", include((urls.urlpatterns, "locales"), namespace="locales"))]


@hooks.register("register_admin_urls", order=-100)
def route_localize_machine_translate_through_pipeline():
    """Shadows wagtail-localize's own machine-translate URL (see views/localize_button.py)."""
    from locales.views.localize_button import localize_machine_translate

    return [
        path(
            "localize/translate/<int:translation_id>/machine_translate/",
            localize_machine_translate,
            name="locales_localize_machine_translate",
        )
    ]


@hooks.register("register_permissions")
def register_review_permission():
    return Permission.objects.filter(
        content_type__app_label="locales", codename="review_translation"
    )


def _translation_buttons(page, user, view_name=None, next_url=None):
    from content.models import GuidePage

    specific = page.specific_class
    if specific is None or not issubclass(specific, GuidePage) or page.alias_of_id:
        return
    page = page.specific
    if not is_guarded(page):
        if can_machine_translate(user, page):
            yield ListingButton(
                _("Machine-translate"),
                reverse("locales:machine_translate", args=[page.pk]),
                priority=55,
                icon_name="wagtail-localize-language",
            )
        return
    translation = translation_for_page(page)
    if translation is not None and can_review(user, translation):
        yield ListingButton(
            _("Review translation"),
            reverse("locales:review", args=[translation.pk]),
            priority=55,
            icon_name="tick",
        )


hooks.register("register_page_header_buttons", _translation_buttons)
hooks.register("register_page_listing_more_buttons", _translation_buttons)


def _refuse(request, page, error: UnreviewedTranslationError):
    messages.error(request, str(error))
    translation = translation_for_page(page)
    if translation is not None:
        return redirect("locales:review", translation.pk)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_edit_page", order=-10)
def refuse_unreviewed_publish_from_editor(request, page):
    """wagtail-localize's editor publishes what its strings say: check that before it runs."""
    if request.method != "POST":
        return None
    wants_publish = "action-publish" in request.POST or request.POST.get("action") == "publish"
    if not wants_publish or not is_guarded(page.specific):
        return None
    translation = translation_for_page(page)
    if translation is None or not translation.enabled:
        return None  # Wagtail's own edit view: before_publish_page sees the posted content
    candidate = translation.source.get_ephemeral_translated_instance(
        translation.target_locale, fallback=True
    )
    try:
        check_publishable(candidate, translation)
    except UnreviewedTranslationError as error:
        return _refuse(request, page, error)
    return None


@hooks.register("before_publish_page")
def refuse_unreviewed_publish(request, page):
    try:
        check_publishable(page)  # the edit view passes the page with the posted content
    except UnreviewedTranslationError as error:
        return _refuse(request, page, error)
    return None


@hooks.register("before_bulk_action")
def refuse_unreviewed_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    for obj in objects:
        page = getattr(obj, "specific", obj)
        if not is_checked(page):
            continue
        revision = page.get_latest_revision()
        try:
            check_publishable(revision.as_object() if revision else page)
        except UnreviewedTranslationError as error:
            messages.error(request, str(error))
            return redirect(request.GET.get("next") or "wagtailadmin_explore_root")
    return None


class OutdatedTranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or request.user.has_perm("locales.review_translation")


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(reviewable_locales(request.user))


@hooks.register("register_reports_menu_item")
def register_translation_status_report():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("locales:translation_status"),
        icon_name="site",
        order=9050,
    )


@hooks.register("construct_homepage_panels")
def add_translation_status_panel(request, panels):
    if reviewable_locales(request.user):
        panels.append(TranslationStatusPanel())


hooks.register("register_bulk_action", MachineTranslateBulkAction)


@hooks.register("register_reports_menu_item")
def register_outdated_translations_report():
    return OutdatedTranslationsMenuItem(
        _("Outdated translations"),
        reverse("locales:outdated_report"),
        icon_name="warning",
        order=9100,
    )

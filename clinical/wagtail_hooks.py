"""Admin registrations: the sign-off button per guide page, the report, the panel, the log
action and the "sign off medically" permission (for group settings)."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from clinical.dashboard import MedicalReviewPanel
from clinical.models import ReviewerProfile
from clinical.services import LOG_ACTION, can_sign_off
from clinical.views.report import can_view_report


class ReviewerProfileViewSet(SnippetViewSet):
    """Display names and credentials readers see (Settings-level: snippet permissions)."""

    model = ReviewerProfile
    icon = "user"
    menu_label = gettext_lazy("Medical reviewers")
    menu_order = 310
    add_to_settings_menu = True
    list_display = ["display_name", "credentials", "user", "email_reminders"]
    search_fields = ["display_name", "credentials"]


register_snippet(ReviewerProfileViewSet)


@hooks.register("register_admin_urls")
def register_clinical_urls():
    from clinical import urls

    return [path("clinical/", include((urls.urlpatterns, "clinical"), namespace="clinical"))]


@hooks.register("register_permissions")
def register_sign_off_permission():
    return Permission.objects.filter(
        content_type__app_label="clinical", codename="sign_off_medically"
    )


@hooks.register("register_log_actions")
def register_sign_off_action(actions):
    @actions.register_action(LOG_ACTION)
    class SignOff(LogFormatter):
        label = gettext_lazy("Medical sign-off")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            try:
                who = data["reviewer"] + (
                    f", {data['credentials']}" if data.get("credentials") else ""
                )
                return _("Medically signed off by %(who)s on %(date)s (%(locale)s)") % {
                    "who": who,
                    "date": data["reviewed_on"],
                    "locale": data["locale"],
                }
            except (KeyError, TypeError):
                return str(self.label)


def _sign_off_button(page, user, view_name=None, next_url=None):
    from content.models import GuidePage

    specific = page.specific_class
    if specific is None or not issubclass(specific, GuidePage) or page.alias_of_id:
        return
    if can_sign_off(user):
        yield ListingButton(
            _("Medical sign-off"),
            reverse("clinical:sign_off", args=[page.pk]),
            priority=60,
            icon_name="doc-full-inverse",
            attrs={"data-testid": "medical-sign-off-button"},
        )


hooks.register("register_page_header_buttons", _sign_off_button)
hooks.register("register_page_listing_more_buttons", _sign_off_button)


class MedicalReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_report(request.user)


@hooks.register("register_reports_menu_item")
def register_medical_review_report():
    # Lazy: Wagtail builds its menu items once, then renders them in each user's language.
    return MedicalReviewMenuItem(
        gettext_lazy("Medical review"),
        reverse("clinical:report"),
        name="medical-review",
        icon_name="doc-full-inverse",
        order=9060,
    )


@hooks.register("construct_homepage_panels")
def add_medical_review_panel(request, panels):
    if can_view_report(request.user):
        panels.append(MedicalReviewPanel())

"""Wagtail admin registrations: the security screens, their menu entries, log actions."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter

from accounts.views.lockouts import can_unlock


@hooks.register("register_admin_urls")
def register_security_urls():
    from accounts import urls

    return [path("security/", include((urls.urlpatterns, "accounts"), namespace="accounts"))]


@hooks.register("register_permissions")
def register_unlock_permission():
    """ "Can delete access attempt" = may unlock sign-ins (grant it in Settings → Groups)."""
    return Permission.objects.filter(
        content_type__app_label="axes", codename="delete_accessattempt"
    )


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_unlock(request.user)


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return LockoutsMenuItem(
        _("Sign-in lockouts"),
        reverse("accounts:lockouts"),
        name="sign-in-lockouts",
        icon_name="lock",
        order=650,
    )


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse("accounts:two_factor"),
        "label": _("Two-factor authentication"),
        "help_text": _("Set up an authenticator app, or make new backup codes."),
    }


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if request_user.is_superuser:
        yield Button(
            _("Two-factor sign-in"),
            reverse("accounts:two_factor_reset", args=[user.pk]),
            icon_name="lock",
            priority=60,
        )


@hooks.register("construct_main_menu")
def hide_menu_until_verified(request, menu_items):
    """Until the second factor is given, the menu would only lead back to this screen
    (accounts.middleware decided that for this request)."""
    if getattr(request, "second_factor_due", False):
        menu_items.clear()


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    @actions.register_action("accounts.reset_two_factor")
    class ResetTwoFactor(LogFormatter):
        label = "Reset two-factor sign-in"

        def format_message(self, log_entry):
            return f"Two-factor sign-in reset ({log_entry.data.get('removed', 0)} devices removed)"

"""Where the admin asks for the second factor.

After the password, a person who has an authenticator must type a code before any other
admin page; a person who must have one (everyone who can publish or approve anything:
accounts.two_factor.second_factor_state) and has none is sent to enrolment. Sign-in,
sign-out, the 2FA screens themselves and the admin's static helpers (icon sprite,
translation catalogue) stay reachable.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve, reverse

from accounts.two_factor import second_factor_state

ADMIN_PREFIX = "/admin/"
OPEN_URL_NAMES = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
    }
)


def _url_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        redirect = self.second_factor_redirect(request)
        return redirect or self.get_response(request)

    @staticmethod
    def second_factor_redirect(request: HttpRequest) -> HttpResponse | None:
        if not request.path_info.startswith(ADMIN_PREFIX):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        state = second_factor_state(user)  # one query
        if state.enrolled:
            target = "accounts:two_factor_verify"
        elif state.required:
            target = "accounts:two_factor_setup"
        else:
            return None
        # Read by the admin menu hook (accounts.wagtail_hooks): decided once per request.
        request.second_factor_due = True
        if _url_name(request.path_info) in OPEN_URL_NAMES:
            return None
        return redirect_to_login(request.get_full_path(), login_url=reverse(target))

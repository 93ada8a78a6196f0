"""The two-factor screens: type a code, enrol an authenticator, backup codes, an
administrator's reset of someone else's second factor."""

from __future__ import annotations

from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import two_factor
from accounts.two_factor import TwoFactorError


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy(
            "The 6-digit code your authenticator app shows now, or one of your backup codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _signed_in_with(request, device) -> None:
    otp_login(request, device)
    request.session.cycle_key()  # a new session id for the fully signed-in session


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    user = request.user
    if user.is_verified() or not two_factor.has_second_factor(user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.verify(user, form.cleaned_data["code"])
        except TwoFactorError as exc:
            form.add_error("code", str(exc))
        else:
            _signed_in_with(request, device)
            if isinstance(device, StaticDevice):
                left = two_factor.backup_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a backup code; %(count)s left. Make new ones under "
                        "Account → Two-factor authentication if you are running low.",
                        "You used a backup code; %(count)s left. Make new ones under "
                        "Account → Two-factor authentication if you are running low.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(_next_url(request))
    return TemplateResponse(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next_url(request), "page_title": _("Two-factor sign-in")},
    )


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
def setup(request):
    user = request.user
    if two_factor.has_second_factor(user):
        target = "accounts:two_factor" if user.is_verified() else "accounts:two_factor_verify"
        return redirect(target)
    device = two_factor.pending_authenticator(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = two_factor.confirm_authenticator(user, form.cleaned_data["code"])
        except TwoFactorError as exc:
            form.add_error("code", str(exc))
        else:
            _signed_in_with(request, enrolment.device)
            return _backup_codes_page(request, enrolment.backup_codes, next_url=_next_url(request))
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return TemplateResponse(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": mark_safe(qr),  # segno's own SVG; the URL in it is ours
            "secret": _grouped(b32encode(device.bin_key).decode()),
            "required": two_factor.requires_two_factor(user),
            "next": _next_url(request),
            "page_title": _("Set up two-factor sign-in"),
        },
    )


def _backup_codes_page(request, codes: list[str], *, next_url: str):
    return TemplateResponse(
        request,
        "accounts/two_factor_backup_codes.html",
        {"codes": codes, "next": next_url, "page_title": _("Your backup codes")},
    )


@never_cache
def status(request):
    user = request.user
    return TemplateResponse(
        request,
        "accounts/two_factor_status.html",
        {
            "enrolled": two_factor.has_second_factor(user),
            "required": two_factor.requires_two_factor(user),
            "codes_left": two_factor.backup_codes_left(user),
            "page_title": _("Two-factor authentication"),
        },
    )


@require_POST
def new_backup_codes(request):
    if not two_factor.has_second_factor(request.user):
        return redirect("accounts:two_factor_setup")
    codes = two_factor.new_backup_codes(request.user)
    return _backup_codes_page(request, codes, next_url=reverse("accounts:two_factor"))


@require_POST
def remove_own(request):
    two_factor.reset_two_factor(request.user, by=request.user)
    messages.success(request, _("Your authenticator app and backup codes were removed."))
    return redirect("accounts:two_factor")


def _require_superuser(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


@never_cache
def reset_for_user(request, user_id: int):
    """An administrator removes another person's second factor (lost phone, used-up codes)."""
    _require_superuser(request)
    person = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        removed = two_factor.reset_two_factor(person, by=request.user)
        messages.success(
            request,
            ngettext(
                "Two-factor sign-in of %(username)s was reset (%(count)s device removed); "
                "they set it up again at their next sign-in.",
                "Two-factor sign-in of %(username)s was reset (%(count)s devices removed); "
                "they set it up again at their next sign-in.",
                removed,
            )
            % {"username": person.get_username(), "count": removed},
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "accounts/two_factor_reset.html",
        {
            "person": person,
            "enrolled": two_factor.has_second_factor(person),
            "required": two_factor.requires_two_factor(person),
            "codes_left": two_factor.backup_codes_left(person),
            "page_title": _("Two-factor sign-in of %(username)s")
            % {"username": person.get_username()},
        },
    )

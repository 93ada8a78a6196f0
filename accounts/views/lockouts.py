"""Settings → Sign-in lockouts: who is failing to sign in from where, and unlock."""

from __future__ import annotations

import ipaddress

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.lockout import cooloff_minutes, failed_sign_ins, unlock

UNLOCK_PERMISSION = "axes.delete_accessattempt"


def can_unlock(user) -> bool:
    return user.is_active and user.has_perm(UNLOCK_PERMISSION)


def _require(request) -> None:
    if not can_unlock(request.user):
        raise PermissionDenied


class UnlockForm(forms.Form):
    """What an Unlock button posts, checked before axes sees it.

    An address that is not one made PostgreSQL refuse the query (a 500), and a NUL in
    either field too; a blank username made axes delete the failures of every account.
    So: one account (required, taken as typed, as axes stored it), and optionally one
    address, normalised as `accounts.lockout.client_ip` stores addresses.
    """

    username = forms.CharField(
        max_length=255,  # AccessAttempt.username
        strip=False,
        error_messages={
            "required": gettext_lazy("say which account to unlock (no username was sent).")
        },
    )
    ip_address = forms.CharField(max_length=64, required=False)

    def clean_ip_address(self) -> str | None:
        value = self.cleaned_data["ip_address"]
        if not value:
            return None
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            address = None
        if address is None or getattr(address, "scope_id", None):
            raise forms.ValidationError(
                _("“%(value)s” is not an IPv4 or IPv6 address.") % {"value": value}
            )
        return str(address)

    def problem(self) -> str:
        return " ".join(str(error) for errors in self.errors.values() for error in errors)


def index(request):
    _require(request)
    return TemplateResponse(
        request,
        "accounts/lockouts.html",
        {
            "rows": failed_sign_ins(),
            "limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": cooloff_minutes(),
            "page_title": _("Sign-in lockouts"),
        },
    )


@require_POST
def unlock_view(request):
    _require(request)
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Nothing was unlocked: %(problem)s") % {"problem": form.problem()}
        )
        return redirect("accounts:lockouts")
    username = form.cleaned_data["username"]
    address = form.cleaned_data["ip_address"]
    count = unlock(username, address, by=request.user)
    names = {"username": username, "address": address}
    if count and address:
        text = _("Unlocked %(username)s from %(address)s: they can sign in again now.")
    elif count:
        text = _("Unlocked %(username)s: they can sign in again now.")
    elif address:
        text = _("Nothing to unlock for %(username)s from %(address)s.")
    else:
        text = _("Nothing to unlock for %(username)s.")
    (messages.success if count else messages.warning)(request, text % names)
    return redirect("accounts:lockouts")

"""Settings → Sign-in lockouts: who is failing to sign in from where, and unlock."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from ..lockout import cooloff_minutes, failed_sign_ins, unlock

UNLOCK_PERMISSION = "axes.delete_accessattempt"


def can_unlock(user) -> bool:
    return user.is_active and user.has_perm(UNLOCK_PERMISSION)


def _require(request) -> None:
    if not can_unlock(request.user):
        raise PermissionDenied


def index(request):
    _require(request)
    return TemplateResponse(
        request,
        "accounts/lockouts.html",
        {
            "rows": failed_sign_ins(),
            "limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": cooloff_minutes(),
            "page_title": "Sign-in lockouts",
        },
    )


@require_POST
def unlock_view(request):
    _require(request)
    username = request.POST.get("username", "")
    address = request.POST.get("ip_address") or None
    count = unlock(username, address, by=request.user)
    where = f" from {address}" if address else ""
    if count:
        messages.success(request, f"Unlocked {username}{where}: they can sign in again now.")
    else:
        messages.warning(request, f"Nothing to unlock for {username}{where}.")
    return redirect("accounts:lockouts")

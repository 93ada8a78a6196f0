"""Sign-in throttling on django-axes: whose address counts, what a locked-out person sees,
what the log says, and the reads and writes behind Settings → Sign-in lockouts.

Axes counts failed sign-ins as rows in the database (so every app process shares them) per
(username, client address), refuses the right password too once AXES_FAILURE_LIMIT is
reached, and forgets the failures after AXES_COOLOFF_TIME. This module only decides the
parts axes leaves to the project.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Sum
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import ngettext
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger("accounts.security")


def client_ip(request: HttpRequest) -> str | None:
    """The client address failures are counted for (AXES_CLIENT_IP_CALLABLE).

    The API throttles' own rule (DRF's `get_ident` with API_NUM_PROXIES): with no proxy in
    front, X-Forwarded-For is ignored; behind N proxies, the address the nearest one saw.
    Anything that is not an IP address falls back to the socket's peer.
    """
    ident = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(ident))
    except ValueError:
        return request.META.get("REMOTE_ADDR")


def cooloff() -> timedelta:
    return settings.AXES_COOLOFF_TIME


def cooloff_minutes() -> int:
    """The cool-off as people are told it, in whole minutes (at least one)."""
    return max(1, round(cooloff().total_seconds() / 60))


def lockout_message() -> str:
    minutes = cooloff_minutes()
    return ngettext(
        "Too many failed sign-in attempts: this account is locked for your address for "
        "%(minutes)s minute. Wait, or ask an administrator to unlock it "
        "(Settings → Sign-in lockouts).",
        "Too many failed sign-in attempts: this account is locked for your address for "
        "%(minutes)s minutes. Wait, or ask an administrator to unlock it "
        "(Settings → Sign-in lockouts).",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the sign-in page again, saying why, with status 429.

    Axes makes `authenticate()` fail for a locked-out client, so the login view answered
    "wrong password"; the form is shown again with the lockout message instead.
    """
    message = lockout_message()
    context = getattr(original_response, "context_data", None)
    form = (context or {}).get("form")
    if isinstance(original_response, TemplateResponse) and form is not None:
        form._errors = ErrorDict({"__all__": form.error_class([message], error_class="nonfield")})
        response = TemplateResponse(request, original_response.template_name, context, status=429)
        return response.render()
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)


# --- Log lines (JSON in production: cms/jsonlog.py) ------------------------------------


def _log_failure(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    if request is None:
        return
    logger.warning(
        "sign-in failed",
        extra={
            "event": "login_failed",
            "username": credentials.get("username", ""),
            "client_ip": getattr(request, "axes_ip_address", None) or client_ip(request),
            "failures": getattr(request, "axes_failures_since_start", None),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "path": request.path,
        },
    )


def _log_lockout(sender, request: HttpRequest, username: str, ip_address: str, **kwargs) -> None:
    logger.warning(
        "sign-in locked out",
        extra={
            "event": "login_locked_out",
            "username": username,
            "client_ip": ip_address,
            "cooloff_seconds": int(cooloff().total_seconds()),
        },
    )


def connect() -> None:
    # After axes' own receiver (axes is earlier in INSTALLED_APPS), so the count is known.
    user_login_failed.connect(_log_failure, dispatch_uid="accounts.log_login_failed")
    user_locked_out.connect(_log_lockout, dispatch_uid="accounts.log_locked_out")


# --- The admin screen: who failed, who is locked, unlock ---------------------------------


@dataclass(frozen=True)
class FailedSignIns:
    username: str
    ip_address: str
    failures: int
    last_attempt: datetime

    @property
    def locked(self) -> bool:
        return self.failures >= settings.AXES_FAILURE_LIMIT

    @property
    def unlocks_at(self) -> datetime:
        return self.last_attempt + cooloff()


def failed_sign_ins() -> list[FailedSignIns]:
    """Failures still counted (within the cool-off), per account and address, newest first."""
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cooloff())
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .order_by("-last_attempt")
    )
    return [
        FailedSignIns(
            username=row["username"] or "",
            ip_address=row["ip_address"] or "",
            failures=row["failures"],
            last_attempt=row["last_attempt"],
        )
        for row in rows
    ]


def unlock(username: str, ip_address: str | None, by) -> int:
    """Forget the failures of `username` (from `ip_address`, or from everywhere if None)."""
    count = reset(ip=ip_address or None, username=username)
    logger.warning(
        "sign-in unlocked",
        extra={
            "event": "login_unlocked",
            "username": username,
            "client_ip": ip_address,
            "by": by.get_username() if by is not None else None,
            "attempts_removed": count,
        },
    )
    return count

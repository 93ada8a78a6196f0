"""Two-factor sign-in to the admin on django-otp: who must use it, enrolment, verification,
backup codes and an administrator's reset.

A person's second factor is an authenticator app (a TOTPDevice) plus ten single-use backup
codes (a StaticDevice). Verification is remembered in the session by django-otp
(`request.user.is_verified()`); accounts/middleware.py decides where it is asked for.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from fnmatch import fnmatchcase

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django_otp.models import Device, VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log
from wagtail.models import GroupApprovalTask, GroupPagePermission

logger = logging.getLogger("accounts.security")

AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10


class TwoFactorError(ValueError):
    """A code that cannot be accepted, with a message for the person typing it."""


@dataclass(frozen=True, slots=True)
class SecondFactorState:
    enrolled: bool  # a confirmed authenticator app
    required: bool  # may not use the admin without one (requires_two_factor)


def second_factor_state(user) -> SecondFactorState:
    """Enrolled? Required? In one query whatever the user's groups and permissions.

    With ADMIN_2FA=required a second factor is required of everyone who can publish or
    approve anything, decided from permissions, not group names:

    * superusers;
    * page publish permission anywhere, through any group (Wagtail's Moderators, Editors
      given publish, "Reviewers (xx)");
    * any model "publish_…" permission, through a group or the user (publishable
      snippets), `locales.review_translation` (approve machine translations) and
      `clinical.sign_off_medically` (attest a guide's medical review);
    * membership of a group assigned to an active group approval task (workflows);
    * membership of a group matching ADMIN_2FA_GROUPS (shell-style patterns).

    The admin middleware asks this once per request of a signed-in, unverified person:
    one query (the EXISTS flags ride on a join to the user's groups, one row per group).
    """
    if not user.is_authenticated:
        return SecondFactorState(enrolled=False, required=False)
    person = (
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .annotate(enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
    )
    if settings.ADMIN_2FA != "required" or user.is_superuser:
        enrolled = bool(person.values_list("enrolled", flat=True).first())
        return SecondFactorState(enrolled, required=settings.ADMIN_2FA == "required")
    grants = Permission.objects.filter(
        Q(codename__startswith="publish_")
        | Q(content_type__app_label="locales", codename="review_translation")
        | Q(content_type__app_label="clinical", codename="sign_off_medically")
    )
    rows = list(
        person.annotate(
            publishes_pages=Exists(
                GroupPagePermission.objects.filter(
                    group__user=OuterRef("pk"), permission__codename__startswith="publish_"
                )
            ),
            group_permission=Exists(grants.filter(group__user=OuterRef("pk"))),
            own_permission=Exists(grants.filter(user=OuterRef("pk"))),
            approves_tasks=Exists(
                GroupApprovalTask.objects.filter(active=True, groups__user=OuterRef("pk"))
            ),
        ).values_list(
            "enrolled",
            "publishes_pages",
            "group_permission",
            "own_permission",
            "approves_tasks",
            "groups__name",
        )
    )
    if not rows:  # the account is gone
        return SecondFactorState(enrolled=False, required=False)
    enrolled, *granted, _ = rows[0]
    patterns = settings.ADMIN_2FA_GROUPS
    in_pattern_group = any(
        name is not None and fnmatchcase(name, pattern) for *_, name in rows for pattern in patterns
    )
    return SecondFactorState(enrolled=bool(enrolled), required=any(granted) or in_pattern_group)


def requires_two_factor(user) -> bool:
    """True if `user` may not use the admin without a second factor (ADMIN_2FA=required)."""
    if settings.ADMIN_2FA != "required" or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return second_factor_state(user).required


def has_second_factor(user) -> bool:
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_authenticator(user) -> TOTPDevice:
    """The unconfirmed device being enrolled: the same key until confirmed, so reloading
    the enrolment page does not invalidate a QR code already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    backup_codes: list[str]


@transaction.atomic
def confirm_authenticator(user, code: str) -> Enrolment:
    """Confirm the pending device with a code it produced; issue fresh backup codes."""
    if has_second_factor(user):
        raise TwoFactorError(_("An authenticator app is already set up for this account."))
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("-pk")
        .first()
    )
    if device is None:
        raise TwoFactorError(_("Start the set-up again: no authenticator is waiting for a code."))
    if not device.verify_token(_clean(code)):
        raise TwoFactorError(
            "That code is not right. Check the app shows this account and the device clock "
            "is correct, then type the current 6-digit code."
        )
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = new_backup_codes(user)
    logger.info(
        "second factor enrolled", extra={"event": "otp_enrolled", "username": user.get_username()}
    )
    return Enrolment(device, codes)


@transaction.atomic
def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with BACKUP_CODE_COUNT new ones (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _clean(code: str) -> str:
    return "".join((code or "").split()).lower()


def verify(user, code: str) -> Device:
    """The device that accepts `code` (a current app code or an unused backup code).

    Each device throttles wrong codes itself (django-otp: waits that double per failure);
    TwoFactorError says how long to wait, or that the code was wrong.
    """
    code = _clean(code)
    model = TOTPDevice if code.isdigit() and len(code) in {6, 8} else StaticDevice
    with transaction.atomic():
        devices = model.objects.select_for_update().filter(user=user, confirmed=True)
        for device in devices:
            allowed, extra = device.verify_is_allowed()
            if not allowed:
                raise TwoFactorError(_throttled_message(extra))
            if device.verify_token(code):
                return device
    logger.warning(
        "second factor failed",
        extra={"event": "otp_failed", "username": user.get_username(), "kind": model.__name__},
    )
    raise TwoFactorError(
        _("That code is not right. Type the current code from your app, or a backup code.")
    )


def _throttled_message(extra: dict) -> str:
    if extra.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return _(
            "Too many wrong codes (%(count)s). Wait a little and try again; each wrong code "
            "doubles the wait."
        ) % {"count": extra.get("failure_count")}
    return _("Codes cannot be checked for this account right now; try again shortly.")


@transaction.atomic
def reset_two_factor(user, by=None) -> int:
    """Remove `user`'s authenticator and backup codes (a lost phone); returns devices removed.

    Whoever was signed in with them must verify again; if the account requires a second
    factor, the next admin page they open is the enrolment page.
    """
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        devices = model.objects.filter(user=user)
        removed += devices.count()
        devices.delete()
    log(instance=user, action="accounts.reset_two_factor", user=by, data={"removed": removed})
    logger.warning(
        "second factor reset",
        extra={
            "event": "otp_reset",
            "username": user.get_username(),
            "by": by.get_username() if by is not None else None,
        },
    )
    return removed

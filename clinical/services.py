"""Recording a medical sign-off: the one writer of MedicalSignOff (command, admin, demo).

Refuses what a clinical record must not say: a reviewer who is unknown, inactive or does
not hold "sign off medically", a date in the future, a date before the sign-off already in
force (a later date replaces the current sign-off; earlier ones are history, not news).
Every sign-off is a `clinical.sign_off` entry in Wagtail's log (the page's history and
Reports → Site history) and, in the same transaction, tells the API to rebuild the guide.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from clinical.models import MedicalSignOff, ReviewerProfile
from clinical.selectors import current_sign_off, today
from clinical.signals import medical_review_changed
from clinical.text import text_hash

PERMISSION = "clinical.sign_off_medically"
LOG_ACTION = "clinical.sign_off"


class SignOffRefused(PermissionDenied):
    """The sign-off was not recorded; the message says why, for a person to read."""


def can_sign_off(user) -> bool:
    return bool(user and user.is_active and user.has_perm(PERMISSION))


def find_reviewer(username: str):
    """The user named `username`, or SignOffRefused if there is none or they may not sign off."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise SignOffRefused(_("There is no user “%(name)s”.") % {"name": username})
    if not can_sign_off(user):
        raise SignOffRefused(
            _("%(name)s may not sign off guides medically (they need the “%(perm)s” permission).")
            % {"name": username, "perm": _("Can sign off guides medically")}
        )
    return user


def reviewer_identity(user, credentials: str | None = None) -> tuple[str, str]:
    """(display name, credentials): the profile's, else the account's full name."""
    profile = ReviewerProfile.objects.filter(user=user).first()
    name = (profile.display_name if profile else "") or user.get_full_name() or user.get_username()
    if credentials is None:
        credentials = profile.credentials if profile else ""
    return name, credentials.strip()


def record_sign_off(
    page,
    reviewer,
    *,
    reviewed_on: datetime.date | None = None,
    credentials: str | None = None,
    notes: str = "",
    evidence: str = "",
    recorded_by=None,
) -> MedicalSignOff:
    """Sign `page` off (its latest revision, in its own locale) for `reviewer`.

    `credentials` overrides the profile's for this record (and is kept on the profile as
    the reviewer's current credentials)."""
    if not can_sign_off(reviewer):
        raise SignOffRefused(
            _("%(name)s may not sign off guides medically.") % {"name": reviewer.get_username()}
        )
    reviewed_on = reviewed_on or today()
    if reviewed_on > today():
        raise SignOffRefused(
            _("A review date cannot be in the future (%(date)s).") % {"date": reviewed_on}
        )
    current = current_sign_off(page.translation_key, page.locale_id)
    if current is not None and reviewed_on < current.reviewed_on:
        raise SignOffRefused(
            _("A sign-off dated %(date)s is already in force; a new one cannot be dated earlier.")
            % {"date": current.reviewed_on}
        )
    name, credentials = reviewer_identity(reviewer, credentials)
    # The page's latest revision as stored now (a caller's page object may be stale).
    revision = type(page).objects.get(pk=page.pk).get_latest_revision()
    reviewed = revision.as_object() if revision is not None else page
    with transaction.atomic():
        if credentials:
            ReviewerProfile.objects.update_or_create(
                user=reviewer, defaults={"display_name": name, "credentials": credentials}
            )
        sign_off = MedicalSignOff.objects.create(
            translation_key=page.translation_key,
            locale_id=page.locale_id,
            page=page,
            revision=revision,
            content_hash=text_hash(reviewed),
            reviewer=reviewer,
            reviewer_name=name,
            credentials=credentials,
            reviewed_on=reviewed_on,
            notes=notes.strip(),
            evidence=evidence.strip(),
            recorded_by=recorded_by or reviewer,
        )
        log(
            instance=page,
            action=LOG_ACTION,
            user=recorded_by or reviewer,
            revision=revision,
            data={
                "reviewer": name,
                "credentials": credentials,
                "reviewed_on": reviewed_on.isoformat(),
                "locale": page.locale.language_code,
                "revision": revision.pk if revision else None,
                "sign_off": sign_off.pk,
            },
        )
        announce({page.translation_key})
    return sign_off


def announce(guide_ids: set) -> None:
    """Tell the layers above (the API) now, inside the caller's transaction, as Wagtail's
    page_published does: the rebuilt documents commit, or roll back, with the sign-off."""
    medical_review_changed.send(sender=MedicalSignOff, guide_ids={str(g) for g in guide_ids})

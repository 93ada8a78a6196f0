"""Reminder e-mails to reviewers before a guide's review falls due, and overdue notices.

Run once a day (clinical.tasks.send_review_reminders, enqueued by the
`medical_review_reminders` command from cron or a scheduler). A reviewer is mailed about a
guide x locale they signed off on the day it is MEDICAL_REVIEW_DUE_SOON_DAYS from due, 7
days from due and on the day it falls due: a daily run sends each reminder once without
keeping state. The same run tells the API about guides whose review fell due yesterday so
their documents say `overdue` (documents are built on change, not per request).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clinical.models import MedicalSignOff
from clinical.selectors import today
from clinical.states import decide, default_interval, due_soon_days

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Reminder:
    sign_off: MedicalSignOff
    due: datetime.date
    days_left: int


def _current_sign_offs():
    from clinical.selectors import current_sign_offs as current

    keys = list(MedicalSignOff.objects.values_list("translation_key", flat=True).distinct())
    locale_ids = list(MedicalSignOff.objects.values_list("locale_id", flat=True).distinct())
    return current(keys, locale_ids).values()


def _intervals(keys) -> dict:
    from content.models import GuidePage

    return dict(
        GuidePage.objects.filter(
            translation_key__in=keys, medical_review_interval_days__isnull=False
        ).values_list("translation_key", "medical_review_interval_days")
    )


def due_reminders(on: datetime.date | None = None) -> tuple[list[Reminder], set]:
    """(reminders to send today, guide ids whose review fell due yesterday)."""
    on = on or today()
    sign_offs = list(_current_sign_offs())
    intervals = _intervals({s.translation_key for s in sign_offs})
    marks = {due_soon_days(), 7, 0}
    reminders, newly_overdue = [], set()
    for sign_off in sign_offs:
        status = decide(
            sign_off,
            interval_days=intervals.get(sign_off.translation_key) or default_interval(),
            live_hash=None,
            today=on,
        )
        days_left = (status.next_due - on).days
        if days_left in marks:
            reminders.append(Reminder(sign_off, status.next_due, days_left))
        if days_left == -1:
            newly_overdue.add(sign_off.translation_key)
    return reminders, newly_overdue


def _message(reminder: Reminder) -> EmailMessage | None:
    sign_off = reminder.sign_off
    reviewer = sign_off.reviewer
    profile = getattr(reviewer, "reviewer_profile", None) if reviewer else None
    if reviewer is None or not reviewer.is_active or not reviewer.email:
        return None
    if profile is not None and not profile.email_reminders:
        return None
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    link = base + reverse("clinical:sign_off", args=[sign_off.page_id]) if sign_off.page_id else ""
    # In the reviewer's admin language (Account → Preferences), as Wagtail's own
    # notifications are.
    with translation.override(_admin_language(reviewer)):
        subject, body = _words(reminder, link)
    return EmailMessage(subject=subject, body=body, to=[reviewer.email])


def _admin_language(user) -> str:
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is not None:
        return profile.get_preferred_language()
    return settings.LANGUAGE_CODE


def _words(reminder: Reminder, link: str) -> tuple[str, str]:
    """The reminder's subject and body in the active language: whole sentences, one per
    case ("today", "in N days") so each language has its own word order and plurals."""
    sign_off = reminder.sign_off
    values = {
        "title": sign_off.page.title if sign_off.page else str(sign_off.translation_key),
        "locale": sign_off.locale.language_code,
        "date": f"{sign_off.reviewed_on:%Y-%m-%d}",
        "due": f"{reminder.due:%Y-%m-%d}",
        "count": reminder.days_left,
    }
    if reminder.days_left == 0:
        subject = _("[%(locale)s] Medical review due today: %(title)s") % values
        due = (
            _(
                "You signed off “%(title)s” (%(locale)s) on %(date)s. Its next medical review "
                "is due on %(due)s (today)."
            )
            % values
        )
    else:
        subject = (
            ngettext(
                "[%(locale)s] Medical review due in %(count)s day: %(title)s",
                "[%(locale)s] Medical review due in %(count)s days: %(title)s",
                reminder.days_left,
            )
            % values
        )
        due = (
            ngettext(
                "You signed off “%(title)s” (%(locale)s) on %(date)s. Its next medical review "
                "is due on %(due)s (in %(count)s day).",
                "You signed off “%(title)s” (%(locale)s) on %(date)s. Its next medical review "
                "is due on %(due)s (in %(count)s days).",
                reminder.days_left,
            )
            % values
        )
    action = _("Review the current text and record a new sign-off here:")
    return subject, f"{due}\n\n{action}\n{link}\n"


def send_reminders(on: datetime.date | None = None) -> int:
    """Send today's reminders; returns how many messages went out."""
    from clinical.services import announce

    reminders, newly_overdue = due_reminders(on)
    sent = 0
    for reminder in reminders:
        message = _message(reminder)
        if message is None:
            continue
        try:
            sent += message.send()
        except Exception:  # one bad address or a mail outage must not stop the rest
            logger.exception("Could not send a medical review reminder to %s", message.to)
    if newly_overdue:
        announce(newly_overdue)
    return sent

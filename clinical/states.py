"""The states of a guide's medical review in one locale, decided from plain facts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ReviewState:
    """In the order the report lists them (most urgent first)."""

    NEVER = "never"
    CHANGED = "changed"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    SIGNED = "signed"

    labels = {
        NEVER: _("Never signed off"),
        CHANGED: _("Changed since review"),
        OVERDUE: _("Overdue"),
        DUE_SOON: _("Due soon"),
        SIGNED: _("Signed off"),
    }

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(key, str(label)) for key, label in cls.labels.items()]

    @classmethod
    def counted(cls, state: str, count: int) -> str:
        """How many language versions of guides are in `state` ("3 overdue", the dashboard
        panel): a whole message per state, so each language has its own plural forms."""
        # Translators: the admin home's Medical review panel, e.g. "3 overdue": a number of
        # language versions of guides in this sign-off state.
        messages = {
            cls.NEVER: ngettext("%(count)s never signed off", "%(count)s never signed off", count),
            cls.CHANGED: ngettext(
                "%(count)s changed since review", "%(count)s changed since review", count
            ),
            cls.OVERDUE: ngettext("%(count)s overdue", "%(count)s overdue", count),
            cls.DUE_SOON: ngettext("%(count)s due soon", "%(count)s due soon", count),
            cls.SIGNED: ngettext("%(count)s signed off", "%(count)s signed off", count),
        }
        return messages[state] % {"count": count}


def default_interval() -> int:
    return int(getattr(settings, "MEDICAL_REVIEW_INTERVAL_DAYS", 365))


def due_soon_days() -> int:
    return int(getattr(settings, "MEDICAL_REVIEW_DUE_SOON_DAYS", 30))


@dataclass(frozen=True, slots=True)
class ReviewStatus:
    """Where one guide stands in one locale. `sign_off` is the current MedicalSignOff."""

    sign_off: object | None
    next_due: datetime.date | None
    overdue: bool
    changed: bool
    state: str

    @property
    def label(self) -> str:
        return str(ReviewState.labels[self.state])


def decide(
    sign_off,
    *,
    interval_days: int | None,
    live_hash: str | None,
    today: datetime.date,
) -> ReviewStatus:
    """The status from the current sign-off, the guide's interval and the live text's hash.

    Changed since review: the live text is not the text that was signed off (a publish
    after the sign-off changed its wording). Overdue: past the due date. Due soon: within
    MEDICAL_REVIEW_DUE_SOON_DAYS of it."""
    if sign_off is None:
        return ReviewStatus(None, None, False, False, ReviewState.NEVER)
    next_due = sign_off.reviewed_on + datetime.timedelta(days=interval_days or default_interval())
    overdue = today > next_due
    changed = bool(live_hash and sign_off.content_hash and live_hash != sign_off.content_hash)
    if changed:
        state = ReviewState.CHANGED
    elif overdue:
        state = ReviewState.OVERDUE
    elif (next_due - today).days <= due_soon_days():
        state = ReviewState.DUE_SOON
    else:
        state = ReviewState.SIGNED
    return ReviewStatus(sign_off, next_due, overdue, changed, state)

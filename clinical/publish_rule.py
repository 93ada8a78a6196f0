"""MEDICAL_REVIEW_REQUIRED: a current sign-off as a condition of publishing a locale.

Off by default. When on, a guide in any locale goes live only with a sign-off of that
locale that is not overdue and whose signed text is the text about to go live. The
publish guard (locales/gate/guard.py) asks `sign_off_refusal` on every path a page goes live
and refuses with this message, as it refuses unreviewed translations.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from clinical.selectors import current_sign_off, today
from clinical.states import decide
from clinical.text import text_hash


def required() -> bool:
    return bool(getattr(settings, "MEDICAL_REVIEW_REQUIRED", False))


def sign_off_refusal(page) -> str | None:
    """Why `page` (the content about to go live) may not be published, or None."""
    from content.models import GuidePage

    if not required() or not isinstance(page, GuidePage) or page.alias_of_id:
        return None
    what = {"title": page.title, "locale": page.locale.language_code}
    sign_off = current_sign_off(page.translation_key, page.locale_id)
    if sign_off is None:
        return (
            _(
                "“%(title)s” (%(locale)s) cannot be published: no clinician has signed off this "
                "language version, and a current medical sign-off is required. Record a sign-off "
                "(Medical sign-off on the page) first."
            )
            % what
        )
    status = decide(
        sign_off,
        interval_days=page.medical_review_interval_days,
        live_hash=text_hash(page),
        today=today(),
    )
    if status.changed:
        return _(
            "“%(title)s” (%(locale)s) cannot be published: its text differs from the version "
            "%(name)s signed off on %(date)s, and a current medical sign-off is required. Ask "
            "a clinician to sign off this version first."
        ) % {**what, "name": sign_off.reviewer_name, "date": sign_off.reviewed_on}
    if status.overdue:
        return _(
            "“%(title)s” (%(locale)s) cannot be published: its medical review was due on "
            "%(due)s, and a current medical sign-off is required. Ask a clinician to review it "
            "again first."
        ) % {**what, "due": status.next_due}
    return None

"""Tell a locale's reviewers that a guide waits for them (Django's email framework).

One message per guide and locale each time a machine draft or an agency import is
ready, never one per segment: the members of "Reviewers (<code>)" (the group
`sync_locales` creates) get the guide's title and a link to the review screen. The
message is sent after the transaction that wrote the draft commits, so a rolled-back
run never announces anything, and a mail server that is down costs a log line, not the
draft (the EMAIL_URL backend is the console on the embedded default).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from wagtail_localize.models import Translation

from locales.registry import get_registry
from locales.review.permissions import reviewer_group_name

logger = logging.getLogger(__name__)

MACHINE_DRAFT = "machine draft"
AGENCY_IMPORT = "agency translation"


def reviewer_emails(code: str) -> list[str]:
    """Addresses of the active members of the locale's reviewer group, sorted."""
    users = (
        get_user_model()
        .objects.filter(groups__name=reviewer_group_name(code), is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def review_url(translation: Translation) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + reverse("locales:review", args=[translation.pk])


def send_review_notification(translation: Translation, *, kind: str) -> int:
    """Email the locale's reviewers about one guide; returns how many messages were sent."""
    info = get_registry().find(translation.target_locale.language_code)
    if info is None:
        return 0
    recipients = reviewer_emails(info.code)
    if not recipients:
        return 0
    title = translation.source.object_repr
    message = EmailMessage(
        subject=f"[{info.code}] {kind.capitalize()} ready for review: {title}",
        body=(
            f"A {kind} of “{title}” into {info.english_name} ({info.code}) is ready.\n\n"
            "Nothing is published until a reviewer approves every segment. Review it here:\n"
            f"{review_url(translation)}\n"
        ),
        to=recipients,
    )
    try:
        return message.send()
    except Exception:  # the draft is saved; a mail outage must not undo or fail it
        logger.exception("Could not email reviewers of %s about %s", info.code, title)
        return 0


def notify_reviewers_on_commit(translation: Translation, *, kind: str) -> None:
    """Send the notification once the current transaction commits (never if it rolls back)."""
    pk = translation.pk

    def send() -> None:
        fresh = Translation.objects.select_related("source", "target_locale").get(pk=pk)
        send_review_notification(fresh, kind=kind)

    transaction.on_commit(send)

"""Reviewer notification: one email per guide and locale when a machine draft is ready,
to the members of that locale's reviewer group, with the review screen's link."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from locales.machine_translation.bulk import start_bulk_machine_translation
from locales.machine_translation.drafts import create_machine_draft
from locales.review.selectors import translation_for_page
from tests.translation.test_status import small_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers(reviewer):
    people = {}
    for code, names in {"es": ["ana", "bea"], "fr": ["claire"], "de": []}.items():
        people[code] = []
        for name in names:
            user = reviewer(code, username=name)
            user.email = f"{name}@example.org"
            user.save()
            people[code].append(user.email)
    inactive = reviewer("es", username="gone")
    inactive.email, inactive.is_active = "gone@example.org", False
    inactive.save()
    return people


def test_one_message_per_guide_and_locale_to_that_locales_reviewers(
    locales, reviewers, admin_user, django_capture_on_commit_callbacks
):
    guides = [small_guide(n) for n in range(3)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        start_bulk_machine_translation(guides, ["es", "fr", "de"], user=admin_user)

    # de has no reviewer with an address: nobody to tell
    assert len(mail.outbox) == 6
    by_locale = {}
    for message in mail.outbox:
        by_locale.setdefault(message.subject[:4], []).append(message)
    assert sorted(by_locale) == ["[es]", "[fr]"]
    for message in by_locale["[es]"]:
        assert message.to == [
            "ana@example.org",
            "bea@example.org",
        ]  # one message, not one per segment
    assert {m.subject for m in by_locale["[fr]"]} == {
        f"[fr] Machine draft ready for review: Guide {n:03d}" for n in range(3)
    }
    spanish = translation_for_page(
        type(guides[0]).objects.get(
            translation_key=guides[0].translation_key, locale__language_code="es"
        )
    )
    link = "http://127.0.0.1:8000" + reverse("locales:review", args=[spanish.pk])
    assert any(link in m.body for m in by_locale["[es]"])

    # a re-run with nothing to send writes no draft and tells nobody
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        create_machine_draft(guides[0], "es", user=admin_user)
    assert mail.outbox == []


def test_nothing_is_sent_when_the_draft_rolls_back(
    demo_guide, reviewers, django_capture_on_commit_callbacks
):
    from django.db import transaction

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                create_machine_draft(demo_guide, "es")
                raise RuntimeError("later step failed")
        except RuntimeError:
            pass
    assert mail.outbox == []


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_a_mail_outage_does_not_undo_the_draft(
    demo_guide, reviewers, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"
    with django_capture_on_commit_callbacks(execute=True):
        result = create_machine_draft(demo_guide, "es")
    assert result.revision_created and translation_for_page(result.page) is not None
    assert "Could not email reviewers of es" in caplog.text

"""MEDICAL_REVIEW_REQUIRED: a current sign-off of the locale is a condition of going live."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from clinical.services import record_sign_off
from content.models import GuidePage
from locales.gate.guard import MedicalReviewRequiredError


@pytest.fixture
def required(settings):
    settings.MEDICAL_REVIEW_REQUIRED = True


def _publish_new_intro(page, text="<p>New intro.</p>"):
    draft = page.get_latest_revision_as_object()
    draft.intro = text
    return draft.save_revision()


def test_off_by_default(demo_guide):
    _publish_new_intro(demo_guide).publish()  # no sign-off, no refusal


def test_refuses_a_locale_never_signed_off_with_a_message(demo_guide, required):
    revision = _publish_new_intro(demo_guide)
    with pytest.raises(MedicalReviewRequiredError, match="no clinician has signed off"):
        revision.publish()
    assert GuidePage.objects.get(pk=demo_guide.pk).live_revision_id != revision.pk


def test_publishes_the_signed_text_and_refuses_changed_text(demo_guide, clinician, required):
    revision = _publish_new_intro(demo_guide)
    record_sign_off(demo_guide, clinician)  # signs the latest revision: the new draft
    revision.publish()
    assert GuidePage.objects.get(pk=demo_guide.pk).live_revision_id == revision.pk

    changed = _publish_new_intro(GuidePage.objects.get(pk=demo_guide.pk), "<p>Unchecked.</p>")
    with pytest.raises(MedicalReviewRequiredError, match=r"differs from the version Dr\. Ada"):
        changed.publish()


def test_refuses_when_the_review_is_overdue(demo_guide, clinician, required):
    record_sign_off(demo_guide, clinician, reviewed_on=datetime.date(2020, 1, 1))
    draft = demo_guide.get_latest_revision_as_object()
    draft.seo_title = "same medical text"
    with pytest.raises(MedicalReviewRequiredError, match="was due on 2020-12-31"):
        draft.save_revision().publish()


def test_a_translation_needs_its_own_sign_off(demo_guide, clinician, translate, required):
    record_sign_off(demo_guide, clinician)
    with pytest.raises(MedicalReviewRequiredError, match=r"\(es\) cannot be published"):
        translate(demo_guide, "es")


def test_the_admin_editor_shows_the_refusal(client, demo_guide, required, admin_user):
    from tests.content.conftest import edit_form_data

    client.force_login(admin_user)
    page = demo_guide.get_latest_revision_as_object()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_form_data(page, title="Retitled", publish=True),
    )
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("a current medical sign-off is required" in m for m in messages), messages
    assert GuidePage.objects.get(pk=demo_guide.pk).title == demo_guide.title

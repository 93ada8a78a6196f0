"""Per-locale reviewer groups: a Spanish reviewer reviews and publishes Spanish only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.actions.publish_revision import PublishPermissionError

from content.models import GuidePage
from locales.machine_translation.drafts import create_machine_draft
from locales.review.actions import approve_segment, publish_translation
from locales.review.selectors import segment_rows, translation_for_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def es_fr(demo_guide, admin_user, approve):
    translations = {}
    for code in ("es", "fr"):
        translation = translation_for_page(create_machine_draft(demo_guide, code).page)
        approve(translation, admin_user)
        translations[code] = translation
    return translations


def test_spanish_reviewer_publishes_spanish(es_fr, reviewer):
    spanish = reviewer("es")
    page = publish_translation(es_fr["es"], spanish)
    assert page.live and page.live_revision.user == spanish


def test_spanish_reviewer_cannot_review_or_publish_french(es_fr, reviewer, client):
    spanish = reviewer("es")
    french = es_fr["fr"]
    with pytest.raises(PermissionDenied):
        publish_translation(french, spanish)
    with pytest.raises(PermissionDenied):
        approve_segment(french, segment_rows(french)[0].segment.pk, spanish)
    # Wagtail's own publish permission says no too, whatever the review state
    fr_page = french.get_target_instance()
    with pytest.raises(PublishPermissionError):
        fr_page.get_latest_revision().publish(user=spanish)
    client.force_login(spanish)
    assert client.get(reverse("locales:review", args=[french.pk])).status_code in {302, 403}
    assert client.post(
        reverse("locales:review_action", args=[french.pk]), {"action": "publish"}
    ).status_code in {302, 403}
    assert GuidePage.objects.get(pk=fr_page.pk).live is False
    assert client.get(reverse("locales:review", args=[es_fr["es"].pk])).status_code == 200


def test_user_without_review_permission_cannot_approve(es_fr, django_user_model):
    from locales.review.permissions import ensure_reviewer_group

    editor = django_user_model.objects.create_user("plain-editor", password="pw")
    group = ensure_reviewer_group("es")
    editor.groups.add(group)
    group.permissions.remove(group.permissions.get(codename="review_translation"))
    with pytest.raises(PermissionDenied):
        publish_translation(es_fr["es"], editor)

"""Edits made in wagtail-localize's own editor go back to review; its publish is guarded."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from content.models import GuidePage
from locales.review.selectors import segment_rows
from locales.review.state import SegmentStatus

pytestmark = pytest.mark.django_db


def test_an_edit_in_the_localize_editor_needs_review_again(
    client, draft, es_translation, admin_user, approve
):
    approve(es_translation, admin_user)
    row = next(r for r in segment_rows(es_translation) if r.path == "intro")
    client.force_login(admin_user)
    url = reverse(
        "wagtail_localize:edit_string_translation", args=[es_translation.pk, row.segment.pk]
    )
    response = client.put(
        url,
        urlencode({"value": "Texto cambiado sin revisión."}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    after = next(r for r in segment_rows(es_translation) if r.path == "intro")
    assert after.translated_text == "Texto cambiado sin revisión."
    assert after.status == SegmentStatus.MACHINE
    assert [r.path for r in segment_rows(es_translation) if r.needs_review] == ["intro"]

    # publishing from wagtail-localize's editor is refused, naming the one segment
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft.page.pk]), {"action": "publish"}
    )
    assert response.status_code == 302
    assert any("1 segment needs review" in str(m) for m in get_messages(response.wsgi_request))
    assert GuidePage.objects.get(pk=draft.page.pk).live is False


def test_text_without_a_review_record_counts_as_machine(draft, es_translation):
    from locales.review.state import SegmentReview

    SegmentReview.objects.filter(translation=es_translation).delete()
    assert {r.status for r in segment_rows(es_translation)} == {SegmentStatus.MACHINE}

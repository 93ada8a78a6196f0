"""The API with the real translation workflow: machine drafts, review, publish, outdated."""

from __future__ import annotations

import pytest

from locales.gate.guard import UnreviewedTranslationError
from locales.machine_translation.drafts import create_machine_draft
from locales.review.actions import approve_segment, publish_translation
from locales.review.selectors import segment_rows, translation_for_page

DETAIL = "/api/v1/guides/exosome-hair-loss/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(django_user_model):
    return django_user_model.objects.create_superuser("rev", "rev@example.com", "pw")


def test_machine_draft_is_never_served_until_reviewed(client, demo_guide, reviewer, edit_source):
    draft = create_machine_draft(demo_guide, "es", user=reviewer).page
    translation = translation_for_page(draft)
    for url in (DETAIL + "?locale=es", DETAIL + "faq.jsonld?locale=es", "/api/v1/bundles/es/"):
        body = client.get(url).content.decode()
        assert draft.title not in body  # the pseudo-translated title
    assert client.get(DETAIL + "?locale=es").json()["fallback"] is True

    # Publishing around the review is refused, and nothing leaks into the API.
    with pytest.raises(UnreviewedTranslationError):
        draft.get_latest_revision().publish()
    assert client.get(DETAIL + "?locale=es").json()["fallback"] is True

    for row in segment_rows(translation):
        approve_segment(translation, row.segment.id, reviewer)
    publish_translation(translation, reviewer)
    data = client.get(DETAIL + "?locale=es").json()
    assert data["locale"] == "es" and data["fallback"] is False
    assert data["translation"]["machine_translated"] is True
    assert data["translation"]["reviewed_at"] is not None
    assert data["translation"]["outdated"] is False

    # The source is republished with new text: the live translation is now outdated,
    # and the API says so without anyone touching the Spanish page.
    etag = client.get(DETAIL + "?locale=es")["ETag"]
    edit_source(demo_guide, conclusion="<p>New advice from the clinicians.</p>")
    response = client.get(DETAIL + "?locale=es", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["translation"]["outdated"] is True
    assert response.json()["locale"] == "es"

"""A review edit the server rejects keeps the reviewer's text, with the error beside it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import PageLogEntry, Revision

from locales.review.selectors import segment_rows
from locales.review.state import SegmentReview

pytestmark = pytest.mark.django_db


def _answer_row(translation):
    return next(r for r in segment_rows(translation) if r.path.endswith(".answer"))


def _stored(translation) -> tuple:
    return (
        [(r.translated_text, r.status) for r in segment_rows(translation)],
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        list(SegmentReview.objects.order_by("pk").values_list("pk", "status", "origin")),
    )


@pytest.mark.parametrize(
    ("action", "text", "message"),
    [
        ("save", "<i>x</i>", "markup does not match"),
        ("save_approve", "<i>x</i>", "markup does not match"),
        ("save", "   ", "The translation is empty."),
    ],
)
def test_a_rejected_edit_keeps_the_text_in_the_field_with_the_error_beside_it(
    client, es_translation, admin_user, action, text, message
):
    """Reproduction: the screen redirected to the segment with the error at the top of the
    page, out of view, and the field back on the machine text."""
    client.force_login(admin_user)
    row = _answer_row(es_translation)
    before = _stored(es_translation)

    response = client.post(
        reverse("locales:review_action", args=[es_translation.pk]),
        {"action": action, "segment": row.segment.pk, "text": text},
    )

    assert response.status_code == 200
    html = BeautifulSoup(response.content.decode(), "html.parser")
    segment = html.find("tr", id=f"segment-{row.segment.pk}")
    field = segment.find("textarea", attrs={"name": "text"})
    assert field.string == text  # what the reviewer typed, not the machine text
    error = html.find(id=field["aria-describedby"])
    assert field["aria-invalid"] == "true" and field.has_attr("autofocus")
    assert message in error.get_text()
    assert error.find_parent("tr") is segment  # beside the field, not at the top
    assert len(html.select("[aria-invalid=true]")) == 1
    assert response.content.decode().count(message) == 1  # not also as a page message
    other = html.find_all("textarea", attrs={"name": "text"})
    assert [t for t in other if t.has_attr("autofocus")] == [field]
    assert _stored(es_translation) == before  # nothing stored
    # served at the action's address: the export form still leads back to the screen
    review_url = reverse("locales:review", args=[es_translation.pk])
    assert html.find("input", attrs={"name": "next"})["value"] == review_url


def test_an_accepted_edit_still_goes_back_to_the_segment(client, es_translation, admin_user):
    client.force_login(admin_user)
    row = _answer_row(es_translation)
    url = reverse("locales:review_action", args=[es_translation.pk])

    response = client.post(url, {"action": "save", "segment": row.segment.pk, "text": "Bien."})

    assert response.status_code == 302
    assert response["Location"].endswith(f"#segment-{row.segment.pk}")
    assert _answer_row(es_translation).translated_text == "Bien."
    page = BeautifulSoup(client.get(response["Location"]).content.decode(), "html.parser")
    assert not page.select("[aria-invalid]")


def test_an_edit_of_a_segment_no_longer_in_the_source_is_a_page_message(
    client, es_translation, admin_user
):
    client.force_login(admin_user)
    response = client.post(
        reverse("locales:review_action", args=[es_translation.pk]),
        {"action": "save", "segment": 999999, "text": "Hola"},
        follow=True,
    )
    assert "no longer part of the source guide" in response.content.decode()

"""Outdated tracking: a changed source answer flags exactly that segment in every locale."""

from __future__ import annotations

import pytest
from django.urls import reverse

from locales.gate.summary import translation_summary
from locales.machine_translation.drafts import create_machine_draft
from locales.review.actions import publish_translation
from locales.review.selectors import outdated_translations, segment_rows, translation_for_page
from locales.review.state import SegmentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_es_fr(demo_guide, admin_user, approve):
    pages = {}
    for code in ("es", "fr"):
        result = create_machine_draft(demo_guide, code, user=admin_user)
        translation = translation_for_page(result.page)
        approve(translation, admin_user)
        pages[code] = publish_translation(translation, admin_user)
    return pages


def statuses(page):
    return [(r.path, r.status) for r in segment_rows(translation_for_page(page))]


def test_editing_one_answer_outdates_exactly_that_segment_everywhere(
    demo_guide, published_es_fr, edit_answer
):
    item_id = demo_guide.body.raw_data[0]["value"]["items"][3]["id"]
    edit_answer(demo_guide, 0, 3, "<p>The procedure now takes 2 sessions of 30 minutes.</p>")
    for page in published_es_fr.values():
        outdated = [path for path, status in statuses(page) if status == SegmentStatus.OUTDATED]
        assert outdated == [f"body.{demo_guide.body.raw_data[0]['id']}.items.{item_id}.answer"]
        others = [s for p, s in statuses(page) if p not in outdated]
        assert set(others) == {SegmentStatus.REVIEWED}


def test_a_saved_but_unpublished_source_edit_flags_nothing(
    demo_guide, published_es_fr, edit_answer
):
    edit_answer(demo_guide, 0, 3, "<p>Draft only.</p>", publish=False)
    for page in published_es_fr.values():
        assert {s for _, s in statuses(page)} == {SegmentStatus.REVIEWED}


def test_summary_report_and_redraft_after_an_edit(
    client, demo_guide, published_es_fr, admin_user, edit_answer, approve
):
    es = published_es_fr["es"]
    summary = translation_summary(es)
    assert summary.outdated is False and summary.machine_translated is True
    assert summary.source_locale == "en" and summary.reviewed_at is not None

    new_text = "Multiple sessions are usually needed."
    edit_answer(demo_guide, 0, 7, f"<p>{new_text}</p>")
    assert translation_summary(es).outdated is True

    report = {
        (o.translation.target_locale.language_code, o.outdated) for o in outdated_translations()
    }
    assert report == {("es", 1), ("fr", 1)}
    client.force_login(admin_user)
    html = client.get(reverse("locales:outdated_report")).content.decode()
    assert html.count('class="outdated-row"') == 2 and '<td class="outdated-count">1</td>' in html

    redraft = create_machine_draft(demo_guide, "es", user=admin_user)
    assert redraft.segments_sent == 1 and redraft.characters_sent <= len(new_text) + 10
    translation = translation_for_page(es)
    row = next(r for r in segment_rows(translation) if r.needs_review)
    assert (
        row.status == SegmentStatus.MACHINE and row.review.previous_translation
    )  # old wording kept for the reviewer
    approve(translation, admin_user)
    publish_translation(translation, admin_user)
    assert translation_summary(es).outdated is False
    assert {o.translation.target_locale.language_code for o in outdated_translations()} == {"fr"}


def test_source_page_has_no_summary(demo_guide):
    assert translation_summary(demo_guide) is None

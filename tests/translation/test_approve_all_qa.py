""" "Approve all without warnings" never approves text in the wrong script or language.

The reproduction: the pseudo provider's Latin-script output for Arabic was approved in bulk
(36 segments) and published as Arabic. Through the real pipeline: draft, review screen,
approve all, publish.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.models import GuidePage
from locales.gate.guard import UnreviewedTranslationError
from locales.machine_translation.drafts import create_machine_draft
from locales.review.actions import approve_all_without_warnings, edit_segment, publish_translation
from locales.review.checks import warnings_for_rows
from locales.review.selectors import segment_rows, translation_for_page

pytestmark = pytest.mark.django_db

SEGMENTS = 36  # the demo guide's


def _draft(guide, code, user):
    return translation_for_page(create_machine_draft(guide, code, user=user).page)


def _codes(translation) -> dict[str, list[str]]:
    rows = segment_rows(translation)
    found = warnings_for_rows(translation, rows)
    return {r.path: [w.code for w in found.get(r.segment.pk, [])] for r in rows}


def test_pseudo_arabic_is_never_approved_in_bulk_nor_published(demo_guide, admin_user):
    ar = _draft(demo_guide, "ar", admin_user)
    assert set(map(tuple, _codes(ar).values())) == {("wrong_script",)}

    result = approve_all_without_warnings(ar, admin_user)
    assert (result.approved, result.skipped_with_warnings, result.still_needing_review) == (
        0,
        SEGMENTS,
        SEGMENTS,
    )
    with pytest.raises(UnreviewedTranslationError):
        publish_translation(ar, admin_user)
    page = GuidePage.objects.get(
        translation_key=demo_guide.translation_key, locale=ar.target_locale
    )
    assert not page.live


@pytest.mark.parametrize("code", ["es", "fr", "de", "pt-BR", "zh-Hans"])
def test_pseudo_output_is_flagged_for_every_other_target(demo_guide, admin_user, code):
    translation = _draft(demo_guide, code, admin_user)
    expected = "wrong_script" if code == "zh-Hans" else "pseudo_localized"
    # (Chinese is expected far shorter than the English, so some are also too long)
    assert {c for codes in _codes(translation).values() for c in codes if c != "length_ratio"} == {
        expected
    }
    assert all(expected in codes for codes in _codes(translation).values())
    assert approve_all_without_warnings(translation, admin_user).approved == 0


def test_the_review_screen_tells_the_reviewer_which_script_was_found_and_expected(
    client, demo_guide, admin_user
):
    ar = _draft(demo_guide, "ar", admin_user)
    client.force_login(admin_user)
    screen = client.get(reverse("locales:review", args=[ar.pk])).content.decode()
    assert screen.count('class="qa-warning" data-code="wrong_script"') == SEGMENTS
    assert "Wrong script: the text is mostly in Latin script (accented look-alike letters" in screen
    assert "but Arabic is written in Arabic script." in screen

    response = client.post(
        reverse("locales:review_action", args=[ar.pk]), {"action": "approve_all"}, follow=True
    )
    assert f"Approved 0 segments. {SEGMENTS} with warnings need a look" in (
        response.content.decode()
    )


def test_drafts_in_the_target_language_are_approved_and_published(
    sample_language_provider, demo_guide, admin_user
):
    """The control: with text in Arabic (and Spanish) nothing is flagged, all is approved."""
    for code in ("ar", "es"):
        translation = _draft(demo_guide, code, admin_user)
        assert not any(_codes(translation).values())
        result = approve_all_without_warnings(translation, admin_user)
        assert (result.approved, result.skipped_with_warnings) == (SEGMENTS, 0)
        assert publish_translation(translation, admin_user).live


def test_a_segment_in_the_wrong_language_is_left_for_review(
    sample_language_provider, demo_guide, admin_user
):
    es = _draft(demo_guide, "es", admin_user)
    rows = segment_rows(es)
    intro = next(r for r in rows if r.path == "intro")
    answer = next(r for r in rows if r.path.endswith(".answer"))
    french = (
        "Le traitement comprend généralement plusieurs séances espacées de quelques semaines, "
        "et la plupart des patients reprennent leurs activités habituelles le jour même."
    )
    edit_segment(es, intro.segment.pk, french, admin_user)  # a human edit, not yet approved
    edit_segment(es, answer.segment.pk, answer.source_text, admin_user)  # the English kept

    codes = _codes(es)
    # (the French text is also much shorter than the intro: a length warning besides)
    assert "wrong_language" in codes["intro"] and codes[answer.path] == ["untranslated"]
    result = approve_all_without_warnings(es, admin_user)
    assert (result.approved, result.skipped_with_warnings) == (SEGMENTS - 2, 2)
    assert [r.path for r in segment_rows(es) if r.needs_review] == ["intro", answer.path]
    with pytest.raises(UnreviewedTranslationError):
        publish_translation(es, admin_user)

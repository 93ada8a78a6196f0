"""The draft step: real wagtail-localize machinery, the pseudo provider, real revisions."""

from __future__ import annotations

import pytest
from wagtail.models import Page
from wagtail_localize.models import StringTranslation

from content.models import GuidePage
from locales.machine_translation.drafts import DraftError, create_machine_draft
from locales.machine_translation.providers.errors import TranslationError
from locales.registry import UnknownLocale
from locales.review.actions import edit_segment
from locales.review.selectors import segment_rows, translation_for_page
from locales.review.state import SegmentReview, SegmentStatus
from tests.translation.conftest import libre_500, libre_ok

pytestmark = pytest.mark.django_db


def test_first_draft_is_an_unpublished_page_in_the_target_tree(demo_guide, draft):
    page = draft.page
    assert draft.created is True
    assert page.translation_key == demo_guide.translation_key
    assert page.locale.language_code == "es"
    assert page.get_parent().locale.language_code == "es"
    assert page.live is False and page.get_latest_revision() is not None
    # every item keeps its stable id across locales
    assert [i.id for g in page.faq_groups() for i in g.items] == [
        i.id for g in demo_guide.faq_groups() for i in g.items
    ]
    # everything a reader sees went to the provider, the slug did not
    rows = segment_rows(translation_for_page(page))
    assert draft.segments_sent == len(rows) == 36
    assert draft.characters_sent > 0 and draft.requests >= 1
    assert {r.status for r in rows} == {SegmentStatus.MACHINE}
    assert page.slug == demo_guide.slug
    assert page.title.startswith("[") and page.title != demo_guide.title


def test_second_run_sends_nothing_and_writes_nothing(demo_guide, draft):
    """Issue 11: a run with nothing to send adds no revision (it showed as a pending draft)."""
    before = draft.page.revisions.count()
    again = create_machine_draft(demo_guide, "es")
    assert (again.created, again.segments_sent, again.characters_sent, again.requests) == (
        False,
        0,
        0,
        0,
    )
    assert again.kept == 36
    assert again.page.pk == draft.page.pk
    assert GuidePage.objects.filter(translation_key=demo_guide.translation_key).count() == 2
    assert again.revision_created is False
    assert draft.page.revisions.count() == before


def test_reviewed_segment_is_never_overwritten(
    demo_guide, draft, es_translation, admin_user, edit_answer
):
    row = next(r for r in segment_rows(es_translation) if r.path.endswith(".answer"))
    edit_segment(
        es_translation,
        row.segment.pk,
        "Respuesta revisada por una persona.",
        admin_user,
        approve=True,
    )
    # The source changes elsewhere and the draft step runs again
    edit_answer(demo_guide, 1, 0, "<p>A different answer, 10 mg daily.</p>")
    create_machine_draft(demo_guide, "es")
    after = next(r for r in segment_rows(es_translation) if r.segment.pk == row.segment.pk)
    assert after.translated_text == "Respuesta revisada por una persona."
    assert after.status == SegmentStatus.REVIEWED
    latest = GuidePage.objects.get(pk=draft.page.pk).get_latest_revision_as_object()
    assert (
        "Respuesta revisada por una persona."
        in latest.body.raw_data[0]["value"]["items"][0]["value"]["answer"]
    )


def test_unchanged_segments_are_not_resent_after_a_source_edit(demo_guide, draft, edit_answer):
    new_answer = "<p>Exosomes are vesicles; sessions cost 5% less.</p>"
    edit_answer(demo_guide, 0, 2, new_answer)
    again = create_machine_draft(demo_guide, "es")
    assert again.segments_sent == 1
    # only that answer's text went out (the pseudo provider counts what it was sent)
    assert again.characters_sent <= len("Exosomes are vesicles; sessions cost 5% less.") + 10
    assert again.kept == 35


def test_identical_source_text_reuses_a_reviewed_translation(
    demo_guide, draft, es_translation, admin_user, approve, seed_path
):
    from content.services import import_guide_file

    approve(es_translation, admin_user)
    other = import_guide_file(
        seed_path, slug="second-guide", title="Second guide", publish=True
    ).page
    result = create_machine_draft(other, "es")
    # Only the title differs from the first guide; everything else comes from memory.
    assert result.segments_sent == 1 and result.reused == 35
    reused = [
        r for r in segment_rows(translation_for_page(result.page)) if r.review.origin == "memory"
    ]
    assert len(reused) == 35 and all(r.status == SegmentStatus.REVIEWED for r in reused)


def test_failed_provider_run_leaves_draft_and_live_page_untouched(
    demo_guide, draft, es_translation, admin_user, approve, libre, edit_answer
):
    from locales.review.actions import publish_translation

    approve(es_translation, admin_user)
    live = publish_translation(es_translation, admin_user)
    live_revision_id = live.live_revision_id
    revisions = live.revisions.count()
    translations = StringTranslation.objects.count()
    reviews = list(SegmentReview.objects.values_list("pk", "status", "string_id"))

    edit_answer(demo_guide, 0, 0, "<p>Changed to force a provider call.</p>")
    reviews_after_outdating = list(SegmentReview.objects.values_list("pk", "status", "string_id"))
    libre_500(libre)
    with pytest.raises(TranslationError) as caught:
        create_machine_draft(demo_guide, "es", provider="libretranslate")
    assert caught.value.code == "server_error" and "500" in str(caught.value)

    page = GuidePage.objects.get(pk=live.pk)
    assert page.live and page.live_revision_id == live_revision_id
    assert page.revisions.count() == revisions
    assert StringTranslation.objects.count() == translations
    assert (
        list(SegmentReview.objects.values_list("pk", "status", "string_id"))
        == reviews_after_outdating
    )
    assert sum(1 for r in reviews_after_outdating if r[1] == "outdated") == 1
    assert len(reviews) == len(reviews_after_outdating)


def test_a_real_provider_class_behind_stubbed_http(demo_guide, locales, libre):
    libre_ok(libre)
    result = create_machine_draft(demo_guide, "fr", provider="libretranslate")
    assert result.provider == "libretranslate" and result.requests == len(libre.calls) >= 1
    assert result.page.title == "ES:Exosome hair loss guide"


def test_concurrent_run_during_the_provider_call_ends_with_one_page_and_no_lost_edit(
    demo_guide, locales, admin_user, monkeypatch
):
    """Run B (and a reviewer's edit) happen while run A waits for its provider."""
    import locales.machine_translation.drafts as drafts

    real = drafts.translate_texts
    state = {"nested": False}

    def slow_provider(texts, **kwargs):
        if not state["nested"]:
            state["nested"] = True
            other = create_machine_draft(demo_guide, "es")  # run B completes first
            translation = translation_for_page(other.page)
            row = segment_rows(translation)[0]
            edit_segment(
                translation, row.segment.pk, "Título de la revisora", admin_user, approve=True
            )
        return real(texts, **kwargs)

    monkeypatch.setattr(drafts, "translate_texts", slow_provider)
    result = create_machine_draft(demo_guide, "es")  # run A
    pages = GuidePage.objects.filter(
        translation_key=demo_guide.translation_key, locale__language_code="es"
    )
    assert pages.count() == 1 and pages.get().pk == result.page.pk
    rows = segment_rows(translation_for_page(result.page))
    assert (
        rows[0].translated_text == "Título de la revisora"
        and rows[0].status == SegmentStatus.REVIEWED
    )
    assert SegmentReview.objects.filter(translation=translation_for_page(result.page)).count() == 36
    assert (
        GuidePage.objects.get(pk=result.page.pk).get_latest_revision_as_object().title
        == "Título de la revisora"
    )


def test_bad_requests_are_refused_before_any_write(demo_guide, draft):
    with pytest.raises(UnknownLocale, match="enabled locales"):
        create_machine_draft(demo_guide, "xx-nope")
    with pytest.raises(DraftError, match="source locale"):
        create_machine_draft(demo_guide, "en")
    with pytest.raises(DraftError, match="not the source locale"):
        create_machine_draft(draft.page, "fr")
    with pytest.raises(DraftError, match="not a guide"):
        create_machine_draft(Page.objects.get(pk=demo_guide.get_parent().pk), "fr")

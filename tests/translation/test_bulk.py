"""Bulk machine translation: one job per (guide, locale), no duplicates (database-enforced),
reviewed wording kept, nothing written when there is nothing to send, providers checked first."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from content.models import GuidePage
from locales.machine_translation.bulk import start_bulk_machine_translation
from locales.machine_translation.jobs import JobStatus, TranslationJob
from locales.machine_translation.providers.errors import UnknownProvider
from locales.registry import UnknownLocale
from locales.review.selectors import segment_rows, translation_for_page
from tests.translation.test_status import small_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_guides(locales):
    return [small_guide(n) for n in range(3)]


def drafts_of(guides, code):
    return GuidePage.objects.filter(
        translation_key__in=[g.translation_key for g in guides], locale__language_code=code
    )


def test_three_guides_two_locales_make_six_drafts_and_a_second_click_makes_none(
    three_guides, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        first = start_bulk_machine_translation(three_guides, ["es", "fr"], user=admin_user)
    assert len(first.started) == 6 and len(queued) == 6
    assert {(j.page_id, j.locale) for j in first.started} == {
        (g.pk, c) for g in three_guides for c in ("es", "fr")
    }
    # A second click while the six are still queued: nothing new, in the database too
    second = start_bulk_machine_translation(three_guides, ["es", "fr"], user=admin_user)
    assert second.started == [] and len(second.already_queued) == 6
    assert TranslationJob.objects.count() == 6
    assert "6 already queued" in second.summary()

    for callback in queued:  # what the task backend does once the request commits
        callback()
    assert set(TranslationJob.objects.values_list("status", flat=True)) == {JobStatus.SUCCEEDED}
    assert drafts_of(three_guides, "es").count() == 3
    assert drafts_of(three_guides, "fr").count() == 3
    assert not drafts_of(three_guides, "es").filter(live=True).exists()

    # Once they finished, a new run is allowed again (and writes nothing: nothing to send)
    spanish = drafts_of(three_guides[:1], "es").get()
    revisions = spanish.revisions.count()
    with django_capture_on_commit_callbacks(execute=True):
        third = start_bulk_machine_translation(three_guides[:1], ["es"], user=admin_user)
    assert len(third.started) == 1
    assert TranslationJob.objects.get(pk=third.started[0].pk).status == JobStatus.SUCCEEDED
    assert spanish.revisions.count() == revisions


def test_the_database_refuses_a_second_active_job_for_a_guide_and_locale(three_guides):
    guide = three_guides[0]
    TranslationJob.objects.create(page=guide, locale="es", target_locales=["es"])
    with pytest.raises(IntegrityError), transaction.atomic():
        TranslationJob.objects.create(page=guide, locale="es", target_locales=["es"])
    # finished jobs do not count, nor other locales, nor several-locale jobs
    TranslationJob.objects.create(
        page=guide, locale="es", target_locales=["es"], status=JobStatus.FAILED
    )
    TranslationJob.objects.create(page=guide, locale="fr", target_locales=["fr"])
    TranslationJob.objects.create(page=guide, target_locales=["es", "fr"])
    assert TranslationJob.objects.count() == 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_requests_queue_one_job(django_user_model):
    """Two requests at once, each in its own transaction and connection (PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers; the concurrent case needs PostgreSQL")
    from content.services import import_guide_text
    from locales.services import sync_locales

    sync_locales()
    guide = import_guide_text("Intro.\n\n1. Q?\nA.\n", slug="race", title="Race", publish=True).page
    barrier = threading.Barrier(2)
    results = []

    def request():
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                results.append(start_bulk_machine_translation([guide], ["es"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(len(r.started) for r in results) == [0, 1]
    assert sorted(len(r.already_queued) for r in results) == [0, 1]
    assert TranslationJob.objects.filter(page=guide, locale="es").count() == 1


def test_pairs_covered_by_a_running_several_locale_job_are_not_repeated(three_guides, admin_user):
    guide = three_guides[0]
    TranslationJob.objects.create(page=guide, target_locales=["es", "fr"], done_locales=["es"])
    result = start_bulk_machine_translation([guide], ["es", "fr"], user=admin_user)
    assert [(j.page_id, j.locale) for j in result.started] == [(guide.pk, "es")]
    assert [(p.pk, c) for p, c in result.already_queued] == [(guide.pk, "fr")]


def test_bad_requests_are_refused_before_anything_is_written(three_guides, admin_user, demo_guide):
    with pytest.raises(UnknownProvider):
        start_bulk_machine_translation(three_guides, ["es"], provider="nope", user=admin_user)
    with pytest.raises(UnknownLocale):
        start_bulk_machine_translation(three_guides, ["xx"], user=admin_user)
    with pytest.raises(UnknownLocale):
        start_bulk_machine_translation(three_guides, [], user=admin_user)
    assert TranslationJob.objects.count() == 0

    from locales.machine_translation.drafts import create_machine_draft

    es_page = create_machine_draft(demo_guide, "es").page
    result = start_bulk_machine_translation([es_page, demo_guide], ["fr"], user=admin_user)
    assert [p.pk for p, _ in result.refused] == [es_page.pk]
    assert "source guide" in result.summary()


def test_an_editor_without_edit_rights_is_refused_per_guide(three_guides, reviewer):
    result = start_bulk_machine_translation(three_guides, ["es"], user=reviewer("es"))
    assert result.started == [] and len(result.refused) == 3
    assert TranslationJob.objects.count() == 0


def test_bulk_run_never_overwrites_reviewed_wording(
    demo_guide, draft, es_translation, admin_user, approve, django_capture_on_commit_callbacks
):
    row = next(r for r in segment_rows(es_translation) if r.path.endswith(".answer"))
    from locales.review.actions import edit_segment

    edit_segment(es_translation, row.segment.pk, "Respuesta revisada.", admin_user, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        start_bulk_machine_translation([demo_guide], ["es"], user=admin_user)
    kept = next(r for r in segment_rows(es_translation) if r.segment.pk == row.segment.pk)
    assert kept.translated_text == "Respuesta revisada." and kept.status == "reviewed"


def test_report_form_starts_the_jobs_and_returns_to_the_report(
    client, three_guides, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    report = reverse("locales:translation_status") + "?locale=es"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("locales:bulk_translate"),
            {"guides": [g.pk for g in three_guides[:2]], "locales": ["es"], "next": report},
        )
    assert response.status_code == 302 and response["Location"] == report
    assert drafts_of(three_guides, "es").count() == 2
    page = client.get(report).content.decode()
    assert page.count('data-state="machine_draft"') >= 2
    # an outside "next" is not followed
    response = client.post(
        reverse("locales:bulk_translate"),
        {"guides": [three_guides[2].pk], "locales": ["es"], "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("locales:translation_status")


def test_page_listing_bulk_action_queues_one_job_per_guide_and_locale(
    client, three_guides, admin_user
):
    client.force_login(admin_user)
    index = three_guides[0].get_parent()
    listing = client.get(reverse("wagtailadmin_explore", args=[index.pk])).content.decode()
    assert "Machine-translate selected guides" in listing
    url = (
        reverse(
            "wagtail_bulk_action",
            args=("wagtailcore", "page", "machine_translate"),
        )
        + "?"
        + "&".join(f"id={g.pk}" for g in three_guides)
    )
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Guide 000" in confirm.content.decode()
    response = client.post(url, {"locales": ["es", "de"]})
    assert response.status_code == 302
    assert TranslationJob.objects.filter(status=JobStatus.QUEUED).count() == 6
    assert translation_for_page(three_guides[0]) is None  # source pages stay sources

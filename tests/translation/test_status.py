"""The translation status matrix: every cell state from real pages, translations and jobs,
the SQL segment counts against the review screen's own rows, and a fixed query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content.models import GuidePage
from content.services import import_guide_text
from locales.machine_translation.bulk import start_bulk_machine_translation
from locales.machine_translation.drafts import create_machine_draft
from locales.machine_translation.jobs import JobStatus, TranslationJob
from locales.machine_translation.tasks import run_job
from locales.review.actions import edit_segment, publish_translation
from locales.review.selectors import segment_rows, translation_for_page
from locales.review.state import UNTRANSLATED
from locales.status.counts import segment_counts
from locales.status.report import CellState, source_guides, translation_status
from tests.translation.conftest import approve_everything, edit_source_answer, libre_500

pytestmark = pytest.mark.django_db

SMALL_GUIDE = """A short guide about {topic}.

1. What is {topic}?
Take 5 mg of {topic} twice a day for 2 weeks.
"""


def small_guide(n: int, *, publish: bool = True) -> GuidePage:
    topic = f"topic {n}"
    return import_guide_text(
        SMALL_GUIDE.format(topic=topic), slug=f"guide-{n}", title=f"Guide {n:03d}", publish=publish
    ).page


def matrix_cells(guide, codes=None):
    from locales.registry import get_registry

    locales = [i for i in get_registry().targets if codes is None or i.code in codes]
    (row,) = translation_status([guide], locales).rows
    return row.cells


def python_counts(translation) -> tuple[int, int, int, int]:
    rows = segment_rows(translation)
    return (
        len(rows),
        sum(1 for r in rows if r.status == "reviewed"),
        sum(1 for r in rows if r.status == "outdated"),
        sum(1 for r in rows if r.status == UNTRANSLATED),
    )


def assert_counts_agree(translation) -> None:
    counts = segment_counts([translation.pk])[translation.pk]
    assert (
        counts.total,
        counts.reviewed,
        counts.outdated,
        counts.untranslated,
    ) == python_counts(translation)


def test_every_cell_state_from_real_pages_translations_and_jobs(
    demo_guide, admin_user, libre, settings
):
    # es: machine draft, 3 of 36 reviewed
    es = create_machine_draft(demo_guide, "es", user=admin_user)
    es_t = translation_for_page(es.page)
    for row in segment_rows(es_t)[:3]:
        from locales.review.actions import approve_segment

        approve_segment(es_t, row.segment.pk, admin_user)
    # fr: every segment reviewed, not published
    fr = create_machine_draft(demo_guide, "fr", user=admin_user)
    fr_t = translation_for_page(fr.page)
    approve_everything(fr_t, admin_user)
    # de: live
    de = create_machine_draft(demo_guide, "de", user=admin_user)
    de_t = translation_for_page(de.page)
    approve_everything(de_t, admin_user)
    publish_translation(de_t, admin_user)
    # pt-BR: live, then a reviewer's unapproved edit makes a newer draft
    pt = create_machine_draft(demo_guide, "pt-BR", user=admin_user)
    pt_t = translation_for_page(pt.page)
    approve_everything(pt_t, admin_user)
    publish_translation(pt_t, admin_user)
    title = next(r for r in segment_rows(pt_t) if r.path == "title")
    edit_segment(pt_t, title.segment.pk, "Guia de exossomos", admin_user)
    # ar: a queued job (its on-commit enqueue never runs inside this test's transaction)
    start_bulk_machine_translation([demo_guide], ["ar"], user=admin_user)
    # zh-Hans: a job that failed at the provider
    settings.TRANSLATION_PROVIDER = "libretranslate"
    libre_500(libre)
    failed = TranslationJob.objects.create(
        page=demo_guide, locale="zh-Hans", target_locales=["zh-Hans"]
    )
    run_job(failed.pk)
    assert TranslationJob.objects.get(pk=failed.pk).status == JobStatus.FAILED

    cells = matrix_cells(demo_guide)
    assert {code: cell.state for code, cell in cells.items()} == {
        "es": CellState.MACHINE_DRAFT,
        "fr": CellState.READY,
        "de": CellState.LIVE,
        "pt-BR": CellState.LIVE_DRAFT_PENDING,
        "ar": CellState.JOB_RUNNING,
        "zh-Hans": CellState.JOB_FAILED,
    }
    assert cells["es"].detail == "reviewed 3 of 36"
    assert cells["es"].text == "Machine draft (reviewed 3 of 36)"
    assert cells["pt-BR"].detail == "reviewed 35 of 36"
    assert cells["ar"].detail == "queued"
    assert "zh-Hans:" in cells["zh-Hans"].detail and "unchanged" in cells["zh-Hans"].detail
    for translation in (es_t, fr_t, de_t, pt_t):
        assert_counts_agree(translation)

    # The source changes: the live German page is outdated by exactly the changed answer
    edit_source_answer(demo_guide, 0, 1, "<p>A new answer with 10 mg.</p>")
    cells = matrix_cells(demo_guide, ["de", "es", "fr"])
    assert cells["de"].state == CellState.LIVE_OUTDATED
    assert cells["de"].detail == "1 segment"
    assert cells["fr"].state == CellState.MACHINE_DRAFT  # the changed answer needs review again
    assert cells["fr"].counts.outdated == 1
    assert_counts_agree(de_t)
    assert_counts_agree(fr_t)

    # A re-run drafts the changed answer: live, with a newer draft to review
    settings.TRANSLATION_PROVIDER = "pseudo"
    create_machine_draft(demo_guide, "de", user=admin_user)
    cells = matrix_cells(demo_guide, ["de"])
    assert cells["de"].state == CellState.LIVE_DRAFT_PENDING
    assert_counts_agree(de_t)


def test_not_started_and_the_state_of_an_unpublished_new_guide(locales):
    guide = small_guide(1, publish=False)
    cells = matrix_cells(guide)
    assert {cell.state for cell in cells.values()} == {CellState.NOT_STARTED}


def test_a_job_that_succeeded_leaves_the_translation_state(demo_guide, admin_user):
    job = TranslationJob.objects.create(page=demo_guide, locale="es", target_locales=["es"])
    run_job(job.pk)
    assert matrix_cells(demo_guide, ["es"])["es"].state == CellState.MACHINE_DRAFT


def test_a_failed_job_is_forgotten_once_the_translation_moved_on(
    demo_guide, admin_user, libre, settings
):
    settings.TRANSLATION_PROVIDER = "libretranslate"
    libre_500(libre)
    job = TranslationJob.objects.create(page=demo_guide, locale="es", target_locales=["es"])
    run_job(job.pk)
    assert matrix_cells(demo_guide, ["es"])["es"].state == CellState.JOB_FAILED
    settings.TRANSLATION_PROVIDER = "pseudo"
    create_machine_draft(demo_guide, "es", user=admin_user)  # e.g. run by hand afterwards
    assert matrix_cells(demo_guide, ["es"])["es"].state == CellState.MACHINE_DRAFT


def test_a_running_multi_locale_job_shows_its_progress(demo_guide, admin_user):
    job = TranslationJob.objects.create(
        page=demo_guide, target_locales=["es", "fr"], status=JobStatus.RUNNING
    )
    job.record_locale("es", segments=1, characters=1, requests=1)
    job.record_progress(1, 2)
    cells = matrix_cells(demo_guide, ["es", "fr", "de"])
    assert cells["fr"].state == CellState.JOB_RUNNING
    assert cells["fr"].detail == "75%"  # es done, half of fr's requests
    assert cells["es"].state != CellState.JOB_RUNNING  # es is done in that job
    assert cells["de"].state == CellState.NOT_STARTED


def test_an_edit_made_elsewhere_after_approval_counts_as_needing_review(
    demo_guide, es_translation, admin_user
):
    from wagtail_localize.models import StringTranslation

    approve_everything(es_translation, admin_user)
    row = segment_rows(es_translation)[0]
    st = StringTranslation.objects.get(pk=row.string_translation.pk)
    st.data = "Changed in wagtail-localize's editor"
    st.save()
    assert_counts_agree(es_translation)
    assert segment_counts([es_translation.pk])[es_translation.pk].reviewed == 35


def _guides_with_history(first: int, last: int, admin_user) -> None:
    for n in range(first, last):
        guide = small_guide(n)
        if n % 3 == 0:
            create_machine_draft(guide, "es", user=admin_user)
        if n % 3 == 1:
            TranslationJob.objects.create(page=guide, locale="fr", target_locales=["fr"])
        if n % 5 == 0:
            TranslationJob.objects.create(
                page=guide, locale="de", target_locales=["de"], status=JobStatus.FAILED
            )


def test_the_report_query_count_is_the_same_for_5_and_50_guides(client, locales, admin_user):
    client.force_login(admin_user)
    url = reverse("locales:translation_status")
    client.get(url)  # warm per-process caches (content types, site root paths)

    _guides_with_history(0, 5, admin_user)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert response.content.decode().count('class="status-cell"') == 5 * 6

    _guides_with_history(5, 50, admin_user)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)
    assert response.content.decode().count('class="status-cell"') == 50 * 6
    assert len(fifty) == len(five), [q["sql"][:120] for q in fifty.captured_queries]

    with CaptureQueriesContext(connection) as export:
        response = client.get(url + "?export=csv")
        lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert len(lines) == 51
    assert len(export) <= len(fifty)


def test_source_guides_are_the_rows(demo_guide, draft):
    assert list(source_guides()) == [GuidePage.objects.get(pk=demo_guide.pk)]

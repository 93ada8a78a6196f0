"""The translation workflow on the real stack: a worker process runs the job; PostgreSQL row
locks keep two simultaneous runs from creating two translation pages."""

import threading

import pytest
from django.db import connection
from wagtail.models import Page

from content.models import GuidePage
from locales.registry import get_registry
from tests.production.conftest import wait_until

pytestmark = pytest.mark.production


def translations_of(page: Page, code: str):
    django_code = get_registry().get(code).django_code
    return GuidePage.objects.filter(
        translation_key=page.translation_key, locale__language_code=django_code
    )


def test_translation_job_is_executed_by_the_worker_process(demo_guide, rq_worker):
    from locales.machine_translation.jobs import JobStatus, TranslationJob
    from locales.machine_translation.tasks import start_machine_translation

    job = start_machine_translation(demo_guide, ["es", "pt-BR"])
    job.refresh_from_db()
    assert job.task_result_id, "enqueued once the job row was committed"
    assert not translations_of(demo_guide, "es").exists()  # nothing ran in this process

    def finished() -> bool:
        job.refresh_from_db()
        return job.finished

    wait_until(finished, timeout=120, what=f"translation job {job.pk} on the worker")
    assert job.status == JobStatus.SUCCEEDED, job.message
    for code in ("es", "pt-BR"):
        page = translations_of(demo_guide, code).get()
        # A draft for review: never live, never published by the machine.
        assert not page.live
        assert page.has_unpublished_changes
        assert page.get_latest_revision() is not None

    from django_tasks import TaskResultStatus, default_task_backend

    result = default_task_backend.get_result(job.task_result_id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.worker_ids, "recorded as run by an RQ worker"
    assert TranslationJob.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED


@pytest.mark.parametrize("runs", [2, 4])
def test_concurrent_translation_runs_produce_one_translation_page(
    real_stack, committed_db, demo_guide, runs
):
    """`runs` threads, each with its own PostgreSQL connection, start at the same instant."""
    from locales.machine_translation.drafts import create_machine_draft

    assert connection.vendor == "postgresql"
    barrier = threading.Barrier(runs, timeout=30)
    outcomes: list[object] = []
    lock = threading.Lock()

    def run() -> None:
        from django.db import connections

        try:
            page = Page.objects.get(pk=demo_guide.pk).specific
            barrier.wait()
            result = create_machine_draft(page, "es")
            outcome: object = result.page.pk
        except Exception as exc:  # recorded and asserted on below, with its type
            outcome = exc
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a translation run hung"

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert not errors, f"concurrent runs failed: {errors!r}"
    pages = translations_of(demo_guide, "es")
    assert pages.count() == 1
    assert set(outcomes) == {pages.get().pk}  # every run wrote to that one page
    assert not pages.get().live

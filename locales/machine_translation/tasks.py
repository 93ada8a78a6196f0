"""Background work of the translation workflow (Django's task framework).

The embedded default backend runs the task in-process as soon as the request's
transaction commits; a worker backend (RQ in production) runs the same function.
Progress and failures are written to the TranslationJob row the admin polls.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django_tasks import task
from wagtail.models import Page

from locales.machine_translation.jobs import ACTIVE_STATUSES, JobStatus, TranslationJob
from locales.machine_translation.providers import get_provider
from locales.machine_translation.providers.errors import TranslationError, UnknownProvider
from locales.machine_translation.recovery import fail_unqueued, run_lease
from locales.registry import UnknownLocale, get_registry

logger = logging.getLogger(__name__)


def start_machine_translation(
    page: Page, targets: Sequence[str], *, provider: str | None = None, user=None
) -> TranslationJob:
    """Record a job for `page` → `targets` and enqueue it once the job row is committed.

    One locale: the database holds one queued or running job per guide and locale, so a
    double submit (or a bulk run that got there first) returns that job to follow.
    """
    registry = get_registry()
    codes = [registry.get(code).code for code in targets]  # UnknownLocale before any write
    if not codes:
        raise UnknownLocale("choose at least one target locale")
    get_provider(provider)  # UnknownProvider before any write
    locale = codes[0] if len(codes) == 1 else ""
    try:
        with transaction.atomic():  # a savepoint: a refused insert rolls back alone
            job = TranslationJob.objects.create(
                page=page,
                target_locales=codes,
                locale=locale,
                provider=provider or "",
                created_by=user if user is not None and user.is_authenticated else None,
            )
    except IntegrityError:
        if not locale:
            raise
        return TranslationJob.objects.get(page=page, locale=locale, status__in=ACTIVE_STATUSES)
    enqueue_on_commit(job)
    return job


def enqueue_on_commit(job: TranslationJob) -> None:
    """Hand the job to the task backend once its row is committed (a worker must see it)."""
    transaction.on_commit(lambda: _enqueue(job))


def _enqueue(job: TranslationJob) -> None:
    try:
        result = machine_translate_job.enqueue(job.pk)
    except (
        Exception
    ) as exc:  # the queue is down: fail the job clearly (locales.machine_translation.recovery)
        fail_unqueued(job, exc)
        return
    TranslationJob.objects.filter(pk=job.pk, task_result_id="").update(task_result_id=result.id)


def run_job(job_id: int) -> TranslationJob:
    """Run a job locale by locale; the first failure stops it with an editor-facing message.

    Each locale is all-or-nothing on its own, so locales finished before a failure keep
    their new drafts and the message says which ones those are.
    """
    job = TranslationJob.objects.select_related("page", "created_by").get(pk=job_id)
    if job.finished:
        return job
    # The lease tells a dead run from a live one (locales.machine_translation.recovery); taken before the job
    # is marked running, released after it ends.
    with run_lease(job.pk) as mine:
        if not mine:
            return job  # another live process is running this job
        return _run(job)


def _run(job: TranslationJob) -> TranslationJob:
    from locales.machine_translation.drafts import DraftError, create_machine_draft

    job.mark_running()
    for code in job.target_locales:
        try:
            result = create_machine_draft(
                job.page,
                code,
                provider=job.provider or None,
                user=job.created_by,
                progress=job.record_progress,
            )
        except (TranslationError, DraftError, UnknownLocale, UnknownProvider) as exc:
            done = ", ".join(job.done_locales)
            kept = f" Drafts for {done} were created." if done else ""
            job.finish(
                JobStatus.FAILED,
                f"{code}: {exc} The previous draft and the live page are unchanged.{kept}",
            )
            logger.warning("Machine translation job %s failed for %s: %s", job.pk, code, exc)
            return job
        job.record_locale(
            code,
            segments=result.segments_sent,
            characters=result.characters_sent,
            requests=result.requests,
        )
    job.finish(
        JobStatus.SUCCEEDED,
        f"Drafts ready for review: {', '.join(job.target_locales)} "
        f"({job.characters_sent} characters in {job.requests} requests sent to the provider).",
    )
    return job


@task()
def machine_translate_job(job_id: int) -> str:
    return run_job(job_id).status

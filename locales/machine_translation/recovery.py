"""Translation jobs whose process died: end them as failed, with a message an editor can use.

A machine-translation job runs in an RQ work-horse (or in-process on the embedded
default). When that process is killed (SIGKILL, the OOM killer, a lost machine) it cannot
write its own ending, and its TranslationJob row would say "running" forever. Nothing else
is at risk: each locale's draft is written in one transaction (locales.machine_translation.drafts), which
PostgreSQL rolls back when the connection drops, so the previous draft and every reviewed
segment stay exactly as they were, and locales finished before the kill keep their drafts.

How a dead run is recognised:

- **a lease**: from before it is marked running until it ends, the run holds a PostgreSQL
  advisory lock keyed by the job id, on its own database session. The server releases it
  the moment that session's connection drops, so a running job whose lock is free has no
  process behind it (immediate, whatever killed it);
- **the task's result**: when the queue recorded the task as failed (a work-horse killed
  while its worker survived, a job timeout, an exception outside the job's own handling);
- on SQLite (no advisory locks; tasks run in-process): running for longer than
  TASK_TIMEOUT plus a minute.

A job that never reached the queue (the queue was down at enqueue) fails at once, with
that reason (`fail_unqueued`). `recover(job)` runs whenever the job is shown to an editor
(the job page polls it) and for every open job in `manage.py recover_translation_jobs`;
retrying is an ordinary new run.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from locales.machine_translation.jobs import JobStatus, TranslationJob

logger = logging.getLogger(__name__)

LEASE_SPACE = 0x6C6F63  # first key of the two-key advisory lock ("loc")
UNQUEUED_GRACE = timedelta(minutes=5)
KEPT = "Nothing from the interrupted locale was saved: the previous draft and every reviewed segment are unchanged."


def _leases_supported() -> bool:
    return connection.vendor == "postgresql"


@contextlib.contextmanager
def run_lease(job_id: int) -> Iterator[bool]:
    """Hold the job's lease while running it; False when another live process holds it."""
    if not _leases_supported():
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LEASE_SPACE, job_id])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LEASE_SPACE, job_id])


def _lease_is_free(job_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LEASE_SPACE, job_id])
        free = cursor.fetchone()[0]
        if free:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LEASE_SPACE, job_id])
    return free


def _task_failure(job: TranslationJob) -> str | None:
    """What the task queue says went wrong, when it recorded the task as failed."""
    if not job.task_result_id:
        return None
    from django_tasks import TaskResultStatus, default_task_backend

    try:
        result = default_task_backend.get_result(job.task_result_id)
    except Exception:  # unknown to this backend, expired, or the queue is unreachable
        return None
    if result.status != TaskResultStatus.FAILED:
        return None
    errors = getattr(result, "errors", None) or []
    detail = errors[-1].traceback.strip().splitlines()[-1] if errors else ""
    return detail or "the task failed"


def abandoned_reason(job: TranslationJob) -> str | None:
    """Why this open job can no longer finish, or None while it may still."""
    if job.finished:
        return None
    failure = _task_failure(job)
    if failure:
        return f"its task failed ({failure})"
    now = timezone.now()
    if job.status == JobStatus.RUNNING:
        if _leases_supported():
            if _lease_is_free(job.pk):
                return "the process running it stopped"
        elif job.started_at and now - job.started_at > timedelta(
            seconds=settings.RQ_QUEUES["default"].get("DEFAULT_TIMEOUT", 900) + 60
        ):
            return "it ran longer than the task timeout"
    elif not job.task_result_id and now - job.created_at > UNQUEUED_GRACE:
        return "it never reached the task queue"
    return None


def _fail(job: TranslationJob, message: str) -> bool:
    """Fail the job unless it ended meanwhile (whoever ends it first wins)."""
    updated = TranslationJob.objects.filter(
        pk=job.pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).update(status=JobStatus.FAILED, message=message, finished_at=timezone.now())
    if updated:
        job.refresh_from_db()
        logger.warning("Translation job %s failed: %s", job.pk, message)
    return bool(updated)


def recover(job: TranslationJob) -> bool:
    """End `job` as failed if nothing can finish it any more; True when it was ended."""
    reason = abandoned_reason(job)
    if reason is None:
        return False
    done = ", ".join(job.done_locales)
    kept = f" Drafts for {done} were created before it stopped." if done else ""
    return _fail(
        job,
        f"The machine translation stopped before it finished: {reason}. {KEPT}{kept} "
        "Start Machine-translate again to retry.",
    )


def recover_all() -> list[TranslationJob]:
    """Every open job that can no longer finish, ended as failed."""
    open_jobs = TranslationJob.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
    return [job for job in open_jobs if recover(job)]


def fail_unqueued(job: TranslationJob, exc: BaseException) -> None:
    """The task queue refused the job: say so now, instead of leaving it queued forever."""
    _fail(
        job,
        f"The task queue could not be reached ({type(exc).__name__}); nothing was translated "
        "and no draft was changed. Start Machine-translate again once it is back.",
    )

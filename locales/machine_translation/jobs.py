"""Job records for background machine-translation runs.

The admin starts a run and polls this row for progress; the command and the task
write to it, so an editor always learns why a run failed (status + message) even
when the work happened in a separate worker process.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class TranslationJob(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    target_locales = models.JSONField(default=list, help_text="BCP 47 codes.")
    locale = models.CharField(
        max_length=35,
        blank=True,
        help_text="The one target (BCP 47) of a single-locale job; blank when a job covers "
        "several locales. At most one queued or running job per guide and locale.",
    )
    provider = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    message = models.TextField(blank=True)
    done_locales = models.JSONField(default=list)
    segments_sent = models.PositiveIntegerField(default=0)
    characters_sent = models.PositiveIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0)
    progress_done = models.PositiveIntegerField(
        default=0, help_text="Provider requests done for the locale being translated."
    )
    progress_total = models.PositiveIntegerField(default=0)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Two clicks (or two concurrent requests) cannot queue the same guide and locale
            # twice: the second insert fails in the database, whatever the Python did.
            models.UniqueConstraint(
                fields=["page", "locale"],
                condition=Q(status__in=["queued", "running"]) & ~Q(locale=""),
                name="one_active_job_per_guide_locale",
            ),
        ]
        indexes = [models.Index(fields=["page", "locale", "-id"], name="job_latest")]

    def __str__(self) -> str:
        return f"Machine translation of page {self.page_id} to {', '.join(self.target_locales)}"

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def progress(self) -> tuple[int, int]:
        return len(self.done_locales), len(self.target_locales)

    @property
    def percent(self) -> int:
        """Locales done plus the share of provider requests done for the current one."""
        done, total = self.progress
        if not total:
            return 0
        current = self.progress_done / self.progress_total if self.progress_total else 0.0
        return min(100, int(100 * (done + current) / total))

    def record_progress(self, done: int, total: int) -> None:
        """Written by the worker between provider requests (outside any transaction)."""
        self.progress_done, self.progress_total = done, total
        TranslationJob.objects.filter(pk=self.pk).update(progress_done=done, progress_total=total)

    def mark_running(self) -> None:
        self.status = JobStatus.RUNNING
        self.started_at = timezone.now()
        self.save(update_fields=["status", "started_at"])

    def record_locale(self, code: str, *, segments: int, characters: int, requests: int) -> None:
        self.done_locales = [*self.done_locales, code]
        self.segments_sent += segments
        self.characters_sent += characters
        self.requests += requests
        self.progress_done = self.progress_total = 0
        self.save(
            update_fields=[
                "done_locales",
                "segments_sent",
                "characters_sent",
                "requests",
                "progress_done",
                "progress_total",
            ]
        )

    def finish(self, status: str, message: str = "") -> None:
        self.status = status
        self.message = message
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "message", "finished_at"])

    def as_dict(self) -> dict:
        done, total = self.progress
        return {
            "id": self.pk,
            "status": self.status,
            "message": self.message,
            "done": done,
            "total": total,
            "percent": self.percent,
            "done_locales": self.done_locales,
            "target_locales": self.target_locales,
            "characters_sent": self.characters_sent,
            "requests": self.requests,
            "finished": self.finished,
        }

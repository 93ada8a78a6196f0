"""Job records for background machine-translation runs.

The admin starts a run and polls this row for progress; the command and the task
write to it, so an editor always learns why a run failed (status + message) even
when the work happened in a separate worker process.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class TranslationJob(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    target_locales = models.JSONField(default=list, help_text="BCP 47 codes.")
    provider = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    message = models.TextField(blank=True)
    done_locales = models.JSONField(default=list)
    segments_sent = models.PositiveIntegerField(default=0)
    characters_sent = models.PositiveIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Machine translation of page {self.page_id} to {', '.join(self.target_locales)}"

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}

    @property
    def progress(self) -> tuple[int, int]:
        return len(self.done_locales), len(self.target_locales)

    def mark_running(self) -> None:
        self.status = JobStatus.RUNNING
        self.started_at = timezone.now()
        self.save(update_fields=["status", "started_at"])

    def record_locale(self, code: str, *, segments: int, characters: int, requests: int) -> None:
        self.done_locales = [*self.done_locales, code]
        self.segments_sent += segments
        self.characters_sent += characters
        self.requests += requests
        self.save(update_fields=["done_locales", "segments_sent", "characters_sent", "requests"])

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
            "done_locales": self.done_locales,
            "target_locales": self.target_locales,
            "characters_sent": self.characters_sent,
            "requests": self.requests,
            "finished": self.finished,
        }

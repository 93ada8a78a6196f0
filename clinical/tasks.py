"""The daily reminder run as a task (Django's task framework, like locales/machine_translation/tasks.py): on the
embedded default it runs in-process; in production an RQ worker runs it."""

from __future__ import annotations

from django_tasks import task


@task()
def send_review_reminders() -> int:
    from clinical.reminders import send_reminders

    return send_reminders()

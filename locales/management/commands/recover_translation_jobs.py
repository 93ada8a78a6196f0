"""`manage.py recover_translation_jobs`: end as failed every job whose process died.

Safe to run at any time (cron, or after an incident): a job that is still running holds
its lease and is left alone (see locales.machine_translation.recovery).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from locales.machine_translation.recovery import recover_all


class Command(BaseCommand):
    help = "Mark machine-translation jobs whose worker died as failed, with a message."

    def handle(self, *args, **options):
        ended = recover_all()
        for job in ended:
            self.stdout.write(f"job {job.pk}: {job.message}")
        self.stdout.write(f"{len(ended)} abandoned job(s) ended as failed.")

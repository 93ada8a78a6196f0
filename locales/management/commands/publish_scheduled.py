"""Wagtail's `publish_scheduled`, made to survive a translation the guard refuses.

Wagtail publishes due revisions in one loop, so a single refused translation would
abort the run and, staying scheduled, abort every later run too: no scheduled
content would go live again. Here a refused revision is unscheduled (the editor
sees why in the page history), the rest are published, and the command still exits
non-zero naming what it refused, so cron and monitoring notice.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from wagtail.log_actions import log
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from locales.gate.guard import UnreviewedTranslationError
from locales.review import audit


class Command(WagtailCommand):
    help = "Publish scheduled revisions; unschedule (and report) translations that need review."

    def handle(self, *args, **options):
        refused: list[str] = []
        # Each pass publishes what is due until a refusal; a refused revision is taken
        # off the schedule, so the number of passes is bounded by the due revisions.
        for _ in range(Revision.objects.exclude(approved_go_live_at=None).count() + 1):
            try:
                super().handle(*args, **options)
                break
            except UnreviewedTranslationError as exc:
                refused.append(self._unschedule(exc))
        if refused:
            raise CommandError("Not published (unscheduled until reviewed): " + "; ".join(refused))

    def _unschedule(self, exc: UnreviewedTranslationError) -> str:
        page = exc.page
        if page is None:
            raise exc
        due = Revision.page_revisions.filter(object_id=str(page.pk)).exclude(
            approved_go_live_at=None
        )
        due.update(approved_go_live_at=None)
        audit.flush_publish_refusals()  # the refused publish's transaction is over
        log(instance=page, action="wagtail.schedule.cancel", data={"reason": str(exc)})
        self.stderr.write(str(exc))
        return str(exc)

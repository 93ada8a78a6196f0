"""`manage.py medical_review_reminders`: enqueue today's reminder run (cron it daily)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clinical.tasks import send_review_reminders


class Command(BaseCommand):
    help = "Enqueue today's medical review reminders (run once a day from cron or a scheduler)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run here instead of enqueueing.")

    def handle(self, *args, **options):
        if options["now"]:
            from clinical.reminders import send_reminders

            sent = send_reminders()
            self.stdout.write(
                ngettext("%(count)s reminder sent", "%(count)s reminders sent", sent)
                % {"count": sent}
            )
            return
        result = send_review_reminders.enqueue()
        self.stdout.write(_("Reminder run enqueued (%(id)s)") % {"id": result.id})

from django.core.management.base import BaseCommand

from locales.services import sync_locales


class Command(BaseCommand):
    help = (
        "Create Wagtail locales (and each locale's guide index) from LOCALE_SOURCE/LOCALE_TARGETS."
    )

    def handle(self, *args, **options):
        result = sync_locales()
        self.stdout.write(
            f"locales: {len(result.created)} created ({', '.join(result.created) or '-'}), "
            f"{len(result.existing)} already present; "
            f"index pages created: {', '.join(result.index_pages_created) or '-'}; "
            f"reviewer groups: {', '.join(result.reviewer_groups)}"
        )

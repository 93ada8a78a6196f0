"""Rebuild the API read model from the live pages (after a restore, or to verify it)."""

from django.core.management.base import BaseCommand

from api.services import rebuild_all


class Command(BaseCommand):
    help = "Rebuild every guide's API snapshots from its live revisions and drop cached copies."

    def handle(self, *args, **options):
        result = rebuild_all()
        self.stdout.write(
            f"{len(result.changed)} guide(s) changed; slugs: {', '.join(sorted(result.slugs)) or '-'}"
        )

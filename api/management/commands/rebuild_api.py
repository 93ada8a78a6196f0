"""Rebuild the API read model from the live pages (after a restore, or to verify it)."""

from django.core.management.base import BaseCommand

from api.read_model.rebuild import rebuild_all
from api.search.indexing import rebuild_search_index


class Command(BaseCommand):
    help = (
        "Rebuild every guide's API snapshots from its live revisions, drop cached copies "
        "and re-index every snapshot for search."
    )

    def handle(self, *args, **options):
        result = rebuild_all()
        self.stdout.write(
            f"{len(result.changed)} guide(s) changed; slugs: {', '.join(sorted(result.slugs)) or '-'}"
        )
        indexed = rebuild_search_index()
        self.stdout.write(f"search index: {indexed} snapshot(s) indexed")

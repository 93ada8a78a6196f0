from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.importing.parser import GuideFormatError
from content.services import import_guide_file


class Command(BaseCommand):
    help = "Import (or update) a plain-text guide as a GuidePage in the source locale."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--slug", help="page slug (default: from the file name)")
        parser.add_argument("--title", help="page title (default: from the file name)")
        parser.add_argument("--publish", action="store_true", help="publish the imported revision")

    def handle(self, *args, path: Path, slug=None, title=None, publish=False, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = import_guide_file(path, slug=slug, title=title, publish=publish)
        except GuideFormatError as exc:
            raise CommandError(f"{path}:{exc.line}: {exc.message} (nothing was written)") from None
        page = result.page
        state = (
            "created"
            if result.created
            else ("updated (new revision)" if result.revision_created else "unchanged")
        )
        groups = list(page.faq_groups())
        self.stdout.write(
            f"{page.slug}: {state}; {len(groups)} groups, "
            f"{sum(len(g.items) for g in groups)} questions; "
            f"{'published' if page.live else 'draft'}"
        )

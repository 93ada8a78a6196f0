from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.importing.parser import GuideFormatError
from content.services import EditedSinceImportError, ImportResult, import_guide_file


class Command(BaseCommand):
    help = (
        "Import (or update) a plain-text guide as a GuidePage in the source locale. A guide "
        "changed since its last import (in the admin or otherwise) is refused unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--slug", help="page slug (default: from the file name)")
        parser.add_argument("--title", help="page title (default: from the file name)")
        parser.add_argument("--publish", action="store_true", help="publish the imported revision")
        parser.add_argument(
            "--force",
            action="store_true",
            help="import even over wording changed since the last import (that revision "
            "stays in the page history)",
        )

    def handle(self, *args, path: Path, slug=None, title=None, publish=False, force=False, **o):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = import_guide_file(path, slug=slug, title=title, publish=publish, force=force)
        except GuideFormatError as exc:
            raise CommandError(f"{path}:{exc.line}: {exc.message} (nothing was written)") from None
        except EditedSinceImportError as exc:
            raise CommandError(f"{path}: {exc}") from None
        page = result.page
        groups = list(page.faq_groups())
        self.stdout.write(
            f"{page.slug}: {_state(result)}; {len(groups)} groups, "
            f"{sum(len(g.items) for g in groups)} questions; "
            f"{'published' if page.live else 'draft'}"
        )


def _state(result: ImportResult) -> str:
    if result.created:
        return "created"
    if not result.revision_created:
        return "unchanged"
    if result.replaced is None:
        return "updated (new revision)"
    who = result.replaced.user.get_username() if result.replaced.user else "no user recorded"
    return f"updated (new revision, replacing revision {result.replaced.pk} by {who})"

"""`manage.py export_xliff SLUG [SLUG ...] --to es -o FILE`: XLIFF 1.2 for a translation agency."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from locales.handoff import INSTALL_HINT, xliff_available
from locales.machine_translation.drafts import DraftError
from locales.registry import UnknownLocale, get_registry


class Command(BaseCommand):
    help = (
        "Export source guides for one target locale as XLIFF 1.2: one trans-unit per "
        "segment, numbers/doses/markup as inline codes, current translations as targets."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="+", help="Slugs of source-locale guides.")
        parser.add_argument("--to", required=True, help="The target locale (BCP 47).")
        parser.add_argument("-o", "--output", required=True, help="File to write ('-' for stdout).")

    def handle(self, *args, slugs: list[str], to: str, output: str, **options):
        if not xliff_available():
            raise CommandError(INSTALL_HINT)
        from content.models import GuidePage
        from locales.handoff.export import export_xliff

        registry = get_registry()
        pages = []
        for slug in slugs:
            page = GuidePage.objects.filter(
                slug=slug, locale__language_code=registry.source.django_code
            ).first()
            if page is None:
                raise CommandError(f"No {registry.source.code} guide with slug {slug!r}.")
            pages.append(page)
        try:
            data = export_xliff(pages, to)
        except (DraftError, UnknownLocale) as exc:
            raise CommandError(str(exc)) from None
        if output == "-":
            self.stdout.write(data.decode("utf-8"))
            return
        Path(output).write_bytes(data)
        self.stdout.write(f"Wrote {len(pages)} guide(s) for {registry.get(to).code} to {output}.")

"""`manage.py import_xliff FILE [--guide SLUG --to es]`: store an agency's translations."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail_localize.models import Translation

from locales.handoff import INSTALL_HINT, xliff_available
from locales.registry import UnknownLocale, get_registry


class Command(BaseCommand):
    help = (
        "Import an XLIFF 1.2 file exported by export_xliff. Targets become agency text "
        "that a reviewer must approve; a file with any problem is refused and nothing is "
        "written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The XLIFF file the agency returned.")
        parser.add_argument("--guide", help="Refuse the file unless it is for this guide (slug).")
        parser.add_argument(
            "--to", help="With --guide: refuse the file unless it is for this locale."
        )

    def _expected(self, slug: str | None, code: str | None) -> Translation | None:
        if not slug and not code:
            return None
        if not (slug and code):
            raise CommandError("--guide and --to go together.")
        registry = get_registry()
        try:
            info = registry.get(code)
        except UnknownLocale as exc:
            raise CommandError(str(exc)) from None
        translation = Translation.objects.filter(
            source__object_id__in=_source_keys(slug),
            target_locale__language_code=info.django_code,
        ).first()
        if translation is None:
            raise CommandError(f"{slug!r} has never been exported for {info.code}.")
        return translation

    def handle(self, *args, file: str, guide: str | None, to: str | None, **options):
        if not xliff_available():
            raise CommandError(INSTALL_HINT)
        from locales.handoff.importing import XliffImportError, import_xliff

        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            result = import_xliff(
                path.read_bytes(), expected=self._expected(guide, to), source_name=path.name
            )
        except XliffImportError as exc:
            problems = "\n".join(f"  - {problem}" for problem in exc.problems)
            raise CommandError(
                f"{file} was not imported; nothing was changed:\n{problems}"
            ) from None
        self.stdout.write(result.summary())


def _source_keys(slug: str):
    from content.models import GuidePage

    return GuidePage.objects.filter(
        slug=slug, locale__language_code=get_registry().source.django_code
    ).values_list("translation_key", flat=True)

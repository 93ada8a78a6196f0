"""`manage.py translate_guide SLUG --to es,fr [--provider NAME]`: machine-translate drafts."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from locales.machine_translation.drafts import DraftError, create_machine_draft
from locales.machine_translation.providers import get_provider
from locales.machine_translation.providers.errors import TranslationError, UnknownProvider
from locales.registry import UnknownLocale, get_registry


class Command(BaseCommand):
    help = (
        "Machine-translate a source guide into draft revisions for review. Unchanged and "
        "reviewed segments are not sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Slug of the source-locale guide.")
        parser.add_argument(
            "--to",
            required=True,
            help="Comma-separated target locales (BCP 47), or 'all' for every target.",
        )
        parser.add_argument("--provider", default=None, help="Overrides TRANSLATION_PROVIDER.")

    def handle(self, *args, slug: str, to: str, provider: str | None, **options):
        from content.models import GuidePage

        registry = get_registry()
        source = GuidePage.objects.filter(
            slug=slug, locale__language_code=registry.source.django_code
        ).first()
        if source is None:
            raise CommandError(f"No {registry.source.code} guide with slug {slug!r}.")
        try:
            targets = (
                [t.code for t in registry.targets]
                if to.strip() == "all"
                else [registry.get(code).code for code in to.split(",") if code.strip()]
            )
        except UnknownLocale as exc:
            raise CommandError(str(exc)) from None
        if not targets:
            raise CommandError("--to names no locale.")
        try:
            get_provider(provider)  # refused up front, even when nothing would be sent
        except UnknownProvider as exc:
            raise CommandError(f"{exc}. Nothing was changed.") from None

        for code in targets:
            try:
                result = create_machine_draft(source, code, provider=provider)
            except (TranslationError, DraftError, UnknownProvider) as exc:
                raise CommandError(
                    f"{code}: {exc} Nothing was changed for {code}; the previous draft and "
                    "live page are as they were."
                ) from None
            if result.revision_created:
                verb = "created" if result.created else "updated"
                outcome = f"draft {verb}"
            else:
                outcome = "nothing to do, no revision written"
            self.stdout.write(
                f"{code}: {outcome} (page {result.page.pk}); {result.segments_sent} segments, "
                f"{result.characters_sent} characters in {result.requests} requests sent; "
                f"{result.reused} reused from translation memory, {result.kept} kept."
            )

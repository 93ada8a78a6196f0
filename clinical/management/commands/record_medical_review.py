"""`manage.py record_medical_review SLUG --locale LOC --reviewer USERNAME [...]`.

Records a clinician's sign-off of one guide in one locale, through the same service as
the admin (clinical.services.record_sign_off): the same refusals, the same audit entry.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from clinical.services import SignOffRefused, find_reviewer, record_sign_off
from content.locale_hooks import locale_registry as get_registry
from content.models import GuidePage


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "Record a medical sign-off of a guide in one locale."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The guide's slug (the source page's, as in the API).")
        parser.add_argument("--locale", required=True, help="The language version signed off.")
        parser.add_argument("--reviewer", required=True, help="Username of the clinician.")
        parser.add_argument("--credentials", help="e.g. “MD, Dermatology” (else the profile's).")
        parser.add_argument("--date", type=_date, help="YYYY-MM-DD, not in the future (today).")
        parser.add_argument("--notes", default="")
        parser.add_argument("--evidence", default="", help="Sources, one per line.")

    def handle(self, *args, slug, locale, reviewer, **options):
        try:
            info = get_registry().get(locale)
        except ValueError as exc:  # the registry's UnknownLocale
            raise CommandError(f"Unknown locale {locale!r}: {exc}") from None
        source = GuidePage.objects.filter(
            slug=slug, locale__language_code=get_registry().source.django_code
        ).first()
        if source is None:
            raise CommandError(f"There is no guide with the slug {slug!r}.")
        page = GuidePage.objects.filter(
            translation_key=source.translation_key,
            locale__language_code=info.django_code,
            alias_of__isnull=True,
        ).first()
        if page is None:
            raise CommandError(f"“{source.title}” has no {info.code} version to sign off.")
        try:
            user = find_reviewer(reviewer)
            sign_off = record_sign_off(
                page,
                user,
                reviewed_on=options["date"],
                credentials=options["credentials"],
                notes=options["notes"],
                evidence=options["evidence"],
            )
        except SignOffRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{slug} ({info.code}): signed off by {sign_off.reviewer_name} on "
                f"{sign_off.reviewed_on:%Y-%m-%d}"
            )
        )

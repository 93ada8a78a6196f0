"""`manage.py record_medical_review SLUG --locale LOC --reviewer USERNAME [...]`.

Records a clinician's sign-off of one guide in one locale, through the same service as
the admin (clinical.services.record_sign_off): the same refusals, the same audit entry.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clinical.services import SignOffRefused, find_reviewer, record_sign_off
from content.locale_hooks import locale_registry as get_registry
from content.models import GuidePage


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--date must be YYYY-MM-DD, not %(value)s.") % {"value": repr(value)}
        ) from None


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
            raise CommandError(
                _("Unknown locale %(locale)s: %(error)s") % {"locale": repr(locale), "error": exc}
            ) from None
        source = GuidePage.objects.filter(
            slug=slug, locale__language_code=get_registry().source.django_code
        ).first()
        if source is None:
            raise CommandError(
                _("There is no guide with the slug %(slug)s.") % {"slug": repr(slug)}
            )
        page = GuidePage.objects.filter(
            translation_key=source.translation_key,
            locale__language_code=info.django_code,
            alias_of__isnull=True,
        ).first()
        if page is None:
            raise CommandError(
                _("“%(title)s” has no %(locale)s version to sign off.")
                % {"title": source.title, "locale": info.code}
            )
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
                _("%(slug)s (%(locale)s): signed off by %(name)s on %(date)s")
                % {
                    "slug": slug,
                    "locale": info.code,
                    "name": sign_off.reviewer_name,
                    "date": f"{sign_off.reviewed_on:%Y-%m-%d}",
                }
            )
        )

"""Everything `make run` needs after migrate: locales, the demo guide, an admin login.

Run at every `make run`, so it must never change what is already there: the demo guide
is imported only when it is missing, i.e. when no source-locale guide has its slug (the
same lookup `import_guide` uses). A guide with that slug is left exactly as it is, however
it got there, wherever it sits in the tree, whatever was edited or unpublished in it; a
deleted demo guide (Wagtail deletes pages for good) is missing and imported again, as is
one whose slug was changed, which then stays as it is beside the new one.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from content.models import GuidePage
from content.services import source_locale

DEMO_GUIDE = Path(__file__).resolve().parents[2] / "fixtures" / "exosome-hair-loss-guide.txt"
DEMO_SLUG = "exosome-hair-loss"
DEMO_TITLE = "Exosome therapy for hair loss: myths and facts"
DEMO_CLINICIAN = "demo-clinician"
DEMO_CLINICIAN_CREDENTIALS = "MD, Dermatology"


class Command(BaseCommand):
    help = (
        "Create locales, import + publish the demo guide if it is missing and ensure an admin "
        "login; an existing demo guide is left alone."
    )

    def handle(self, *args, **options):
        call_command("sync_locales", stdout=self.stdout)
        existing = GuidePage.objects.filter(locale=source_locale(), slug=DEMO_SLUG).first()
        if existing is None:
            call_command(
                "import_guide",
                str(DEMO_GUIDE),
                "--slug",
                DEMO_SLUG,
                "--title",
                DEMO_TITLE,
                "--publish",
                stdout=self.stdout,
            )
            # A signed-off guide on first start, so the medical review line shows at once.
            call_command(
                "record_medical_review",
                DEMO_SLUG,
                "--locale",
                source_locale().language_code,
                "--reviewer",
                self._ensure_demo_clinician(),
                "--credentials",
                DEMO_CLINICIAN_CREDENTIALS,
                "--notes",
                "Demo sign-off recorded by setup_demo.",
                stdout=self.stdout,
            )
        else:
            state = "live" if existing.live else "not live"
            if existing.has_unpublished_changes:
                state += ", with unpublished changes"
            self.stdout.write(
                f"{DEMO_SLUG}: already there (page {existing.pk}, {state}); left alone"
            )
        username, password = self._ensure_admin()
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login: {username} / {password}  ->  {settings.WAGTAILADMIN_BASE_URL}/admin/"
            )
        )

    def _ensure_demo_clinician(self) -> str:
        """A demo clinician who holds "sign off medically" (clinical app); no password, so
        nobody can sign in as them: they exist to be named on the demo's sign-off."""
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=DEMO_CLINICIAN,
            defaults={"first_name": "Dr. Alex", "last_name": "Morgan", "is_active": True},
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="clinical", codename="sign_off_medically"
            )
        )
        return user.get_username()

    def _ensure_admin(self) -> tuple[str, str]:
        """Create the superuser once; its password comes from ADMIN_PASSWORD or var/.

        A generated password is 16 random URL-safe characters (96 bits), which every
        password validator accepts; a chosen ADMIN_PASSWORD must pass them too.
        """
        User = get_user_model()
        username = settings.ADMIN_USERNAME
        secret_file = Path(settings.VAR_DIR) / "admin-password"
        password = settings.ADMIN_PASSWORD
        must_set = bool(password)
        if password:
            try:
                validate_password(password, User(username=username, email=settings.ADMIN_EMAIL))
            except ValidationError as exc:
                raise CommandError(
                    "ADMIN_PASSWORD is too weak: " + " ".join(exc.messages)
                ) from None
        else:
            if secret_file.exists():
                password = secret_file.read_text().strip()
            else:
                password = secrets.token_urlsafe(12)
                must_set = True
                secret_file.write_text(password + "\n")
                secret_file.chmod(0o600)
        user = User.objects.filter(username=username).first()
        if user is None:
            User.objects.create_superuser(username, settings.ADMIN_EMAIL, password)
        elif must_set and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        return username, password

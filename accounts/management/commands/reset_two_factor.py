"""`manage.py reset_two_factor USERNAME`: remove someone's authenticator and backup codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.two_factor import requires_two_factor, reset_two_factor


class Command(BaseCommand):
    help = (
        "Remove a user's two-factor devices (authenticator app and backup codes), e.g. after "
        "a lost phone. If their account requires two-factor sign-in, they enrol again at "
        "their next admin page."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        removed = reset_two_factor(user)
        then = (
            " They will set it up again at their next sign-in." if requires_two_factor(user) else ""
        )
        self.stdout.write(f"Removed {removed} two-factor device(s) of {username}.{then}")

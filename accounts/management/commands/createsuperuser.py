"""Django's createsuperuser, with the password validators applied in --noinput mode too.

Interactive runs already check the password (and ask before accepting a weak one); scripted
runs take DJANGO_SUPERUSER_PASSWORD as given, which is how a deploy script would create a
superuser with the password `x`. Here that password is refused with the validators' reasons.
"""

from __future__ import annotations

import os

from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password is not None:
            fields = {self.UserModel.USERNAME_FIELD: options.get(self.UserModel.USERNAME_FIELD)}
            fields.update(
                {
                    name: options.get(name) or os.environ.get(f"DJANGO_SUPERUSER_{name.upper()}")
                    for name in self.UserModel.REQUIRED_FIELDS
                    if not self.UserModel._meta.get_field(name).many_to_many
                }
            )
            try:
                validate_password(password, self.UserModel(**fields))
            except ValidationError as exc:
                raise CommandError(
                    "DJANGO_SUPERUSER_PASSWORD is too weak: " + " ".join(exc.messages)
                ) from None
        return super().handle(*args, **options)

"""Fixtures for sign-in security: people with real passwords, the login form, TOTP codes."""

from __future__ import annotations

import pytest
from django.test import Client

PASSWORD = "correct horse battery staple"
ADDRESS = "203.0.113.7"


@pytest.fixture
def staff(django_user_model):
    """An editor with admin access (no reviewer group): signs in with PASSWORD."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        "alice", "alice@example.com", PASSWORD, first_name="Alice", last_name="Editor"
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)


@pytest.fixture
def spanish_reviewer(django_user_model, locales):
    from locales.review.permissions import ensure_reviewer_group

    user = django_user_model.objects.create_user("rosa", "rosa@example.com", PASSWORD)
    user.groups.add(ensure_reviewer_group("es"))
    return user


@pytest.fixture
def spanish_translation(demo_guide, superuser):
    """A machine draft of the demo guide in Spanish; returns its wagtail-localize Translation."""
    from locales.machine_translation.drafts import create_machine_draft
    from locales.review.selectors import translation_for_page

    return translation_for_page(create_machine_draft(demo_guide, "es", user=superuser).page)


def sign_in(client: Client, username: str, password: str, *, address: str = ADDRESS, **headers):
    """POST the admin's sign-in form as a browser at `address` would."""
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def totp_code(device, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app holding `device`'s key shows (now, or a step later)."""
    from django_otp.oath import totp

    code = totp(device.bin_key, device.step, device.t0, device.digits, drift=steps_ahead)
    return f"{code:0{device.digits}d}"

"""Passwords: Django's validators refuse weak ones wherever a password is set."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.accounts.conftest import PASSWORD


@pytest.mark.parametrize(
    ("weak", "reason"),
    [
        ("x", "too short"),
        ("password1234", "too common"),
        ("739182645310", "entirely numeric"),
        ("boss@example.org", "too similar"),
    ],
)
def test_createsuperuser_noinput_refuses_a_weak_password(db, monkeypatch, weak, reason):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", weak)
    with pytest.raises(CommandError, match=reason):
        call_command(
            "createsuperuser", "--noinput", "--username", "boss", "--email", "boss@example.org"
        )
    assert not get_user_model().objects.filter(username="boss").exists()


def test_createsuperuser_noinput_accepts_a_strong_password(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser", "--noinput", "--username", "boss", "--email", "boss@example.org"
    )
    assert get_user_model().objects.get(username="boss").check_password(PASSWORD)


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_createsuperuser_interactive_refuses_a_weak_password_until_a_strong_one(
    db, monkeypatch, capsys
):
    """Django asks again (the bypass question defaults to No), and only the strong one is set."""
    from django.contrib.auth.management.commands import createsuperuser

    typed = iter(["x", "x", PASSWORD, PASSWORD])
    monkeypatch.setattr(createsuperuser.getpass, "getpass", lambda prompt="": next(typed))
    answers: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt="": answers.append(prompt) or "")

    call_command(
        "createsuperuser",
        "--username",
        "boss",
        "--email",
        "boss@example.org",
        stdin=_Terminal(),
    )

    assert "This password is too short" in capsys.readouterr().err
    assert any("Bypass password validation" in prompt for prompt in answers)
    user = get_user_model().objects.get(username="boss")
    assert user.check_password(PASSWORD) and not user.check_password("x")


def _account_form_data(response) -> dict:
    """Every field of the admin's account page as the browser would send it back."""
    data: dict = {}
    for forms in response.context["panels_by_tab"].values():
        for panel in forms:
            form = panel.get_form()
            for name in form.fields:
                value = form[name].value()
                if value in (None, False) or hasattr(value, "field"):  # unset, or a file
                    continue
                data[form.add_prefix(name)] = value
    return data


def _change_password(client, user, new: str):
    client.force_login(user)
    data = _account_form_data(client.get("/admin/account/"))
    data.update(
        {
            "password-old_password": PASSWORD,
            "password-new_password1": new,
            "password-new_password2": new,
        }
    )
    return client.post("/admin/account/", data)


def test_admin_password_change_refuses_a_weak_password(client, staff):
    response = _change_password(client, staff, "abc123")
    assert response.status_code == 200  # the form again, with the reasons
    body = response.content.decode()
    assert "This password is too short" in body
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_admin_password_change_accepts_a_strong_password(client, staff):
    response = _change_password(client, staff, "a much longer passphrase 42")
    assert response.status_code == 302, response.content.decode()[:2000]
    staff.refresh_from_db()
    assert staff.check_password("a much longer passphrase 42")


def test_setup_demo_generates_a_password_every_validator_accepts(
    db, run_command, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    run_command("setup_demo")
    password = (tmp_path / "admin-password").read_text().strip()
    admin = get_user_model().objects.get(username="admin")
    validate_password(password, admin)  # raises if any validator objects
    assert admin.check_password(password)


def test_setup_demo_refuses_a_weak_admin_password(db, run_command, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.ADMIN_PASSWORD = "admin"
    with pytest.raises(CommandError, match="ADMIN_PASSWORD is too weak"):
        run_command("setup_demo")
    assert not get_user_model().objects.filter(username="admin").exists()

"""Sign-in lockout on the production stack: two gunicorn processes (production settings) on
the same PostgreSQL database share one count, so alternating between them gains nothing."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
import requests

from tests.production.conftest import ROOT, output_so_far

PASSWORD = "correct horse battery staple"
LOCKOUT_TEXT = "Too many failed sign-in attempts"

pytestmark = pytest.mark.production


class Browser:
    """One client (one cookie jar, one address: 127.0.0.1) signing in on a given server."""

    def __init__(self) -> None:
        self.http = requests.Session()

    def sign_in(self, base: str, password: str, **headers: str) -> requests.Response:
        form = self.http.get(f"{base}/admin/login/", timeout=10)
        assert form.status_code == 200, (form.status_code, form.text[:3000])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        return self.http.post(
            f"{base}/admin/login/",
            data={
                "csrfmiddlewaretoken": token,
                "username": "alice",
                "password": password,
                "next": "/admin/",
            },
            headers={"Referer": f"{base}/admin/login/", **headers},
            allow_redirects=False,
            timeout=10,
        )


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> str:
    """The admin's HTML needs collected static files (hashed names), as a release has them."""
    root = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CACHE_URL": "locmemcache://",
        "STATIC_ROOT": str(root),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True, timeout=300, capture_output=True,
    )  # fmt: skip
    return str(root)


@pytest.fixture
def alice(child_env, django_user_model, settings):
    from django.contrib.auth.models import Permission

    # Hashed as production hashes (the test settings' fast MD5 is unknown to it).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user = django_user_model.objects.create_user("alice", "alice@example.com", PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def test_two_app_processes_share_the_failure_count(start_app_server, alice, settings, static_root):
    plain_http = {
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": static_root,
    }
    key = {"SECRET_KEY": secrets.token_urlsafe(50)}  # one deployment: one key
    first_server = start_app_server(**plain_http, **key)
    second_server = start_app_server(**plain_http, **key)
    first, first_proc = first_server.base, first_server.proc
    second, second_proc = second_server.base, second_server.proc
    assert first_proc.pid != second_proc.pid
    limit = settings.AXES_FAILURE_LIMIT

    browser = Browser()
    statuses = [
        browser.sign_in(first if n % 2 == 0 else second, "wrong password").status_code
        for n in range(limit)
    ]
    assert statuses == [200] * (limit - 1) + [429]  # the 5th, on whichever process, locks

    for base in (first, second):
        refused = browser.sign_in(base, PASSWORD)
        assert refused.status_code == 429 and LOCKOUT_TEXT in refused.text
    forged = browser.sign_in(second, PASSWORD, **{"X-Forwarded-For": "192.0.2.10"})
    assert forged.status_code == 429  # a made-up address does not start a fresh count

    # An administrator unlocks (here: axes' command against the same database).
    from django.core.management import call_command

    call_command("axes_reset_username", "alice")
    ok = browser.sign_in(second, PASSWORD)
    assert ok.status_code == 302 and ok.headers["Location"] == "/admin/"

    # Each process wrote its own failures as JSON lines (cms/jsonlog.py), numbered by the
    # shared count.
    failed = {
        proc.pid: [
            line
            for line in map(json.loads, filter(_is_json, output_so_far(proc).splitlines()))
            if line.get("event") == "login_failed"
        ]
        for proc in (first_proc, second_proc)
    }
    assert all(failed.values())  # both processes saw failures
    counts = sorted(line["failures"] for lines in failed.values() for line in lines)
    assert counts[:limit] == list(range(1, limit + 1))
    assert {
        (line["username"], line["client_ip"]) for lines in failed.values() for line in lines
    } == {("alice", "127.0.0.1")}


def _is_json(line: str) -> bool:
    return line.startswith("{") and '"accounts.security"' in line

"""Without the optional `xliff` extra the core imports and runs, and the hand-off says what to install.

The extra's absence is real: each check runs in a fresh interpreter whose import system
refuses `translate` and `lxml`, exactly as on an install without `.[xliff]`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from locales.handoff import INSTALL_HINT, xliff_available

ROOT = Path(__file__).resolve().parents[2]

WITHOUT_EXTRA = """
import sys
class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("translate", "lxml"):
            raise ModuleNotFoundError(f"No module named {name!r}")
sys.meta_path.insert(0, Refuse())
import django
django.setup()
"""


def run_without_extra(code: str, tmp_path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_EXTRA + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_extra_is_installed_here():
    assert xliff_available()


def test_core_loads_and_checks_without_the_extra(tmp_path):
    result = run_without_extra(
        "from django.core.management import call_command\n"
        "call_command('check')\n"
        "import locales.wagtail_hooks, locales.views.urls, api.urls, cms.urls\n"
        "from locales.handoff import xliff_available\n"
        "print('AVAILABLE', xliff_available())\n",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "AVAILABLE False" in result.stdout


@pytest.mark.parametrize(
    "command",
    [["import_xliff", "agency.xlf"], ["export_xliff", "some-guide", "--to", "es", "-o", "-"]],
)
def test_commands_say_what_to_install(command, tmp_path):
    result = run_without_extra(
        "from django.core.management import call_command\n"
        f"call_command('migrate', verbosity=0)\ncall_command(*{command!r})\n",
        tmp_path,
    )
    assert result.returncode != 0
    assert "CommandError" in result.stderr
    assert "pip install 'guide-cms[xliff]'" in result.stderr


def test_admin_import_page_says_what_to_install(tmp_path):
    result = run_without_extra(
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.test import Client\n"
        "from django.test.utils import setup_test_environment\n"
        "setup_test_environment()\n"
        "user = get_user_model().objects.create_superuser('x', 'x@x.test', 'pw')\n"
        "client = Client()\n"
        "client.force_login(user)\n"
        "response = client.get('/admin/translations/xliff/import/', follow=True)\n"
        "print('STATUS', response.status_code)\n"
        "print('MESSAGES', [str(m) for m in response.context['messages']])\n",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "STATUS 200" in result.stdout
    assert INSTALL_HINT in result.stdout

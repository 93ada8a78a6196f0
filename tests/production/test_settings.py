"""cms.settings.production, loaded in a fresh process exactly as gunicorn and the worker load it."""

import json
import logging
import os
import secrets
import subprocess
import sys

import pytest

from cms.jsonlog import JsonFormatter
from tests.production.conftest import ROOT

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/guide_cms",
    "CACHE_URL": "rediscache://127.0.0.1:6379/1",
    "ALLOWED_HOSTS": "guides.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://guides.example.org",
}


def manage(
    *args: str, env: dict[str, str], drop: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k not in drop}
    full.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def secret_key() -> str:
    return secrets.token_urlsafe(50)


@pytest.mark.production
def test_check_deploy_is_clean(secret_key):
    """Warnings count: `--fail-level WARNING` fails on any security warning, not just errors."""
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PROD_ENV, "SECRET_KEY": secret_key}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DATABASE_URL", "CACHE_URL", "SECRET_KEY"])
def test_production_refuses_to_start_without_required_settings(missing, secret_key):
    """No silent fall-back to SQLite, a per-process cache or a guessable key, even when a
    developer's DEBUG=1 is still in the environment."""
    env = {k: v for k, v in {**PROD_ENV, "SECRET_KEY": secret_key}.items() if k != missing}
    env["DEBUG"] = "1"
    result = manage("check", env=env, drop=(missing,))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_settings_values(secret_key):
    """The values that make it production, read from the module as a server would load it."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'],"
        "'health': s.DATABASES['default']['CONN_HEALTH_CHECKS'],"
        "'max_age': s.DATABASES['default']['CONN_MAX_AGE'],"
        "'cache': s.CACHES['default']['BACKEND'], 'tasks': s.TASKS['default']['BACKEND'],"
        "'static': s.STORAGES['staticfiles']['BACKEND'], 'ssl': s.SECURE_SSL_REDIRECT,"
        "'first_mw': s.MIDDLEWARE[0]}))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "TASK_BACKEND")}
    env.update({**PROD_ENV, "SECRET_KEY": secret_key, "DEBUG": "1"})
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "debug": False,  # even with DEBUG=1 in the environment
        "engine": "django.db.backends.postgresql",
        "health": True,
        "max_age": 60,
        "cache": "django_redis.cache.RedisCache",
        "tasks": "cms.tasks.ResilientRQBackend",
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "ssl": True,
        "first_mw": "cms.health.HealthCheckMiddleware",
    }


def test_json_log_lines_carry_extra_fields_and_tracebacks():
    formatter = JsonFormatter()
    try:
        raise ValueError("provider said no")
    except ValueError:
        record = logging.getLogger("locales.machine_translation.tasks").makeRecord(
            "locales.machine_translation.tasks",
            logging.ERROR,
            __file__,
            1,
            "translation %s failed",
            ("job-1",),
            sys.exc_info(),
            extra={"locale": "pt-BR", "segments": 42},
        )
    line = formatter.format(record)
    assert "\n" not in line  # one record, one line, whatever the traceback
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "locales.machine_translation.tasks"
    assert entry["message"] == "translation job-1 failed"
    assert entry["locale"] == "pt-BR" and entry["segments"] == 42
    assert "ValueError: provider said no" in entry["exc"]
    assert entry["ts"].endswith("+00:00")


def test_unknown_frontend_cache_is_refused_by_name(secret_key):
    env = {**PROD_ENV, "SECRET_KEY": secret_key, "FRONTEND_CACHE": "akamai"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "FRONTEND_CACHE='akamai'" in result.stderr
    assert "varnish, cloudflare, cloudfront" in result.stderr

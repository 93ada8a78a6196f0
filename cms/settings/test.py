"""Test settings: the embedded default unless DATABASE_URL/CACHE_URL point elsewhere."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("TRANSLATION_PROVIDER", "pseudo")

from cms.settings.base import *  # noqa: F403
from cms.settings.base import env

# No generation watcher thread in the test process: its own database connection would not
# see a test's uncommitted rows. Tests that need one run gunicorn (production settings).
API_GENERATION_POLL_SECONDS = env.float("API_GENERATION_POLL_SECONDS", default=0.0)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
# Like `make run`: tests that sign in (force_login or the login form) are not sent to 2FA
# enrolment; tests/accounts enforce it with override_settings(ADMIN_2FA="required").
# (A setting, not an environment default: child processes of production tests keep theirs.)
ADMIN_2FA = "optional"
# django-axes stays on; only request-less authenticate() (the test client's login()) is let
# through without a lockout check, which axes cannot do without a request.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.TestClientAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

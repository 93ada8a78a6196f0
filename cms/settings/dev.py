"""Laptop settings: DEBUG on unless the environment says otherwise."""

import os

os.environ.setdefault("DEBUG", "1")
# The demo login printed by `make run` works without enrolling an authenticator app; anyone
# who enrols is still asked for a code. ADMIN_2FA=required tries the production behaviour.
os.environ.setdefault("ADMIN_2FA", "optional")

from cms.settings.base import *  # noqa: F403

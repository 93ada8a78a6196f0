"""The locale registry, as content sees it: through a hook, not an import.

`locales` sits above `content` (it translates content's pages), so content must not
import it. The `locales` app registers a `locale_registry` hook that returns its
registry; content asks for it here. Without the hook (the app not installed) the
error says what is missing instead of failing on an import.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks

HOOK = "locale_registry"


def locale_registry() -> Any:
    """The registry of enabled locales (locales.registry.LocaleRegistry)."""
    providers = hooks.get_hooks(HOOK)
    if not providers:
        raise ImproperlyConfigured(
            f"No app registers the {HOOK!r} Wagtail hook: add 'locales' to INSTALLED_APPS."
        )
    return providers[-1]()


def source_language_code() -> str:
    """Django language code of the locale guides are written in (e.g. "en")."""
    return locale_registry().source.django_code


def describe_locale(language_code: str) -> Any | None:
    """The registry's view of a Django language code (name, native name, direction), or None."""
    return locale_registry().find(language_code)

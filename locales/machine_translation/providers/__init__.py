"""Translation providers, chosen by name the way Django chooses cache backends.

`TRANSLATION_PROVIDER` is a short name (a key of `TRANSLATION_PROVIDERS`, or one of the
built-ins below) or a dotted path to a `Provider` subclass. `TRANSLATION_PROVIDERS`
maps names to {"BACKEND": dotted path, "OPTIONS": {...}} (credentials, MAX_CHARS,
TIMEOUT, LANGUAGE_CODES overrides).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from locales.machine_translation.providers.base import Provider
from locales.machine_translation.providers.errors import TranslationError, UnknownProvider

BUILTIN = {
    "pseudo": "locales.machine_translation.providers.pseudo.PseudoProvider",
    "google": "locales.machine_translation.providers.google.GoogleProvider",
    "deepl": "locales.machine_translation.providers.deepl.DeepLProvider",
    "microsoft": "locales.machine_translation.providers.microsoft.MicrosoftProvider",
    "libretranslate": "locales.machine_translation.providers.libretranslate.LibreTranslateProvider",
    "mymemory": "locales.machine_translation.providers.mymemory.MyMemoryProvider",
}

__all__ = ["BUILTIN", "Provider", "TranslationError", "UnknownProvider", "get_provider"]


def provider_names() -> list[str]:
    return sorted({*BUILTIN, *getattr(settings, "TRANSLATION_PROVIDERS", {})})


def get_provider(name: str | None = None) -> Provider:
    """The configured provider `name` (default settings.TRANSLATION_PROVIDER)."""
    name = (name or getattr(settings, "TRANSLATION_PROVIDER", "") or "pseudo").strip()
    configured = getattr(settings, "TRANSLATION_PROVIDERS", {})
    key = name.lower()
    if key in configured:
        path = configured[key].get("BACKEND") or BUILTIN.get(key, "")
        options = configured[key].get("OPTIONS", {})
    elif key in BUILTIN:
        path, options = BUILTIN[key], {}
    elif "." in name:
        path, options = name, {}
    else:
        raise UnknownProvider(
            f"unknown translation provider {name!r}; choose one of: {', '.join(provider_names())} "
            "(or a dotted path to a Provider subclass)"
        )
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise UnknownProvider(
            f"translation provider {name!r}: cannot import {path!r} ({exc})"
        ) from exc
    if not (isinstance(cls, type) and issubclass(cls, Provider)):
        raise UnknownProvider(f"translation provider {name!r}: {path!r} is not a Provider")
    return cls(name=key if key in configured or key in BUILTIN else name, options=options)

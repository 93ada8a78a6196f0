"""wagtail-localize's machine translator interface, backed by our pipeline.

`WAGTAILLOCALIZE_MACHINE_TRANSLATOR` points here, so the "Machine translate" button in
wagtail-localize's editor uses the same provider, placeholders, glossary and error
handling as the draft step instead of a second, unprotected path to a provider.
A TranslationError propagates: wagtail-localize writes its StringTranslations only
after `translate` returns, so a failed call stores nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

from locales.machine_translation.providers import get_provider
from locales.registry import UnknownLocale, describe, get_registry


def locale_info(locale):
    """LocaleInfo for a Wagtail Locale (enabled ones from the registry, else described)."""
    registry = get_registry()
    info = registry.find(locale.language_code)
    return info if info is not None else describe(locale.language_code)


class PipelineMachineTranslator(BaseMachineTranslator):
    """Options: {"PROVIDER": name} to pin a provider; default settings.TRANSLATION_PROVIDER."""

    @property
    def display_name(self) -> str:  # type: ignore[override]
        return get_provider(self.options.get("PROVIDER")).display_name

    def translate(self, source_locale, target_locale, strings: Iterable[StringValue]):
        from locales.glossary import GlossaryTerm
        from locales.machine_translation.pipeline import translate_texts

        strings = list(strings)
        result = translate_texts(
            [string.data for string in strings],
            source=locale_info(source_locale),
            target=locale_info(target_locale),
            glossary=list(GlossaryTerm.objects.for_target(target_locale)),
            provider=self.options.get("PROVIDER"),
        )
        return {
            string: StringValue(text)
            for string, text in zip(strings, result.translations, strict=True)
        }

    def can_translate(self, source_locale, target_locale) -> bool:
        try:
            source, target = locale_info(source_locale), locale_info(target_locale)
        except UnknownLocale:
            return False
        return get_provider(self.options.get("PROVIDER")).can_translate(source, target)

"""Locale names in the language the admin is speaking.

The registry keeps English and native names; a Spanish reviewer reads "alemán", not
"German", and an Arabic one reads "الإسبانية". Babel's CLDR data already names every
locale in every language, so these names need no entry in our message catalogues.
"""

from __future__ import annotations

from babel import Locale as BabelLocale
from babel import UnknownLocaleError
from django.utils import translation

from locales.registry import LocaleInfo, UnknownLocale, get_registry


def ui_locale() -> BabelLocale:
    """The babel locale of the active Django language (`pt-br` -> pt_BR, `zh-hans` -> zh_Hans)."""
    code = translation.to_locale(translation.get_language() or "en")
    try:
        return BabelLocale.parse(code)
    except (UnknownLocaleError, ValueError):
        return BabelLocale.parse("en")


def display_name(info: LocaleInfo) -> str:
    """`info`'s name in the active language, capitalised as a label ("Alemán (de)" reads
    wrong in a list: Spanish writes language names in lower case mid-sentence, but a
    label or heading starts with a capital)."""
    ui = ui_locale()
    name = BabelLocale.parse(info.code.replace("-", "_")).get_display_name(ui) or info.english_name
    return name[:1].upper() + name[1:]


def name_in_sentence(code: str) -> str:
    """The name as it stands mid-sentence ("la página en español", "auf Spanisch"): CLDR's
    own spelling, which is lower case where the language writes it so. Any language babel
    knows (the QA names languages that are not enabled: "pt" for Portuguese)."""
    info = get_registry().find(code)
    babel_code = (info.code if info is not None else code).replace("-", "_")
    try:
        name = BabelLocale.parse(babel_code).get_display_name(ui_locale())
    except (UnknownLocaleError, ValueError):
        return code
    return name or (info.english_name if info is not None else code)


def name_for_code(code: str) -> str:
    """The display name of an enabled locale given any spelling of its code; the code
    itself for a locale this site does not know (so a stale record still shows)."""
    try:
        return display_name(get_registry().get(code))
    except UnknownLocale:
        return code


def direction_for_code(code: str) -> str:
    """ "rtl" or "ltr" for the text of a locale, from the registry (babel's CLDR data)."""
    info = get_registry().find(code)
    return info.direction if info is not None else "ltr"


def ui_direction() -> str:
    """The direction of the admin's own language (what Wagtail puts on <html dir>)."""
    return "rtl" if translation.get_language_bidi() else "ltr"

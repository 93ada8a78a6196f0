"""The QA warnings' sentences in the reviewer's language.

qa.py decides *what* is wrong; this module says it, translated, with numbers, percentages,
script and language names formatted for the active language by babel's CLDR data
(script names such as "latín" or "اللاتينية" need no catalogue entry).
"""

from __future__ import annotations

from collections.abc import Iterable

from babel import Locale as BabelLocale
from babel.lists import format_list
from babel.numbers import format_percent
from django.utils.translation import gettext

from locales.locale_names import name_in_sentence, ui_locale
from locales.qa.language_id import SCRIPT_LABELS

# Unicode script names (language_id.script_profile) -> ISO 15924 codes CLDR names.
_ISO_15924 = {
    "Latin": "Latn",
    "Arabic": "Arab",
    "Han": "Hani",
    "Cyrillic": "Cyrl",
    "Greek": "Grek",
    "Hebrew": "Hebr",
    "Devanagari": "Deva",
    "Thai": "Thai",
    "Hangul": "Hang",
    "Hiragana": "Hira",
    "Katakana": "Kana",
    "Armenian": "Armn",
    "Georgian": "Geor",
    "Bengali": "Beng",
    "Tamil": "Taml",
    "Ethiopic": "Ethi",
}


def _ui() -> BabelLocale:
    return ui_locale()


def script_name(name: str) -> str:
    """ "Latin" -> "latín" (es), "اللاتينية" (ar); an unknown script keeps its name. English
    keeps the project's own labels ("Han (Chinese characters)": CLDR says only "Han")."""
    ui = _ui()
    if ui.language == "en":
        return SCRIPT_LABELS.get(name, name)
    code = _ISO_15924.get(name)
    return (ui.scripts.get(code) if code else None) or name


def scripts_label(names: Iterable[str]) -> str:
    """ "Latin or Cyrillic", with the language's own "or"."""
    shown = sorted(script_name(n) for n in names)
    return format_list(shown, style="or", locale=_ui()) if shown else ""


def percent(value: float) -> str:
    return format_percent(value, locale=_ui())


def listed(items: Iterable[str]) -> str:
    """Numbers or tags, as a list of measurements: "5 mg, 10" (no "and")."""
    return format_list(list(items), style="unit", locale=_ui())


def language(code: str) -> str:
    return name_in_sentence(code)


def missing(what: str) -> str:
    return gettext("missing %(items)s") % {"items": what}


def not_in_source(what: str) -> str:
    return gettext("not in the source: %(items)s") % {"items": what}


def added(what: str) -> str:
    return gettext("added %(items)s") % {"items": what}


def numbers_differ(parts: list[str]) -> str:
    return gettext("Numbers or doses differ from the source (%(details)s).") % {
        "details": gettext("; ").join(parts)
    }


def markup_differs(parts: list[str] | None) -> str:
    details = gettext("; ").join(parts) if parts else gettext("tags are out of order")
    return gettext("Formatting or links differ from the source (%(details)s).") % {
        "details": details
    }


def glossary_missing(term: str, expected: str | None) -> str:
    if expected is None:
        return gettext("Glossary: “%(term)s” must stay untranslated, but it is missing.") % {
            "term": term
        }
    return gettext("Glossary: “%(term)s” must be “%(expected)s”, but it is missing.") % {
        "term": term,
        "expected": expected,
    }


def identical() -> str:
    return gettext("The text is identical to the source: left untranslated?")


def length_ratio(ratio: float, low: float, high: float) -> str:
    return gettext(
        "The translation is %(ratio)s of the source's length (expected %(low)s to %(high)s): "
        "text may be missing or added."
    ) % {"ratio": percent(ratio), "low": percent(low), "high": percent(high)}


def empty() -> str:
    return gettext("The translation is empty.")


def wrong_script(found: str, target_code: str, expected: Iterable[str], sample: str) -> str:
    names = {
        "found": scripts_label([found]),
        "language": language(target_code),
        "expected": scripts_label(expected),
        "sample": sample,
    }
    if sample:
        return (
            gettext(
                "Wrong script: the text is mostly in %(found)s script (accented look-alike "
                "letters such as “%(sample)s”, as pseudo-localization writes), but "
                "%(language)s is written in %(expected)s script."
            )
            % names
        )
    return (
        gettext(
            "Wrong script: the text is mostly in %(found)s script, but %(language)s is "
            "written in %(expected)s script."
        )
        % names
    )


def pseudo_localized(sample: str, target_code: str) -> str:
    return gettext(
        "Pseudo-localized text: nearly every letter carries an accent or hook (“%(sample)s”), "
        "which no language does. This is placeholder output (the offline “pseudo” provider), "
        "not %(language)s."
    ) % {"sample": sample, "language": language(target_code)}


def wrong_language(found: str, probability: float, target_code: str, is_source: bool) -> str:
    names = {
        "found": language(found),
        "probability": percent(probability),
        "language": language(target_code),
    }
    if is_source:
        return (
            gettext(
                "Wrong language: the text reads as %(found)s, the source language "
                "(%(probability)s likely among the enabled languages), not %(language)s: "
                "left untranslated?"
            )
            % names
        )
    return (
        gettext(
            "Wrong language: the text reads as %(found)s (%(probability)s likely among the "
            "enabled languages), not %(language)s."
        )
        % names
    )

"""The clients' message catalogues (clients/web/i18n/): one per enabled locale, each with
exactly the messages of en.json, the plural forms its language needs, and no value a
translation does not get. A missing message would show English inside a translated
reader; this is the check that keeps that from shipping."""

from __future__ import annotations

import re

import pytest
from babel import Locale
from django.conf import settings

from clients.files import CATALOGUE_DIR, WEB_DIR
from locales.registry import describe
from tests.clients.catalogue import catalogue

CODES = sorted(path.stem for path in CATALOGUE_DIR.glob("*.json"))
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def forms(text: str | dict) -> list[str]:
    return [text] if isinstance(text, str) else list(text.values())


def placeholders(text: str | dict) -> set[str]:
    return {name for form in forms(text) for name in PLACEHOLDER.findall(form)}


def test_every_enabled_locale_has_a_catalogue_and_i18n_js_lists_them_all():
    enabled = {describe(code).code for code in [settings.LOCALE_SOURCE, *settings.LOCALE_TARGETS]}
    assert enabled <= set(CODES)
    listed = re.search(r"CATALOGUE_LOCALES = \[(.*?)\]", (WEB_DIR / "i18n.js").read_text())
    assert sorted(re.findall(r'"([\w-]+)"', listed.group(1))) == CODES


@pytest.mark.parametrize("code", CODES)
def test_a_catalogue_has_exactly_the_messages_of_english(code):
    doc = catalogue(code)
    assert doc["locale"] == code
    assert doc["direction"] == describe(code).direction
    english = catalogue("en")["messages"]
    messages = doc["messages"]
    assert sorted(set(english) - set(messages)) == [], "missing messages"
    assert sorted(set(messages) - set(english)) == [], "messages English does not have"
    for key, text in messages.items():
        assert all(form.strip() for form in forms(text)), f"{key}: empty"
        # A translation may leave a value out (its sentence names the language itself),
        # never use one the code does not pass.
        assert placeholders(text) <= placeholders(english[key]), key


@pytest.mark.parametrize("code", CODES)
def test_a_plural_message_has_every_form_of_its_language(code):
    wanted = set(Locale.parse(code.replace("-", "_")).plural_form.tags) | {"other"}
    plural = {k: v for k, v in catalogue(code)["messages"].items() if isinstance(v, dict)}
    assert set(plural) == {k for k, v in catalogue("en")["messages"].items() if isinstance(v, dict)}
    for key, text in plural.items():
        assert set(text) == wanted, key


@pytest.mark.parametrize("code", [c for c in CODES if c != "en"])
def test_a_translation_is_not_english_left_in_place(code):
    """Short labels may coincide (German "Offline"), sentences may not."""
    english = catalogue("en")["messages"]
    same = [
        key
        for key, text in catalogue(code)["messages"].items()
        if text == english[key] and len(" ".join(forms(text)).split()) > 2
    ]
    assert same == []

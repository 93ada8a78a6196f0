"""Google Translate through deep-translator's GoogleTranslator (no key; web endpoint).

deep-translator scrapes translate.google.com/m with one GET per text and refuses texts
of 5000 characters or more, so requests are packed up to 4500 characters.
"""

from __future__ import annotations

from typing import Any

from deep_translator import GoogleTranslator
from deep_translator.constants import GOOGLE_LANGUAGES_TO_CODES

from locales.machine_translation.providers.base import Provider


class GoogleProvider(Provider):
    display_name = "Google Translate"
    max_chars = 4500
    aliases = {
        "zh": "zh-CN",
        "zh-Hans": "zh-CN",
        "zh-Hant": "zh-TW",
        "zh-TW": "zh-TW",
        "he": "iw",
        "jv": "jw",
        "nb": "no",
        "fil": "tl",
    }

    def supported_codes(self) -> set[str]:
        return set(GOOGLE_LANGUAGES_TO_CODES.values())

    def client(self, source_code: str, target_code: str) -> Any:
        return self.with_codes(
            GoogleTranslator(source="auto", target="en"), source_code, target_code
        )

    def request(self, client: GoogleTranslator, text: str) -> str:
        return client.translate(text)

"""DeepL through deep-translator's DeeplTranslator (API key; free or pro endpoint).

DeepL wants upper-case codes and, as a target, a variant for English, Portuguese and
Chinese (EN-US, PT-BR, ZH-HANS); deep-translator's own table predates those, so the
pair is set through its setters. HTTP 403 is a bad key, 456 an exhausted quota.
"""

from __future__ import annotations

from typing import Any

from deep_translator import DeeplTranslator

from locales.machine_translation.providers.base import Provider

LANGUAGES = {
    "AR", "BG", "CS", "DA", "DE", "EL", "EN", "ES", "ET", "FI", "FR", "HU", "ID", "IT",
    "JA", "KO", "LT", "LV", "NB", "NL", "PL", "PT", "RO", "RU", "SK", "SL", "SV", "TR",
    "UK", "ZH",
}  # fmt: skip


class DeepLProvider(Provider):
    display_name = "DeepL"
    max_chars = 4000  # deep-translator sends the text in a GET query string
    credentials = "DEEPL_API_KEY"
    aliases = {"no": "NB", "nb": "NB"}
    target_aliases = {
        "en": "EN-US",
        "en-US": "EN-US",
        "en-GB": "EN-GB",
        "pt": "PT-PT",
        "pt-PT": "PT-PT",
        "pt-BR": "PT-BR",
        "zh": "ZH-HANS",
        "zh-Hans": "ZH-HANS",
        "zh-Hant": "ZH-HANT",
    }

    def supported_codes(self) -> set[str]:
        return LANGUAGES

    def client(self, source_code: str, target_code: str) -> Any:
        key = self.required_api_key("DEEPL_API_KEY")
        free = self.options.get("FREE_API")
        if free is None:
            free = key.endswith(":fx")  # DeepL's convention for free-plan keys
        client = DeeplTranslator(source="en", target="de", api_key=key, use_free_api=free)
        return self.with_codes(client, source_code, target_code)

    def request_headers(self) -> dict[str, str]:
        # DeepL's documented authentication; deep-translator only sends the legacy
        # `auth_key` query parameter, which DeepL has announced it will stop accepting.
        key = self.options.get("API_KEY") or ""
        return {"Authorization": f"DeepL-Auth-Key {key}"} if key else {}

    def request(self, client: DeeplTranslator, text: str) -> str:
        return client.translate(text)

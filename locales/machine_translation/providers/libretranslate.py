"""LibreTranslate (self-hosted or a mirror) through deep-translator's LibreTranslator.

The server address is required (LIBRETRANSLATE_URL); the key is optional, but
deep-translator insists on one, so a keyless setup clears it after construction and
no `api_key` parameter is sent. Servers differ in languages: newer ones spell Chinese
`zh-Hans`; set OPTIONS["LANGUAGE_CODES"] to match yours.
"""

from __future__ import annotations

from typing import Any

from deep_translator import LibreTranslator
from deep_translator.constants import LIBRE_LANGUAGES_TO_CODES

from locales.machine_translation.providers.base import Provider


class LibreTranslateProvider(Provider):
    display_name = "LibreTranslate"
    max_chars = 2000  # deep-translator puts the text in the POST query string
    credentials = "LIBRETRANSLATE_URL / LIBRETRANSLATE_API_KEY"
    aliases = {"zh-Hans": "zh", "pt-BR": "pt", "pt-PT": "pt"}

    def supported_codes(self) -> set[str]:
        return set(LIBRE_LANGUAGES_TO_CODES.values())

    def client(self, source_code: str, target_code: str) -> Any:
        url = (self.options.get("URL") or "").strip()
        if not url:
            raise self.config_error(
                "network",
                "no server address is configured. Ask an administrator to set LIBRETRANSLATE_URL.",
            )
        key = self.options.get("API_KEY") or ""
        client = LibreTranslator(
            source="en", target="es", api_key=key or "unused", custom_url=url.rstrip("/") + "/"
        )
        client.api_key = key  # "" -> deep-translator sends no api_key parameter
        return self.with_codes(client, source_code, target_code)

    def request(self, client: LibreTranslator, text: str) -> str:
        return client.translate(text)

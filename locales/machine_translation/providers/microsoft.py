"""Microsoft Translator through deep-translator's MicrosoftTranslator (key + region).

deep-translator asks the (keyless) languages endpoint once when the client is built,
then sends one POST per text. Microsoft answers errors as JSON with a numeric code;
403001 is an exhausted quota, 401xxx a bad key or region.
"""

from __future__ import annotations

from typing import Any

from deep_translator import MicrosoftTranslator

from locales.machine_translation.providers.base import Provider

LANGUAGES = {
    "af", "am", "ar", "as", "az", "ba", "bg", "bn", "bo", "bs", "ca", "cs", "cy", "da", "de",
    "dv", "el", "en", "es", "et", "eu", "fa", "fi", "fil", "fj", "fo", "fr", "fr-ca", "ga",
    "gl", "gu", "ha", "he", "hi", "hr", "ht", "hu", "hy", "id", "ig", "is", "it", "iu", "ja",
    "ka", "kk", "km", "kn", "ko", "ku", "ky", "lo", "lt", "lv", "mg", "mi", "mk", "ml", "mn",
    "mr", "ms", "mt", "my", "nb", "ne", "nl", "or", "pa", "pl", "ps", "pt", "pt-pt", "ro",
    "ru", "rw", "sk", "sl", "sm", "sn", "so", "sq", "sr-Cyrl", "sr-Latn", "sv", "sw", "ta",
    "te", "th", "ti", "tk", "tr", "tt", "ty", "ug", "uk", "ur", "uz", "vi", "xh", "yo",
    "yue", "zh-Hans", "zh-Hant", "zu",
}  # fmt: skip


class MicrosoftProvider(Provider):
    display_name = "Microsoft Translator"
    max_chars = 10000  # Microsoft's per-request limit is 50,000; one text max 10,000
    credentials = "MICROSOFT_TRANSLATOR_KEY / MICROSOFT_TRANSLATOR_REGION"
    aliases = {"pt-BR": "pt", "pt-PT": "pt-pt", "zh": "zh-Hans", "no": "nb"}

    def supported_codes(self) -> set[str]:
        return LANGUAGES

    def client(self, source_code: str, target_code: str) -> Any:
        key = self.required_api_key("MICROSOFT_TRANSLATOR_KEY (and MICROSOFT_TRANSLATOR_REGION)")
        # deep-translator checks the target against Microsoft's live language list
        # (lower-cased), which is the right authority for a pair we mapped ourselves.
        client = MicrosoftTranslator(
            source="auto",
            target=target_code.lower(),
            api_key=key,
            region=self.options.get("REGION") or None,
        )
        return self.with_codes(client, source_code, target_code)

    def request(self, client: MicrosoftTranslator, text: str) -> str:
        return client.translate(text)

"""MyMemory through deep-translator's MyMemoryTranslator (free, no key; optional email).

MyMemory answers quota and language problems with HTTP 200 and the problem in
`responseStatus`/`translatedText` (deep-translator would hand that warning back as
the "translation"), so the recorded response is checked here. 500 characters at most
per request.
"""

from __future__ import annotations

from typing import Any

from deep_translator import MyMemoryTranslator
from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

from locales.machine_translation.providers.base import Provider
from locales.machine_translation.providers.errors import TranslationError
from locales.machine_translation.providers.failures import message
from locales.machine_translation.providers.transport import current


class MyMemoryProvider(Provider):
    display_name = "MyMemory"
    max_chars = 480
    aliases = {"zh": "zh-CN", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}

    def supported_codes(self) -> set[str]:
        codes = set(MY_MEMORY_LANGUAGES_TO_CODES.values())
        return codes | {code.split("-")[0] for code in codes}

    def client(self, source_code: str, target_code: str) -> Any:
        email = self.options.get("EMAIL") or None
        client = MyMemoryTranslator(source="en-GB", target="es-ES", email=email)
        return self.with_codes(client, source_code, target_code)

    def request(self, client: MyMemoryTranslator, text: str) -> str:
        translated = client.translate(text)
        record = current()
        response = record.last_response if record else None
        data = response.json() if response is not None else {}
        status = int(data.get("responseStatus") or 200) if isinstance(data, dict) else 200
        if status != 200:
            details = str((data.get("responseData") or {}).get("translatedText") or "")
            code = (
                "quota"
                if status in (403, 429) and "LANGUAGE" not in details.upper()
                else (
                    "unsupported_language" if "LANGUAGE" in details.upper() else "invalid_response"
                )
            )
            if (
                status == 429
                and "QUOTA" not in details.upper()
                and "FREE TRANSLATIONS" not in details.upper()
            ):
                code = "rate_limited"
            raise TranslationError(
                code,
                message(
                    code,
                    self.display_name,
                    status=status,
                    detail=f" ({details[:120]})",
                    credentials="MYMEMORY_EMAIL",
                ),
                provider=self.name,
                status=status,
            )
        return translated

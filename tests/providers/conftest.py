"""Stubs for the HTTP underneath deep-translator's real Google, DeepL and LibreTranslate
classes, and a fake "translation" that behaves like a provider: it changes every word,
keeps `{{n}}` placeholders and the batch separator, and lets a test mangle them.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

GOOGLE_URL = "https://translate.google.com/m"
DEEPL_FREE_URL = "https://api-free.deepl.com/v2/translate"
DEEPL_PRO_URL = "https://api.deepl.com/v2/translate"
LIBRE_BASE = "http://libre.test"
LIBRE_URL = f"{LIBRE_BASE}/translate"
MICROSOFT_LANGUAGES_URL = "https://api.cognitive.microsofttranslator.com/languages"
MICROSOFT_URL = "https://api.cognitive.microsofttranslator.com/translate"
MYMEMORY_URL = "http://api.mymemory.translated.net/get"

_WORD = re.compile(r"[^\W\d_]+")


@pytest.fixture(autouse=True)
def _provenance_ledger(db):
    """The pipeline records every machine output in the provenance ledger (a table)."""


def fake_translate(text: str) -> str:
    """A stand-in for a real translation: every word changes ("dose" -> "DOSE-es")."""
    return _WORD.sub(lambda m: m.group(0).upper() + "-es", text)


def query(request) -> dict[str, str]:
    return {
        k: v[0] for k, v in parse_qs(urlsplit(request.url).query, keep_blank_values=True).items()
    }


def google_reply(transform: Callable[[str], str] = fake_translate):
    def callback(request):
        text = query(request)["q"]
        page = f'<html><body><div class="t0">{html.escape(transform(text))}</div></body></html>'
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page

    return callback


def deepl_reply(transform: Callable[[str], str] = fake_translate):
    def callback(request):
        text = query(request)["text"]
        return 200, {}, json.dumps({"translations": [{"text": transform(text)}]})

    return callback


def libre_reply(transform: Callable[[str], str] = fake_translate):
    def callback(request):
        text = query(request)["q"]
        return 200, {}, json.dumps({"translatedText": transform(text)})

    return callback


@pytest.fixture
def http():
    """`responses` in strict mode: any request not stubbed fails the test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture(autouse=True)
def provider_settings(settings):
    """Credentials for the stubbed providers; no pauses between retries."""
    settings.TRANSLATION_PROVIDERS = {
        **settings.TRANSLATION_PROVIDERS,
        "deepl": {
            "BACKEND": "locales.machine_translation.providers.deepl.DeepLProvider",
            "OPTIONS": {"API_KEY": "test-key:fx"},
        },
        "libretranslate": {
            "BACKEND": "locales.machine_translation.providers.libretranslate.LibreTranslateProvider",
            "OPTIONS": {"URL": LIBRE_BASE, "API_KEY": "libre-key"},
        },
        "microsoft": {
            "BACKEND": "locales.machine_translation.providers.microsoft.MicrosoftProvider",
            "OPTIONS": {"API_KEY": "ms-key", "REGION": "westeurope"},
        },
    }
    settings.TRANSLATION_TIMEOUT = 5.0
    settings.TRANSLATION_MAX_ATTEMPTS = 3
    settings.TRANSLATION_BACKOFF = 0.25
    settings.TRANSLATION_BACKOFF_MAX = 1.0
    settings.TRANSLATION_RETRY_AFTER_MAX = 4.0
    return settings


@pytest.fixture(autouse=True)
def pauses(monkeypatch) -> list[float]:
    """Record retry pauses instead of sleeping through them."""
    recorded: list[float] = []
    monkeypatch.setattr("locales.machine_translation.providers.retry.sleep", recorded.append)
    return recorded


@pytest.fixture
def en():
    from locales.registry import describe

    return describe("en", is_source=True)


@pytest.fixture
def es():
    from locales.registry import describe

    return describe("es")


@pytest.fixture
def demo_segments(demo_guide) -> list[str]:
    """Every translatable string of the demo guide, as wagtail-localize extracts it."""
    from wagtail_localize.segments import StringSegmentValue
    from wagtail_localize.segments.extract import extract_segments

    texts = [
        segment.string.data
        for segment in extract_segments(demo_guide)
        if isinstance(segment, StringSegmentValue)
    ]
    assert len(texts) > 30  # title, intro, headings, 15 questions and answers, ...
    return texts

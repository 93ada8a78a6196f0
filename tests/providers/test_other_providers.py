"""Microsoft and MyMemory through deep-translator's real classes (HTTP stubbed), and a
real timeout against a slow server on 127.0.0.1 (no stub: the socket really waits)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
import responses

from locales.machine_translation.pipeline import translate_texts
from locales.machine_translation.providers.errors import TranslationError
from locales.registry import describe
from tests.providers.conftest import (
    MICROSOFT_LANGUAGES_URL,
    MICROSOFT_URL,
    MYMEMORY_URL,
    fake_translate,
    query,
)


def microsoft_reply(request):
    body = json.loads(request.body)
    translations = [
        {"translations": [{"text": fake_translate(item["text"]), "to": "es"}]} for item in body
    ]
    return 200, {}, json.dumps(translations)


def test_microsoft_round_trip_with_key_and_region(http, en):
    http.add(
        responses.GET,
        MICROSOFT_LANGUAGES_URL,
        json={
            "translation": {"es": {"name": "Spanish"}, "zh-Hans": {"name": "Chinese Simplified"}}
        },
    )
    http.add_callback(responses.POST, MICROSOFT_URL, callback=microsoft_reply)
    result = translate_texts(
        ["Take 5 mg", "Rest"], source=en, target=describe("zh-Hans"), provider="microsoft"
    )

    assert result.translations == ["TAKE-es 5 mg", "REST-es"]
    post = http.calls[1].request
    assert post.headers["Ocp-Apim-Subscription-Key"] == "ms-key"
    assert post.headers["Ocp-Apim-Subscription-Region"] == "westeurope"
    assert query(post)["to"] == "zh-Hans" and query(post)["from"] == "en"
    assert result.requests == 2  # deep-translator's language list, then one translate call


@pytest.mark.parametrize(
    ("status", "error", "code"),
    [
        (401, {"code": 401000, "message": "credentials are missing or invalid"}, "bad_credentials"),
        (
            403,
            {"code": 403001, "message": "The subscription has exceeded its free quota."},
            "quota",
        ),
        (
            400,
            {"code": 400036, "message": "The target language is not valid."},
            "unsupported_language",
        ),
    ],
)
def test_microsoft_errors(http, en, es, status, error, code):
    http.add(
        responses.GET, MICROSOFT_LANGUAGES_URL, json={"translation": {"es": {"name": "Spanish"}}}
    )
    http.add(responses.POST, MICROSOFT_URL, status=status, json={"error": error})
    with pytest.raises(TranslationError) as caught:
        translate_texts(["Hello"], source=en, target=es, provider="microsoft")
    assert caught.value.code == code


def test_mymemory_round_trip_and_its_500_character_limit(http, en, es):
    def reply(request):
        params = query(request)
        assert params["langpair"] == "en|es"
        return (
            200,
            {},
            json.dumps(
                {
                    "responseData": {"translatedText": fake_translate(params["q"])},
                    "responseStatus": 200,
                }
            ),
        )

    http.add_callback(responses.GET, MYMEMORY_URL, callback=reply)
    words = [
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliet",
    ]
    segments = [f"Sentence {w} {v} about hair." for w in words for v in words[:4]]
    result = translate_texts(segments, source=en, target=es, provider="mymemory")
    assert result.translations[3] == "SENTENCE-es ALPHA-es DELTA-es ABOUT-es HAIR-es."
    assert all(len(query(c.request)["q"]) < 500 for c in http.calls)
    assert result.requests == len(http.calls) >= 3


def test_mymemory_quota_warning_in_a_200_is_an_error_not_a_translation(http, en, es):
    warning = "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY."
    http.add(
        responses.GET,
        MYMEMORY_URL,
        json={"responseData": {"translatedText": warning}, "responseStatus": 429},
    )
    with pytest.raises(TranslationError) as caught:
        translate_texts(["Hello"], source=en, target=es, provider="mymemory")
    assert caught.value.code == "quota"


class _SlowHandler(BaseHTTPRequestHandler):
    hits = 0

    def do_POST(self):
        type(self).hits += 1
        time.sleep(1.0)
        try:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"translatedText": "tarde"}')
        except OSError:
            pass  # the client gave up (that is the point of the test)

    def log_message(self, *args):
        pass


def test_a_real_slow_server_times_out_and_is_retried(settings, en, es, pauses):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.TRANSLATION_PROVIDERS["libretranslate"]["OPTIONS"] = {
            "URL": f"http://127.0.0.1:{server.server_port}",
            "TIMEOUT": 0.2,
        }
        settings.TRANSLATION_MAX_ATTEMPTS = 2
        with pytest.raises(TranslationError) as caught:
            translate_texts(["Hello"], source=en, target=es, provider="libretranslate")
    finally:
        server.shutdown()
        server.server_close()
    assert caught.value.code == "timeout"
    assert "within 0.2 seconds" in str(caught.value)
    assert _SlowHandler.hits == 2 and pauses == [0.25]


def test_microsoft_timeout_is_reported_even_though_deep_translator_swallows_it(http, en, es):
    # deep-translator logs the RequestException and then fails on `None.json()`; the
    # transport record still knows it was a timeout.
    http.add(
        responses.GET, MICROSOFT_LANGUAGES_URL, json={"translation": {"es": {"name": "Spanish"}}}
    )
    http.add(responses.POST, MICROSOFT_URL, body=requests.exceptions.ReadTimeout("slow"))
    with pytest.raises(TranslationError) as caught:
        translate_texts(["Hello"], source=en, target=es, provider="microsoft")
    assert caught.value.code == "timeout"
    assert len([c for c in http.calls if c.request.method == "POST"]) == 3

"""deep-translator's real Google, DeepL and LibreTranslate classes, HTTP stubbed underneath.

Each behaviour runs against all three: the request shapes differ (Google: GET scraping
translate.google.com/m; DeepL: GET /v2/translate with auth_key; LibreTranslate: POST
/translate with query parameters), the pipeline's guarantees must not.
"""

from __future__ import annotations

import json
import re

import pytest
import requests
import responses

from locales.machine_translation.pipeline import translate_texts
from locales.machine_translation.protection import MARKUP_RE, NUMBER_RE
from locales.machine_translation.providers.errors import TranslationError
from locales.registry import describe
from tests.providers.conftest import (
    DEEPL_FREE_URL,
    GOOGLE_URL,
    LIBRE_URL,
    deepl_reply,
    fake_translate,
    google_reply,
    libre_reply,
    query,
)

PROVIDERS = {
    "google": {"method": responses.GET, "url": GOOGLE_URL, "reply": google_reply, "param": "q"},
    "deepl": {
        "method": responses.GET,
        "url": DEEPL_FREE_URL,
        "reply": deepl_reply,
        "param": "text",
    },
    "libretranslate": {
        "method": responses.POST,
        "url": LIBRE_URL,
        "reply": libre_reply,
        "param": "q",
    },
}
_PROTECTED = re.compile(f"{MARKUP_RE.pattern}|{NUMBER_RE.pattern}")


def expected_translation(segment: str) -> str:
    """fake_translate applied to everything but markup and numbers (written independently
    of the pipeline: what a reader should get from a provider that honours placeholders)."""
    out, pos = [], 0
    for match in _PROTECTED.finditer(segment):
        out.append(fake_translate(segment[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(fake_translate(segment[pos:]))
    return "".join(out)


def stub(http, name, reply=None, **kwargs):
    spec = PROVIDERS[name]
    if reply is None:
        http.add_callback(spec["method"], spec["url"], callback=spec["reply"](), **kwargs)
    else:
        http.add(spec["method"], spec["url"], **reply, **kwargs)


def sent_texts(http, name) -> list[str]:
    return [query(call.request)[PROVIDERS[name]["param"]] for call in http.calls]


@pytest.fixture(params=list(PROVIDERS))
def provider(request) -> str:
    return request.param


# --- round trip and batching -------------------------------------------------------------
@pytest.mark.django_db
def test_demo_guide_round_trip(http, provider, demo_segments, en, es):
    stub(http, provider)
    result = translate_texts(demo_segments, source=en, target=es, provider=provider)

    assert result.provider == provider
    assert result.translations == [expected_translation(s) for s in demo_segments]
    assert result.requests == len(http.calls)
    assert result.requests < len(demo_segments) / 4  # packed, not one request per segment
    assert result.characters_sent == sum(len(t) for t in sent_texts(http, provider))


def test_request_parameters_use_the_providers_codes(http, provider, en):
    stub(http, provider)
    translate_texts(["Hair loss", "Scalp"], source=en, target=describe("pt-BR"), provider=provider)
    params = query(http.calls[0].request)
    got = {
        "google": (params.get("sl"), params.get("tl")),
        "deepl": (params.get("source_lang"), params.get("target_lang")),
        "libretranslate": (params.get("source"), params.get("target")),
    }[provider]
    assert (
        got
        == {"google": ("en", "pt"), "deepl": ("EN", "PT-BR"), "libretranslate": ("en", "pt")}[
            provider
        ]
    )
    if provider == "deepl":
        assert params["auth_key"] == "test-key:fx"
        assert http.calls[0].request.headers["Authorization"] == "DeepL-Auth-Key test-key:fx"
    if provider == "libretranslate":
        assert params["api_key"] == "libre-key" and params["format"] == "text"


@pytest.mark.parametrize(
    ("provider_name", "code", "expected"),
    [
        ("google", "zh-Hans", "zh-CN"),
        ("deepl", "zh-Hans", "ZH-HANS"),
        ("libretranslate", "zh-Hans", "zh"),
    ],
)
def test_chinese_script_codes_are_mapped(http, provider_name, code, expected, en):
    stub(http, provider_name)
    translate_texts(["Hair loss"], source=en, target=describe(code), provider=provider_name)
    params = query(http.calls[0].request)
    assert expected in (params.get("tl"), params.get("target_lang"), params.get("target"))


def test_batches_stay_under_the_size_limit(http, provider, settings, demo_segments, en, es):
    settings.TRANSLATION_PROVIDERS[provider] = {
        **settings.TRANSLATION_PROVIDERS[provider],
        "OPTIONS": {
            **settings.TRANSLATION_PROVIDERS[provider].get("OPTIONS", {}),
            "MAX_CHARS": 1000,
        },
    }
    stub(http, provider)
    result = translate_texts(demo_segments, source=en, target=es, provider=provider)

    texts = sent_texts(http, provider)
    assert all(len(t) <= 1000 for t in texts)
    total = sum(len(s.strip()) for s in dict.fromkeys(demo_segments))
    assert len(texts) >= total // 1000 + 1  # 7,000 characters cannot fit in fewer
    assert result.requests == len(texts)
    assert result.translations == [expected_translation(s) for s in demo_segments]


def test_a_segment_over_googles_5000_character_limit_is_split_at_sentences(http, en, es):
    sentence = "Exosome therapy may support hair follicles over 3 months. "
    long_answer = (sentence * 200).strip()  # 11,600 characters: deep-translator refuses >= 5000
    stub(http, "google")
    result = translate_texts([long_answer, "Short one"], source=en, target=es, provider="google")

    texts = sent_texts(http, "google")
    assert len(texts) == 3 and all(len(t) < 5000 for t in texts)
    assert result.translations == [
        expected_translation(long_answer),
        expected_translation("Short one"),
    ]


def test_identical_segments_are_sent_once(http, provider, en, es):
    stub(http, provider)
    result = translate_texts(["Yes.", "No.", "Yes."], source=en, target=es, provider=provider)
    assert sent_texts(http, provider) == ["Yes.\n{{#}}\nNo."]
    assert result.translations == ["YES-es.", "NO-es.", "YES-es."]


def test_segments_without_words_are_not_sent(http, provider, en, es):
    result = translate_texts(["5 mg", "", "  "], source=en, target=es, provider=provider)
    assert result.translations == ["5 mg", "", "  "]
    assert result.requests == 0 and result.characters_sent == 0 and len(http.calls) == 0


# --- markup, numbers, glossary --------------------------------------------------------
RICH = [
    'Apply <b>5%</b> minoxidil <i>twice</i> daily; see <a id="a1">the label</a>.',
    "<b>Note:</b> LED at 630 nm for 2-3 weeks &amp; rest.",
]


def test_rich_text_markup_and_numbers_survive(http, provider, en, es):
    stub(http, provider)
    result = translate_texts(RICH, source=en, target=es, provider=provider)
    for source, translated in zip(RICH, result.translations, strict=True):
        assert MARKUP_RE.findall(translated) == MARKUP_RE.findall(source)
        assert NUMBER_RE.findall(translated) == NUMBER_RE.findall(source)
    assert result.translations[0] == (
        'APPLY-es <b>5%</b> MINOXIDIL-es <i>TWICE-es</i> DAILY-es; SEE-es <a id="a1">THE-es LABEL-es</a>.'
    )
    for text in sent_texts(http, provider):
        assert "<" not in text and "5%" not in text and "630" not in text


@pytest.mark.django_db
def test_glossary_terms_survive(http, provider, en, es):
    from wagtail.models import Locale

    from locales.glossary import GlossaryTerm

    es_locale, _ = Locale.objects.get_or_create(language_code="es")
    GlossaryTerm.objects.create(source_term="minoxidil", do_not_translate=True)
    GlossaryTerm.objects.create(locale=es_locale, source_term="hair loss", translation="alopecia")
    glossary = list(GlossaryTerm.objects.for_target(es_locale))
    stub(http, provider)

    result = translate_texts(
        ["Minoxidil slows hair loss.", "Ask about minoxidil"],
        source=en,
        target=es,
        glossary=glossary,
        provider=provider,
    )
    assert result.translations == ["Minoxidil SLOWS-es alopecia.", "ASK-es ABOUT-es minoxidil"]
    assert all("minoxidil" not in t.lower() for t in sent_texts(http, provider))


def _moving(text: str) -> str:
    """A provider that reorders: every segment's first placeholder moves to its end."""
    parts = text.split("\n{{#}}\n")
    moved = []
    for part in parts:
        match = re.search(r"\{\{\d+\}\}", part)
        if match:
            rest = " ".join((part[: match.start()] + part[match.end() :]).split())
            part = f"{rest} {match.group(0)}"
        moved.append(fake_translate(part))
    return "\n{{#}}\n".join(moved)


def test_placeholders_moved_by_the_provider_are_still_restored(http, en, es):
    http.add_callback(responses.GET, DEEPL_FREE_URL, callback=deepl_reply(_moving))
    result = translate_texts(
        ["Take 5 mg daily", "Use 2% foam"], source=en, target=es, provider="deepl"
    )
    assert result.translations == ["TAKE-es DAILY-es 5 mg", "USE-es FOAM-es 2%"]


def test_a_lost_placeholder_is_retried_alone_then_accepted(http, en, es):
    drop_first = {"done": False}

    def lossy(text):
        if not drop_first["done"]:
            drop_first["done"] = True
            return fake_translate(re.sub(r"\{\{1\}\}", "", text))
        return fake_translate(text)

    http.add_callback(responses.GET, DEEPL_FREE_URL, callback=deepl_reply(lossy))
    result = translate_texts(["Take 5 mg or 10 mg", "Rest"], source=en, target=es, provider="deepl")
    assert result.translations == ["TAKE-es 5 mg OR-es 10 mg", "REST-es"]
    assert result.requests == 2  # the batch, then the damaged segment alone


def test_a_placeholder_lost_every_time_is_an_error_not_a_wrong_dose(http, en, es):
    http.add_callback(
        responses.GET,
        DEEPL_FREE_URL,
        callback=deepl_reply(lambda t: fake_translate(t.replace("{{1}}", ""))),
    )
    with pytest.raises(TranslationError) as caught:
        translate_texts(["Take 5 mg or 10 mg", "Rest"], source=en, target=es, provider="deepl")
    assert caught.value.code == "invalid_response"
    assert "lost placeholder(s) 1" in str(caught.value)
    assert "Take 5 mg or 10 mg" in str(caught.value)


def test_a_provider_that_merges_segments_falls_back_to_one_request_each(http, en, es):
    merged = deepl_reply(lambda t: fake_translate(t.replace("\n{{#}}\n", " ")))
    http.add_callback(responses.GET, DEEPL_FREE_URL, callback=merged)
    result = translate_texts(["One", "Two", "Three"], source=en, target=es, provider="deepl")
    assert result.translations == ["ONE-es", "TWO-es", "THREE-es"]
    assert result.requests == 4


# --- failures --------------------------------------------------------------------------
def test_timeout_is_retried_then_reported(http, provider, en, es, pauses):
    stub(http, provider, {"body": requests.exceptions.ReadTimeout("read timed out")})
    with pytest.raises(TranslationError) as caught:
        translate_texts(["Hello there"], source=en, target=es, provider=provider)

    error = caught.value
    assert error.code == "timeout" and error.provider == provider
    assert "did not answer within 5 seconds" in str(error)
    assert str(error).endswith("Tried 3 times. Nothing was changed.")
    assert len(http.calls) == 3 and pauses == [0.25, 0.5]
    assert all(call.request.req_kwargs["timeout"] == 5.0 for call in http.calls)


def test_connection_error_is_a_network_error(http, provider, en, es):
    stub(http, provider, {"body": requests.exceptions.ConnectionError("refused")})
    with pytest.raises(TranslationError) as caught:
        translate_texts(["Hello there"], source=en, target=es, provider=provider)
    assert caught.value.code == "network" and len(http.calls) == 3


def test_429_then_success_honours_retry_after(http, provider, en, es, pauses):
    stub(http, provider, {"status": 429, "headers": {"Retry-After": "2"}, "body": "slow down"})
    stub(http, provider)
    result = translate_texts(["Hello there"], source=en, target=es, provider=provider)
    assert result.translations == ["HELLO-es THERE-es"]
    assert result.requests == 2 and pauses == [2.0]


def test_a_long_retry_after_is_capped(http, en, es, pauses):
    stub(http, "deepl", {"status": 429, "headers": {"Retry-After": "3600"}, "body": "{}"})
    stub(http, "deepl")
    translate_texts(["Hello there"], source=en, target=es, provider="deepl")
    assert pauses == [4.0]  # TRANSLATION_RETRY_AFTER_MAX in these tests


def test_500_every_time_is_a_clear_error_and_nothing_partial(
    http, provider, settings, en, es, pauses
):
    # Two requests: the first succeeds, the second fails; the caller must get nothing.
    options = settings.TRANSLATION_PROVIDERS[provider].get("OPTIONS", {})
    settings.TRANSLATION_PROVIDERS[provider] = {
        **settings.TRANSLATION_PROVIDERS[provider],
        "OPTIONS": {**options, "MAX_CHARS": 30},
    }
    calls = {"n": 0}
    ok = PROVIDERS[provider]["reply"]()

    def first_ok_then_500(request):
        calls["n"] += 1
        return ok(request) if calls["n"] == 1 else (500, {}, "internal error")

    http.add_callback(
        PROVIDERS[provider]["method"], PROVIDERS[provider]["url"], callback=first_ok_then_500
    )
    with pytest.raises(TranslationError) as caught:
        translate_texts(
            ["First segment of text", "Second segment of text"],
            source=en,
            target=es,
            provider=provider,
        )
    error = caught.value
    assert error.code == "server_error" and error.status == 500
    assert "internal error (HTTP 500)" in str(error) and "Nothing was changed." in str(error)
    assert calls["n"] == 4 and pauses == [0.25, 0.5]  # 1 ok + 3 attempts at the second


@pytest.mark.parametrize(
    ("name", "status", "body", "code", "hint"),
    [
        ("deepl", 403, '{"message": "Authorization failure"}', "bad_credentials", "DEEPL_API_KEY"),
        ("deepl", 456, '{"message": "Quota exceeded"}', "quota", "quota"),
        (
            "libretranslate",
            403,
            '{"error": "Invalid API key"}',
            "bad_credentials",
            "LIBRETRANSLATE",
        ),
        (
            "libretranslate",
            400,
            '{"error": "zh is not supported"}',
            "unsupported_language",
            "cannot translate",
        ),
        ("google", 403, "<html>Forbidden</html>", "bad_credentials", "credentials"),
    ],
)
def test_provider_refusals_are_mapped_without_retrying(
    http, name, status, body, code, hint, en, es, pauses
):
    stub(http, name, {"status": status, "body": body})
    with pytest.raises(TranslationError) as caught:
        translate_texts(["Hello there"], source=en, target=es, provider=name)
    assert caught.value.code == code and caught.value.status == status
    assert hint in str(caught.value)
    assert len(http.calls) == 1 and pauses == []


def test_missing_deepl_key_fails_before_any_request(http, settings, en, es):
    settings.TRANSLATION_PROVIDERS["deepl"] = {
        "BACKEND": "locales.machine_translation.providers.deepl.DeepLProvider"
    }
    with pytest.raises(TranslationError) as caught:
        translate_texts(["Hello"], source=en, target=es, provider="deepl")
    assert caught.value.code == "bad_credentials" and "DEEPL_API_KEY" in str(caught.value)
    assert len(http.calls) == 0


def test_missing_libretranslate_url_is_reported_without_retrying(http, settings, en, es, pauses):
    settings.TRANSLATION_PROVIDERS["libretranslate"]["OPTIONS"] = {"URL": ""}
    with pytest.raises(TranslationError) as caught:
        translate_texts(["Hello"], source=en, target=es, provider="libretranslate")
    assert caught.value.code == "network" and "LIBRETRANSLATE_URL" in str(caught.value)
    assert len(http.calls) == 0 and pauses == []


@pytest.mark.parametrize(
    ("name", "code"), [("deepl", "sw"), ("libretranslate", "sw"), ("google", "yue")]
)
def test_unsupported_language_pair_fails_before_any_request(http, name, code, en):
    with pytest.raises(TranslationError) as caught:
        translate_texts(["Hello"], source=en, target=describe(code), provider=name)
    assert caught.value.code == "unsupported_language"
    assert "cannot translate" in str(caught.value) and code in str(caught.value)
    assert len(http.calls) == 0


def test_unparseable_answer_is_invalid_response(http, en, es):
    http.add(responses.GET, DEEPL_FREE_URL, body="<html>not json</html>", status=200)
    with pytest.raises(TranslationError) as caught:
        translate_texts(["Hello"], source=en, target=es, provider="deepl")
    assert caught.value.code == "invalid_response" and len(http.calls) == 1


def test_deepl_pro_keys_use_the_pro_endpoint(http, settings, en, es):
    settings.TRANSLATION_PROVIDERS["deepl"]["OPTIONS"] = {"API_KEY": "pro-key"}
    http.add_callback(responses.GET, "https://api.deepl.com/v2/translate", callback=deepl_reply())
    assert translate_texts(["Hi there"], source=en, target=es, provider="deepl").translations == [
        "HI-es THERE-es"
    ]


def test_keyless_libretranslate_sends_no_api_key(http, settings, en, es):
    settings.TRANSLATION_PROVIDERS["libretranslate"]["OPTIONS"] = {"URL": "http://libre.test/"}
    http.add_callback(responses.POST, LIBRE_URL, callback=libre_reply())
    translate_texts(["Hi there"], source=en, target=es, provider="libretranslate")
    assert "api_key" not in query(http.calls[0].request)


def test_json_body_is_kept_for_error_messages(http, en, es):
    # DeepL answers 400 with a JSON reason for a bad target; it is surfaced as a language error.
    http.add(
        responses.GET,
        DEEPL_FREE_URL,
        status=400,
        body=json.dumps({"message": "Value for 'target_lang' not supported."}),
    )
    with pytest.raises(TranslationError) as caught:
        translate_texts(["Hello"], source=en, target=es, provider="deepl")
    assert caught.value.code == "unsupported_language"


def test_429_every_time_is_rate_limited_after_the_retries(http, provider, en, es, pauses):
    stub(http, provider, {"status": 429, "headers": {"Retry-After": "1"}, "body": "slow down"})
    with pytest.raises(TranslationError) as caught:
        translate_texts(["Hello there"], source=en, target=es, provider=provider)
    assert caught.value.code == "rate_limited" and caught.value.status == 429
    assert "Wait a few minutes" in str(caught.value)
    assert len(http.calls) == 3 and pauses == [1.0, 1.0]

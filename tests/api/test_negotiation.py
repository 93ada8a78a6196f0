"""Locale resolution: ?locale= first, then Accept-Language (babel), then the source."""

from __future__ import annotations

import pytest

from api.negotiation import LocaleNotEnabled, locale_from_accept_language, resolve_locale

DETAIL = "/api/v1/guides/exosome-hair-loss/"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-MX,es;q=0.9,en;q=0.5", "es"),
        ("*", "en"),
        ("this is not a header;;q=zz,,", "en"),
        ("ja,ko;q=0.8", "en"),  # only unsupported languages
        ("", "en"),
        ("en;q=0.2, de;q=0.9", "de"),  # quality order, not header order
        ("pt", "pt-BR"),  # a language-only preference finds the enabled regional variant
        ("zh-CN,zh;q=0.9", "zh-Hans"),
        ("fr-CA", "fr"),
        ("ES", "es"),
    ],
)
def test_accept_language_negotiation(header, expected):
    assert resolve_locale(None, header).locale.code == expected


def test_unmatched_header_is_none_not_an_error():
    assert locale_from_accept_language("klingon") is None


def test_query_beats_header_and_is_parsed_like_the_registry():
    assert resolve_locale("pt_br", "es").locale.code == "pt-BR"
    assert resolve_locale("ZH-hans", None).locale.code == "zh-Hans"
    assert resolve_locale("", "es").locale.code == "es"  # empty param = not given


def test_unknown_explicit_locale_raises_with_enabled_list():
    with pytest.raises(LocaleNotEnabled) as exc:
        resolve_locale("ja", "es")
    assert exc.value.enabled == ["en", "es", "fr", "de", "pt-BR", "ar", "zh-Hans"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "served", "requested", "fallback"),
    [
        ("es-MX,es;q=0.9,en;q=0.5", "es", "es", False),
        ("*", "en", "en", False),
        ("%%garbage%%", "en", "en", False),
        ("ja", "en", "en", False),
        ("fr-FR,fr;q=0.9", "en", "fr", True),  # fr enabled but not translated: fallback
    ],
)
def test_http_negotiation(client, demo_guide, translate, header, served, requested, fallback):
    translate(demo_guide, "es")
    response = client.get(DETAIL, HTTP_ACCEPT_LANGUAGE=header)
    data = response.json()
    assert response.status_code == 200
    assert (data["locale"], data["requested_locale"], data["fallback"]) == (
        served,
        requested,
        fallback,
    )
    assert response["Content-Language"] == served
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        DETAIL + "?locale=ja",
        DETAIL + "faq.jsonld?locale=xx-YY",
        "/api/v1/guides/?locale=klingon",
        "/api/v1/sync/?locale=ja",
        "/api/v1/bundles/ja/",
    ],
)
def test_unknown_explicit_locale_is_400_listing_enabled(client, demo_guide, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unknown_locale"
    assert error["details"]["enabled"] == ["en", "es", "fr", "de", "pt-BR", "ar", "zh-Hans"]
    assert "es, fr, de, pt-BR, ar, zh-Hans" in error["message"]

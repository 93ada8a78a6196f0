"""Locale resolution: ?locale= first, then Accept-Language (babel), then the source."""

from __future__ import annotations

import pytest

from api.http.negotiation import LocaleNotEnabled, locale_from_accept_language, resolve_locale

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


# --- ?locale= (and a bundle's path) negotiate like Accept-Language -------------------------

REGIONAL = [
    ("es-MX", "es"),
    ("pt", "pt-BR"),
    ("fr-CA", "fr"),
    ("zh-CN", "zh-Hans"),
    ("es_mx", "es"),
    ("ZH-cn", "zh-Hans"),
    ("zh", "zh-Hans"),
    ("en-US", "en"),
    ("ar-EG", "ar"),
    ("de-CH-1996", "de"),
]


@pytest.mark.parametrize(("tag", "served"), REGIONAL)
def test_a_query_tag_negotiates_exactly_as_the_header_does(tag, served):
    """Tester's reproduction: ?locale=es-MX, pt, fr-CA, zh-CN answered 400 while the same
    tags in Accept-Language negotiated."""
    assert resolve_locale(tag, None).locale.code == served
    header = tag.replace("_", "-")  # a header's tags use hyphens only (RFC 9110)
    assert resolve_locale(None, header).locale.code == served
    assert resolve_locale(tag, None).source == "query"


@pytest.mark.parametrize(
    "tag",
    [
        "xx",
        "klingon",
        "tlh",
        "ja",
        "xx-YY",
        "zh-TW",  # Traditional Chinese: another script than the enabled zh-Hans
        "zh-Hant",
        "es-",
        "-es",
        "e s",
        "es/MX",
        "abcdefghi",
        "\U00099b79",
    ],
)
def test_a_tag_no_enabled_locale_serves_is_still_unknown(tag):
    with pytest.raises(LocaleNotEnabled):
        resolve_locale(tag, "es")
    assert locale_from_accept_language(tag) is None


def test_the_header_tries_each_preference_in_turn():
    """A close match of the first preference beats an exact match of a later one, as the
    browser clients choose (clients/web/locale.js)."""
    assert resolve_locale(None, "pt,en;q=0.5").locale.code == "pt-BR"
    assert resolve_locale(None, "zh-TW,es;q=0.5").locale.code == "es"


QUERY_URLS = [
    DETAIL + "?locale={}",
    DETAIL + "faq.jsonld?locale={}",
    "/api/v1/guides/?locale={}",
    "/api/v1/sync/?locale={}",
    "/api/v1/search/?q=hair&locale={}",
    "/api/v1/bundles/{}/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", QUERY_URLS)
@pytest.mark.parametrize(
    ("tag", "served"), [("es-MX", "es"), ("pt", "pt-BR"), ("zh-CN", "zh-Hans")]
)
def test_every_endpoint_negotiates_a_regional_tag(client, demo_guide, translate, url, tag, served):
    translate(demo_guide, "es")
    response = client.get(url.format(tag), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200, response.content[:300]
    canonical = client.get(url.format(served), HTTP_ACCEPT_LANGUAGE="de")
    assert response.content == canonical.content  # the same answer as the enabled code's
    assert response["Content-Language"] == canonical["Content-Language"]
    if response["Content-Type"] == "application/json":
        data = response.json()
        requested = data.get("requested_locale") or data.get("locale")
        if requested is None:  # a bundle names its locale
            requested = data["locale"]
        assert requested == served


@pytest.mark.django_db
def test_a_regional_detail_says_what_was_requested_and_served(client, demo_guide, translate):
    translate(demo_guide, "es")
    spanish = client.get(DETAIL + "?locale=es-MX").json()
    assert (spanish["locale"], spanish["requested_locale"], spanish["fallback"]) == (
        "es",
        "es",
        False,
    )
    portuguese = client.get(DETAIL + "?locale=pt").json()  # no pt-BR translation yet
    assert (portuguese["locale"], portuguese["requested_locale"], portuguese["fallback"]) == (
        "en",
        "pt-BR",
        True,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", [DETAIL + "?locale=zh-TW", "/api/v1/bundles/klingon/", "/api/v1/search/?q=a&locale=xx"]
)
def test_an_unknown_tag_is_still_the_clear_400_on_every_endpoint(client, demo_guide, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unknown_locale"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "shared"),
    [
        (DETAIL + "?locale=es", True),
        (DETAIL, True),
        ("/api/v1/bundles/es/", True),
        (DETAIL + "?locale=es-MX", False),  # no purge names this URL
        (DETAIL + "?locale=ES", False),
        ("/api/v1/bundles/es-MX/", False),
        ("/api/v1/guides/?locale=es&page=1", False),
    ],
)
def test_only_urls_a_purge_names_stay_in_a_shared_cache_past_max_age(
    client, demo_guide, url, shared
):
    """A CDN holds an answer for s-maxage (an hour) because a change purges its URL; a
    spelling the purge does not name (es-MX, ES) would serve an unpublished guide for up
    to an hour. Those get max-age alone, which shared caches then obey too."""
    cache_control = client.get(url)["Cache-Control"]
    assert cache_control.startswith("public, max-age=60")
    assert ("s-maxage=3600" in cache_control) is shared

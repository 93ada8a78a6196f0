"""Choosing a provider by name or dotted path, and wagtail-localize using the same pipeline."""

from __future__ import annotations

import pytest
import requests
import responses

from locales.machine_translation.providers import get_provider
from locales.machine_translation.providers.deepl import DeepLProvider
from locales.machine_translation.providers.errors import TranslationError, UnknownProvider
from locales.machine_translation.providers.pseudo import PseudoProvider
from locales.machine_translation.providers.transport import exchange
from locales.registry import describe
from tests.providers.conftest import DEEPL_FREE_URL, deepl_reply


def test_default_is_the_setting_and_pseudo_in_tests(settings):
    assert isinstance(get_provider(), PseudoProvider)
    settings.TRANSLATION_PROVIDER = "deepl"
    provider = get_provider()
    assert isinstance(provider, DeepLProvider) and provider.options["API_KEY"] == "test-key:fx"


def test_a_dotted_path_works_like_a_django_backend():
    provider = get_provider("locales.machine_translation.providers.pseudo.PseudoProvider")
    assert isinstance(provider, PseudoProvider)


def test_an_unknown_name_lists_the_choices():
    with pytest.raises(
        UnknownProvider, match=r"unknown translation provider 'bing'.*deepl.*pseudo"
    ):
        get_provider("bing")
    with pytest.raises(UnknownProvider, match="cannot import"):
        get_provider("locales.nothing.Here")
    with pytest.raises(UnknownProvider, match="is not a Provider"):
        get_provider("locales.registry.LocaleRegistry")


def test_options_override_limits_and_language_codes(settings):
    settings.TRANSLATION_PROVIDERS["libretranslate"]["OPTIONS"].update(
        {"MAX_CHARS": 900, "TIMEOUT": 2, "LANGUAGE_CODES": {"zh-Hans": "zh-Hans"}}
    )
    provider = get_provider("libretranslate")
    assert provider.max_chars == 900 and provider.timeout == 2.0
    assert provider.language_code(describe("zh-Hans"), target=True) == "zh-Hans"
    # Script and region variants fall back step by step: zh-Hant-TW -> zh-Hant -> zh.
    assert get_provider("google").language_code(describe("zh-Hant-TW"), target=True) == "zh-TW"
    assert get_provider("deepl").language_code(describe("pt-BR"), target=False) == "PT"


def test_can_translate_reflects_each_providers_languages():
    en, sw, es = describe("en"), describe("sw"), describe("es")
    assert get_provider("deepl").can_translate(en, es)
    assert not get_provider("deepl").can_translate(en, sw)
    assert get_provider("google").can_translate(en, sw)
    assert not get_provider("google").can_translate(en, describe("en-GB"))  # same language


def test_timeout_is_only_injected_inside_a_provider_call():
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, "http://other.test/", body="ok")
        mock.add(responses.GET, "http://other.test/", body="ok")
        requests.get("http://other.test/")
        with exchange(timeout=1.5) as record:
            requests.get("http://other.test/")
        assert mock.calls[0].request.req_kwargs["timeout"] is None
        assert mock.calls[1].request.req_kwargs["timeout"] == 1.5
        assert record.requests == 1 and record.last_response.status_code == 200


# --- wagtail-localize's machine translator ---------------------------------------------
@pytest.mark.django_db
def test_wagtail_localize_uses_our_translator_with_protection_and_glossary(locales, http, settings):
    from wagtail.models import Locale
    from wagtail_localize.machine_translators import get_machine_translator
    from wagtail_localize.strings import StringValue

    from locales.glossary import GlossaryTerm
    from locales.machine_translation.providers.localize import PipelineMachineTranslator

    settings.TRANSLATION_PROVIDER = "deepl"
    http.add_callback(responses.GET, DEEPL_FREE_URL, callback=deepl_reply())
    GlossaryTerm.objects.create(source_term="minoxidil", do_not_translate=True)
    translator = get_machine_translator()
    assert isinstance(translator, PipelineMachineTranslator)
    assert translator.display_name == "DeepL"

    en, es = Locale.objects.get(language_code="en"), Locale.objects.get(language_code="es")
    strings = [StringValue('Use <a id="a1">minoxidil</a> 5% daily'), StringValue("Rest")]
    result = translator.translate(en, es, strings)
    assert {s.data: v.data for s, v in result.items()} == {
        'Use <a id="a1">minoxidil</a> 5% daily': 'USE-es <a id="a1">minoxidil</a> 5% DAILY-es',
        "Rest": "REST-es",
    }
    assert translator.can_translate(en, es)
    assert not translator.can_translate(en, en)


@pytest.mark.django_db
def test_wagtail_localize_translator_raises_instead_of_storing_a_partial_result(
    locales, http, settings
):
    from wagtail.models import Locale
    from wagtail_localize.machine_translators import get_machine_translator
    from wagtail_localize.strings import StringValue

    settings.TRANSLATION_PROVIDER = "deepl"
    http.add(responses.GET, DEEPL_FREE_URL, status=403, body="{}")
    en, es = Locale.objects.get(language_code="en"), Locale.objects.get(language_code="es")
    with pytest.raises(TranslationError) as caught:
        get_machine_translator().translate(en, es, [StringValue("Hello")])
    assert caught.value.code == "bad_credentials"


@pytest.mark.django_db
def test_wagtail_localize_machine_translate_action_stores_pseudo_translations(
    demo_guide, django_user_model
):
    """wagtail-localize's own "Machine translate" action, end to end on the demo guide."""
    from wagtail.models import Locale
    from wagtail_localize.machine_translators import get_machine_translator
    from wagtail_localize.models import StringTranslation, Translation, TranslationSource
    from wagtail_localize.views.edit_translation import apply_machine_translation

    from locales.machine_translation.providers.pseudo import pseudolocalize

    source, _ = TranslationSource.get_or_create_from_instance(demo_guide)
    es = Locale.objects.get(language_code="es")
    translation = Translation.objects.create(source=source, target_locale=es)
    editor = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    translation.save_target(user=editor, publish=False)  # the draft page the editor works on

    assert apply_machine_translation(translation.id, editor, get_machine_translator())

    stored = {
        t.translation_of.data: t.data
        for t in StringTranslation.objects.filter(locale=es).select_related("translation_of")
    }
    assert len(stored) == source.stringsegment_set.values("string").distinct().count() > 30
    assert stored["What are Exosomes?"] == pseudolocalize("What are Exosomes?")
    assert all(
        t.tool_name == "Pseudo-localization" for t in StringTranslation.objects.filter(locale=es)
    )

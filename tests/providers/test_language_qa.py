"""QA of the script and language of a translation: the wrong one is flagged, the right one
and short or language-neutral strings never are (locales/qa/checks.py, locales/qa/language_id.py)."""

# ruff: noqa: RUF001  (genuine Chinese punctuation, en dashes in doses)
from __future__ import annotations

import pytest

from locales.glossary import GlossaryTerm
from locales.machine_translation.providers.pseudo import pseudolocalize
from locales.qa import language_id
from locales.qa.checks import MIN_LANGUAGE_LETTERS, check_translation, prose
from locales.registry import describe, get_registry
from tests.providers.language_samples import (
    SAMPLES,
    SHORT_OR_NEUTRAL,
    WITH_TERMS,
    english_paragraphs,
)

LANGUAGE_CODES = {"wrong_script", "pseudo_localized", "wrong_language"}
TARGETS = {info.language: info for info in get_registry().targets}
LATIN_TARGETS = ["es", "fr", "de", "pt"]
# A source these samples could be translations of (the length ratio stays in range).
SOURCE = (
    "Exosomes are small extracellular vesicles that play a key role in how cells "
    "communicate with each other."
)


def language_warnings(source: str, translated: str, target, **kwargs) -> list:
    warnings = check_translation(source, translated, target=target, **kwargs)
    return [w for w in warnings if w.code in LANGUAGE_CODES]


def long_samples(language: str) -> list[str]:
    """Samples with enough letters for the language check (headings are too short)."""
    return [
        s for s in SAMPLES[language] if sum(ch.isalpha() for ch in prose(s)) >= MIN_LANGUAGE_LETTERS
    ]


def test_the_enabled_locales_are_the_ones_these_samples_cover():
    assert sorted(TARGETS) == sorted(SAMPLES.keys() - {"en"})
    assert get_registry().source.language == "en"


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_text_in_the_target_language_has_no_script_or_language_warning(language):
    target = TARGETS[language]
    for text in SAMPLES[language]:
        assert language_warnings(SOURCE, text, target) == [], text


@pytest.mark.parametrize(
    ("target_language", "written_in"),
    [(t, w) for t in LATIN_TARGETS for w in LATIN_TARGETS if t != w],
)
def test_another_latin_language_is_flagged_as_the_wrong_language(target_language, written_in):
    target = TARGETS[target_language]
    for text in long_samples(written_in):
        (warning,) = language_warnings(SOURCE, text, target)
        assert warning.code == "wrong_language", text
        assert f"reads as {describe(written_in).english_name} (" in warning.message
        assert warning.message.endswith(f"not {target.english_name}.")


@pytest.mark.parametrize("target_language", LATIN_TARGETS)
def test_english_for_a_latin_target_says_it_is_the_source_language(target_language):
    target = TARGETS[target_language]
    paragraphs = [p for p in english_paragraphs() if len(p) > 80]
    for text in paragraphs:
        # not identical to its source: a provider that echoed part of it, or a human paste
        (warning,) = language_warnings(SOURCE, text, target)
        assert warning.code == "wrong_language"
        assert warning.message.startswith(
            "Wrong language: the text reads as English, the source language ("
        )
        assert warning.message.endswith(f"not {target.english_name}: left untranslated?")


@pytest.mark.parametrize(
    ("target_language", "written_in", "found"),
    [
        ("ar", "en", "Latin"),
        ("zh", "en", "Latin"),
        ("ar", "fr", "Latin"),
        ("zh", "es", "Latin"),
        ("es", "zh", "Han (Chinese characters)"),
        ("de", "ar", "Arabic"),
        ("zh", "ar", "Arabic"),
        ("ar", "zh", "Han (Chinese characters)"),
    ],
)
def test_text_in_another_script_is_flagged_as_the_wrong_script(target_language, written_in, found):
    target = TARGETS[target_language]
    texts = english_paragraphs()[:3] if written_in == "en" else long_samples(written_in)
    expected = {"ar": "Arabic", "zh": "Han (Chinese characters)"}.get(target_language, "Latin")
    for text in texts:
        (warning,) = language_warnings(SOURCE, text, target)
        assert warning.code == "wrong_script", text
        assert warning.message == (
            f"Wrong script: the text is mostly in {found} script, but "
            f"{target.english_name} is written in {expected} script."
        )


@pytest.mark.parametrize("target_language", ["ar", "zh"])
def test_pseudo_localized_text_is_the_wrong_script_for_arabic_and_chinese(target_language):
    target = TARGETS[target_language]
    for source in english_paragraphs():
        (warning,) = language_warnings(source, pseudolocalize(source), target)
        assert warning.code == "wrong_script"
        assert "mostly in Latin script (accented look-alike letters such as “" in warning.message
        assert "as pseudo-localization writes" in warning.message


@pytest.mark.parametrize("target_language", LATIN_TARGETS)
def test_pseudo_localized_text_is_flagged_for_latin_targets_too(target_language):
    """The decision: pseudo output is no language, so it is flagged for every target.

    (The language model alone would call it Spanish: ñ, é and à are Spanish letters.)
    """
    target = TARGETS[target_language]
    for source in [*english_paragraphs(), "FAQ", "Hair loss", "Minoxidil 5%"]:
        (warning,) = language_warnings(source, pseudolocalize(source), target)
        assert warning.code == "pseudo_localized", source
        assert f"not {target.english_name}." in warning.message
        assert "nearly every letter carries an accent or hook" in warning.message


def test_identical_to_a_long_source_is_untranslated_and_nothing_else():
    for target in TARGETS.values():
        assert [w.code for w in check_translation("Hair loss", "Hair loss", target=target)] == [
            "untranslated"
        ]
    for source in english_paragraphs():
        for target in TARGETS.values():
            codes = [w.code for w in check_translation(source, source, target=target)]
            assert codes == ["untranslated"], (source, target.code)


@pytest.mark.parametrize("text", SHORT_OR_NEUTRAL)
def test_short_or_language_neutral_strings_never_warn_about_script_or_language(text):
    for target in TARGETS.values():
        # kept as they are, or inside another segment's translation
        assert check_translation(text, text, target=target) == [], (text, target.code)
        assert language_warnings("Some text to translate.", text, target) == []


def test_numbers_doses_and_markup_are_not_read_as_a_language():
    source = "<p>Take <b>1.5 mg</b> twice daily, 2–3 weeks; max. 5 mg/kg (ISO 13485).</p>"
    mostly_numbers = "<p><b>1.5 mg</b> x2, 2–3 sem.; máx. 5 mg/kg (ISO 13485).</p>"
    for target in TARGETS.values():
        assert language_warnings(source, mostly_numbers, target) == []
        assert language_warnings("5 mg/kg", "5 mg/kg", target) == []


def test_identical_doses_and_glossary_terms_are_no_words_of_an_untranslated_text():
    glossary = [GlossaryTerm(source_term="Rogaine", do_not_translate=True)]
    for target in TARGETS.values():
        assert check_translation("Finasteride 1 mg", "Finasteride 1 mg", target=target) == []
        assert (
            check_translation("Rogaine 5 %", "Rogaine 5 %", target=target, glossary=glossary) == []
        )


@pytest.mark.parametrize(
    ("language", "text"), [(lang, t) for lang, texts in WITH_TERMS.items() for t in texts]
)
def test_proper_nouns_and_english_terms_inside_a_translation_are_no_noise(language, text):
    assert language_warnings(SOURCE, text, TARGETS[language]) == []


def test_glossary_terms_do_not_count_towards_the_script():
    glossary = [
        GlossaryTerm(source_term="Platelet-rich plasma therapy", do_not_translate=True),
    ]
    translated = "Platelet-rich plasma therapy 疗法"
    assert (
        language_warnings(
            "Platelet-rich plasma therapy works.", translated, TARGETS["zh"], glossary=glossary
        )
        == []
    )
    assert [
        w.code
        for w in language_warnings("Platelet-rich plasma therapy works.", translated, TARGETS["zh"])
    ] == ["wrong_script"]


def test_the_language_model_is_loaded_once_and_only_when_a_text_needs_it(monkeypatch):
    monkeypatch.setattr(language_id, "_model", None)
    monkeypatch.setattr(language_id, "_views", {})
    monkeypatch.setattr(language_id, "_known", frozenset())
    # Arabic and Chinese: the script decides, no other enabled language shares it
    check_translation(SOURCE, SAMPLES["ar"][4], target=TARGETS["ar"])
    check_translation(SOURCE, SAMPLES["zh"][4], target=TARGETS["zh"])
    check_translation("FAQ", "Preguntas frecuentes", target=TARGETS["es"])  # too short
    assert language_id._model is None

    check_translation(SOURCE, SAMPLES["es"][4], target=TARGETS["es"])
    model = language_id._model
    assert model is not None and list(language_id._views) == [("de", "en", "es", "fr", "pt")]
    view = language_id._views[("de", "en", "es", "fr", "pt")]
    for language in LATIN_TARGETS:
        check_translation(SOURCE, SAMPLES[language][4], target=TARGETS[language])
    assert language_id._model is model and language_id._views == {
        ("de", "en", "es", "fr", "pt"): view
    }


def test_scripts_come_from_unicode_and_cldr():
    assert language_id.letter_script("ĥ") == "Latin" and language_id.letter_script("ب") == "Arabic"
    assert language_id.letter_script("中") == "Han" and language_id.letter_script("µ") is None
    assert language_id.locale_scripts("ar") == {"Arabic"}
    assert language_id.locale_scripts("zh-Hans") == {"Han"}
    assert language_id.locale_scripts("pt-BR") == {"Latin"}
    assert language_id.locale_scripts("ja") == {"Han", "Hiragana", "Katakana"}
    assert language_id.locale_scripts("sr") == {"Cyrillic"}

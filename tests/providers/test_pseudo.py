"""The offline pseudo-localization provider: deterministic, visibly machine-made, safe."""

from __future__ import annotations

import re

from locales.machine_translation.pipeline import translate_texts
from locales.machine_translation.providers.pseudo import pseudolocalize, pseudolocalize_batch


def test_same_input_gives_same_output():
    text = "Exosomes are tiny vesicles released by cells."
    assert pseudolocalize(text) == pseudolocalize(text)
    assert pseudolocalize(text) == "[Éẋöšöɱéš àŕé ţîñý ṽéšîçĺéš ŕéĺéàšéđ ƀý çéĺĺš. ···········]"


def test_latin_letters_are_accented_and_text_is_bracketed():
    out = pseudolocalize("What is hair loss?")
    assert out.startswith("[") and out.endswith("]")
    assert not re.search(r"[A-Za-z]", out)  # every ASCII letter swapped for a look-alike


def test_about_thirty_percent_longer():
    text = "Platelet-rich plasma and exosome therapy are both regenerative treatments."
    ratio = len(pseudolocalize(text)) / len(text)
    assert 1.25 <= ratio <= 1.45


def test_markup_entities_and_placeholders_pass_through():
    out = pseudolocalize('See <a id="a1">the study</a> &amp; take {{0}} daily.')
    assert '<a id="a1">' in out and "</a>" in out
    assert "&amp;" in out
    assert "{{0}}" in out
    assert "ţĥé šţûđý" in out


def test_blank_text_is_left_alone():
    assert pseudolocalize("   ") == "   "


def test_batch_keeps_separators_and_wraps_each_segment():
    out = pseudolocalize_batch("One\n{{#}}\nTwo")
    assert out == "[Öñé ·]\n{{#}}\n[Ţŵö ·]"


def test_pipeline_with_pseudo_is_the_default_provider(en, es, settings):
    settings.TRANSLATION_PROVIDER = "pseudo"
    result = translate_texts(["Good morning", "<b>Bold</b> move"], source=en, target=es)
    assert result.provider == "pseudo"
    assert result.translations == ["[Ĝööđ ɱöŕñîñĝ ···]", "[<b>ßöĺđ</b> ɱöṽé ··]"]
    assert result.requests == 1  # both segments packed into one batch
    assert result.characters_sent == len("Good morning\n{{#}}\n{{0}}Bold{{1}} move")

"""Numbers, doses, glossary terms and markup are shielded from the provider and restored."""

from __future__ import annotations

import pytest

from locales.glossary import GlossaryTerm
from locales.machine_translation.protection import PlaceholderMismatch, protect, restore


def term(source, translation="", *, dnt=False, case_sensitive=False) -> GlossaryTerm:
    # Unsaved model instances: protection only reads their fields.
    return GlossaryTerm(
        source_term=source,
        translation=translation,
        do_not_translate=dnt,
        case_sensitive=case_sensitive,
    )


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Apply 5% minoxidil", ["5%"]),
        ("Take 1 mg daily", ["1 mg"]),
        ("Red light at 630 nm", ["630 nm"]),
        ("Results in 2-3 weeks", ["2-3"]),
        ("Results in 2\u20133 months", ["2\u20133"]),
        ("A 0.5 mg/mL solution and 1,000 IU", ["0.5 mg/mL", "1,000 IU"]),
        ("Session 3 of 10", ["3", "10"]),
    ],
)
def test_numbers_doses_and_units_become_placeholders(text, tokens):
    protected = protect(text)
    assert list(protected.tokens) == tokens
    for token in tokens:
        assert token not in protected.text
    assert restore(protected.text, protected) == text


def test_unit_words_that_are_not_units_stay_translatable():
    protected = protect("Wait 2 weeks and 3 months")
    assert protected.text == "Wait {{0}} weeks and {{1}} months"


def test_markup_comes_back_byte_identical_after_the_text_changes():
    source = 'Use <b>only</b> as <i>directed</i>; see <a id="a1">the label</a> &amp; ask.'
    protected = protect(source)
    assert "<" not in protected.text and "&amp;" not in protected.text
    translated = protected.text.replace("Use", "Usar").replace("only", "solo")
    assert restore(translated, protected) == (
        'Usar <b>solo</b> as <i>directed</i>; see <a id="a1">the label</a> &amp; ask.'
    )


def test_do_not_translate_terms_keep_their_source_spelling():
    protected = protect(
        "Minoxidil and finasteride", [term("minoxidil", dnt=True), term("finasteride", dnt=True)]
    )
    assert protected.text == "{{0}} and {{1}}"
    assert restore("{{0}} y {{1}}", protected) == "Minoxidil y finasteride"


def test_required_translation_replaces_the_term():
    protected = protect("Hair loss is common", [term("hair loss", "caída del cabello")])
    assert restore("{{0}} es común", protected) == "Caída del cabello es común"
    lower = protect("Treat hair loss early", [term("hair loss", "caída del cabello")])
    assert restore("Trate {{0}} pronto", lower) == "Trate caída del cabello pronto"


def test_longer_glossary_terms_win_and_case_sensitivity_is_respected():
    glossary = [term("PRP", dnt=True, case_sensitive=True), term("PRP therapy", "terapia PRP")]
    protected = protect("PRP therapy differs from prp", glossary)
    assert protected.kinds == ("glossary",)
    assert protected.text == "{{0}} differs from prp"


def test_numbers_inside_tags_or_terms_are_not_split():
    protected = protect('<a id="a12">Finasteride 1 mg</a>', [term("finasteride 1 mg", dnt=True)])
    assert protected.kinds == ("markup", "glossary", "markup")


def test_placeholders_may_move_and_gain_spaces():
    protected = protect("Take <b>5 mg</b> now")
    assert protected.text == "Take {{0}}{{1}}{{2}} now"
    assert restore("Ahora tome {{ 0 }}{{1}}{ {2} }", protected) == "Ahora tome <b>5 mg</b>"


def test_a_lost_placeholder_is_an_error_not_silent_corruption():
    protected = protect("Take 5 mg twice")
    with pytest.raises(PlaceholderMismatch, match="lost placeholder"):
        restore("Tome dos veces", protected)


def test_a_duplicated_or_invented_placeholder_is_an_error():
    protected = protect("Take 5 mg")
    with pytest.raises(PlaceholderMismatch, match="duplicated or unknown"):
        restore("Tome {{0}} {{0}}", protected)
    with pytest.raises(PlaceholderMismatch, match=r"duplicated or unknown placeholder.s. 7"):
        restore("Tome {{0}} {{7}}", protected)


def test_tags_swapped_into_invalid_html_are_an_error():
    protected = protect("<b>bold</b> text")
    with pytest.raises(PlaceholderMismatch, match="out of order"):
        restore("{{1}}negrita{{0}} texto", protected)


def test_source_text_that_looks_like_a_placeholder_is_protected_too():
    protected = protect("Literal {{1}} stays")
    assert protected.tokens == ("{{1}}",)
    assert restore("{{0}} literal queda", protected) == "{{1}} literal queda"


def test_surrounding_whitespace_is_kept_and_letterless_segments_need_no_provider():
    protected = protect("  5 mg  ")
    assert not protected.needs_translation
    assert protected.untouched() == "  5 mg  "
    assert protect(" Hello ").needs_translation

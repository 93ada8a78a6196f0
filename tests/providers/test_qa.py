"""Quality warnings for the review screen: each code fires on its failure and only then."""

from __future__ import annotations

import pytest

from locales.glossary import GlossaryTerm
from locales.qa.checks import QAWarning, check_translation
from locales.registry import describe

ES = describe("es")
ZH = describe("zh-Hans")


def codes(warnings: list[QAWarning]) -> list[str]:
    return [w.code for w in warnings]


def test_a_faithful_translation_has_no_warnings():
    source = 'Apply <b>1.5 mg</b> of minoxidil for 2\u20133 weeks; see <a id="a1">the label</a>.'
    translated = (
        'Aplique <b>1,5 mg</b> de minoxidil durante 2-3 semanas; vea <a id="a1">la etiqueta</a>.'
    )
    glossary = [GlossaryTerm(source_term="minoxidil", do_not_translate=True)]
    assert check_translation(source, translated, target=ES, glossary=glossary) == []


@pytest.mark.parametrize(
    ("translated", "detail"),
    [
        ("Tome 15 mg al día.", "missing 1.5mg; not in the source: 15mg"),
        ("Tome 1.5 g al día.", "missing 1.5mg; not in the source: 1.5g"),
        ("Tome una dosis al día.", "missing 1.5mg"),
    ],
)
def test_numbers_or_doses_that_differ_are_flagged(translated, detail):
    warnings = check_translation("Take 1.5 mg a day.", translated, target=ES)
    assert codes(warnings) == ["numbers"]
    assert detail in warnings[0].message


def test_markup_that_differs_is_flagged():
    source = 'Read <a id="a1">this</a> <b>now</b>.'
    assert codes(check_translation(source, "Lea esto <b>ahora</b>.", target=ES)) == ["markup"]
    assert codes(check_translation(source, 'Lea <a id="a1">esto</a> <i>ahora</i>.', target=ES)) == [
        "markup"
    ]
    # Reordered but well-formed links are fine (languages order phrases differently).
    assert check_translation(source, 'Lea <b>ahora</b> <a id="a1">esto</a>.', target=ES) == []
    broken = check_translation(source, 'Lea <a id="a1">esto <b>ahora</a></b>.', target=ES)
    assert codes(broken) == ["markup"] and "out of order" in broken[0].message


def test_glossary_terms_missing_are_flagged():
    glossary = [
        GlossaryTerm(source_term="finasteride", do_not_translate=True),
        GlossaryTerm(source_term="hair loss", translation="alopecia"),
    ]
    source = "Finasteride treats hair loss."
    assert (
        check_translation(source, "Finasteride trata la alopecia.", target=ES, glossary=glossary)
        == []
    )
    warnings = check_translation(
        source, "La finasterida trata la caída del cabello.", target=ES, glossary=glossary
    )
    assert codes(warnings) == ["glossary", "glossary"]
    assert "“finasteride” must stay untranslated" in warnings[0].message
    assert "must be “alopecia”" in warnings[1].message


def test_glossary_terms_absent_from_the_source_are_not_required():
    glossary = [GlossaryTerm(source_term="minoxidil", do_not_translate=True)]
    assert check_translation("Rest well.", "Descanse bien.", target=ES, glossary=glossary) == []


def test_glossary_matching_in_unspaced_scripts_uses_substrings():
    glossary = [GlossaryTerm(source_term="minoxidil", do_not_translate=True)]
    assert (
        check_translation(
            "Use minoxidil daily.", "每天使用minoxidil。", target=ZH, glossary=glossary
        )
        == []
    )


def test_untranslated_text_is_flagged_but_short_labels_are_not():
    assert codes(
        check_translation("Exosome therapy basics", "Exosome therapy basics", target=ES)
    ) == ["untranslated"]
    assert check_translation("FAQ", "FAQ", target=ES) == []


def test_length_ratio_out_of_range_is_flagged():
    source = "Exosome therapy is generally well tolerated with minimal risk of side effects."
    assert codes(check_translation(source, "Bien tolerada.", target=ES)) == ["length_ratio"]
    assert codes(check_translation(source, source[::-1] * 3, target=ES)) == ["length_ratio"]
    # Chinese is much shorter than English and that is normal.
    assert (
        check_translation(source, "外泌体疗法通常耐受性良好\uff0c副作用风险极小。", target=ZH) == []
    )
    assert codes(check_translation(source, "", target=ES)) == ["length_ratio"]

"""Readability figures on known texts (worked by hand from the formulas' definitions)."""

from __future__ import annotations

import json

import pytest

from clinical.readability import grade_from_ease, measure, much_harder
from tests.clinical.conftest import DETAIL

EASY_EN = "The cat sat on the mat. The dog ran to the park."
HARD_EN = (
    "Intradermal administration of exosome preparations demonstrates considerable "
    "interindividual variability in therapeutic responsiveness."
)


def test_english_flesch_and_flesch_kincaid_by_hand():
    # 12 words, 2 sentences, 12 syllables: FRE = 206.835 - 1.015*6 - 84.6*1 = 116.1;
    # FK = 0.39*6 + 11.8*1 - 15.59 = -1.45, which reads as grade 0.
    r = measure(EASY_EN, "en")
    assert (r.formula, r.score, r.grade) == ("flesch-kincaid", 116.1, 0.0)
    assert r.target_grade == 8 and r.above_target is False
    hard = measure(HARD_EN, "en")
    assert hard.grade > 20 and hard.above_target is True


def test_brazilian_portuguese_flesch_martins_by_hand():
    # 10 words, 2 sentences, 18 syllables (o ga-to es-tá no ta-pe-te / o ca-chor-ro
    # cor-re no par-que): 248.835 - 1.015*5 - 84.6*1.8 = 91.5; grade on Flesch's table
    # between 90 (grade 5) and 100 (grade 4): 4.85.
    r = measure("O gato está no tapete. O cachorro corre no parque.", "pt-BR")
    assert (r.formula, r.score, r.grade) == ("flesch-martins", 91.5, 4.9)


@pytest.mark.parametrize(
    ("code", "easy", "hard", "formula"),
    [
        (
            "es",
            "El gato se sentó en la alfombra. El perro corrió al parque.",
            "La administración intradérmica de preparaciones de exosomas demuestra una "
            "considerable variabilidad interindividual en la respuesta terapéutica.",
            "fernandez-huerta+crawford",
        ),
        (
            "de",
            "Die Katze sitzt auf der Matte. Der Hund läuft in den Park.",
            "Die intradermale Verabreichung von Exosomenpräparaten zeigt eine erhebliche "
            "interindividuelle Variabilität des therapeutischen Ansprechens.",
            "flesch-amstad+wiener-sachtextformel",
        ),
    ],
)
def test_language_formulas_rank_easy_below_hard(code, easy, hard, formula):
    e, h = measure(easy, code), measure(hard, code)
    assert e.formula == h.formula == formula
    assert e.grade < 8 < h.grade and e.score > h.score


def test_languages_without_a_grade_formula():
    fr = measure("Le chat est sur le tapis. Le chien court au parc.", "fr")
    assert fr.formula == "flesch-kandel-moles" and fr.grade == grade_from_ease(fr.score)
    ar = measure("القط على السجادة. الكلب يجري في الحديقة.", "ar")
    assert ar.formula == "osman" and ar.score is not None
    zh = measure("外泌体疗法尚未获得批准。请咨询皮肤科医生。", "zh-Hans")
    assert zh.as_dict() == {
        "formula": "none",
        "score": None,
        "grade": None,
        "target_grade": 8,
        "above_target": None,
    }


def test_flesch_grade_table():
    assert grade_from_ease(100) == 4.0 and grade_from_ease(60) == 9.0
    assert grade_from_ease(55) == 10.5 and grade_from_ease(-20) == 18.0


def test_target_grade_setting_and_a_much_harder_translation(settings):
    settings.READABILITY_TARGET_GRADE = 6
    easy, hard = measure(EASY_EN, "en"), measure(HARD_EN, "en")
    assert easy.target_grade == 6
    assert much_harder(easy, hard) and not much_harder(hard, easy)
    assert not much_harder(easy, measure("外泌体。", "zh-Hans"))


def test_the_api_carries_readability_computed_at_publish(client, demo_guide):
    data = json.loads(client.get(DETAIL).content)
    r = data["readability"]
    assert r["formula"] == "flesch-kincaid" and r["target_grade"] == 8
    assert 0 < r["grade"] < 20 and r["above_target"] == (r["grade"] > 8)
    assert demo_guide.live_text.readability == r  # the report's copy, written on publish

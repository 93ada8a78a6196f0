"""The review screen shows each answer's readability beside its source's, and warns when a
translation reads far harder (clinical/readability.py through locales/review/checks.py)."""

from __future__ import annotations

from types import SimpleNamespace

from django.urls import reverse

from locales.review.checks import answer_readability

EASY = "<p>The cat sat on the mat. The dog ran to the park.</p>"
HARD = (
    "<p>La administración intradérmica de preparaciones de exosomas demuestra una "
    "considerable variabilidad interindividual en la respuesta terapéutica.</p>"
)


def test_each_answer_shows_source_and_translation_grades(client, es_translation, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("locales:review", args=[es_translation.pk])).content.decode()
    answers = sum(
        1 for g in es_translation.source.get_source_instance().faq_groups() for _ in g.items
    )
    assert html.count('data-testid="readability"') == answers == 15
    assert "Readability: source grade " in html and "(fernandez-huerta+crawford)" in html


def test_a_much_harder_translation_is_a_warning(es_translation):
    row = SimpleNamespace(path="body.g.items.i.answer", source_text=EASY, translated_text=HARD)
    found = answer_readability(row, es_translation)
    assert found["source"].grade == 0.0 and found["target"].grade > 8
    assert found["much_harder"] is True
    same = SimpleNamespace(path="body.g.items.i.answer", source_text=HARD, translated_text=HARD)
    assert answer_readability(same, es_translation)["much_harder"] is False
    question = SimpleNamespace(
        path="body.g.items.i.question", source_text=EASY, translated_text=HARD
    )
    assert answer_readability(question, es_translation) is None

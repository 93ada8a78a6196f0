"""Template helpers for the translation screens: locale names and directions in the admin's
language, so templates never show the registry's English names to a Spanish reviewer."""

from __future__ import annotations

from django import template
from django.utils import translation

from locales.locale_names import direction_for_code, name_for_code, name_in_sentence, ui_direction

register = template.Library()


@register.simple_tag
def locale_name(code: str, sentence: bool = False) -> str:
    """`{% locale_name "pt-br" as name %}` -> "Portugués (Brasil)" in a Spanish admin; with
    `sentence=True` the mid-sentence spelling ("portugués (Brasil)")."""
    return name_in_sentence(code) if sentence else name_for_code(code)


@register.filter
def locale_label(code: str) -> str:
    """`{{ info.code|locale_label }}` -> "Alemán (de)": the name and the code people type."""
    return f"{name_for_code(code)} ({code})"


@register.filter
def text_direction(code: str) -> str:
    """`dir="{{ code|text_direction }}"` for text written in that locale."""
    return direction_for_code(code)


@register.simple_tag
def admin_direction() -> str:
    """The admin language's direction, for fragments of ours inside another language's text."""
    return ui_direction()


@register.simple_tag
def admin_language() -> str:
    """The admin's language code, for `lang` on our words inside foreign-language cells."""
    return translation.get_language() or "en"

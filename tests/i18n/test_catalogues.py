"""Every message our admin screens mark for translation is translated in every enabled
locale, with all its plural forms, and the committed .mo says what the .po says.

Pure Python (babel + Django's templatize): no GNU gettext on the machine. To add a
message: mark it, run `python -m cms.i18n_catalogues update`, translate the new empty
entries in each .po, run `update` again (it compiles the .mo files), commit both.
"""

from __future__ import annotations

import shutil

import pytest
from django.conf import settings
from django.utils import translation

from cms import i18n_catalogues as catalogues


def test_catalogue_languages_are_the_enabled_target_locales():
    """A target added to settings needs its catalogues: the check must cover it."""
    enabled = {translation.to_locale(code) for code, _ in settings.LANGUAGES}
    assert set(catalogues.LANGUAGES) == enabled - {translation.to_locale(settings.LANGUAGE_CODE)}


def test_our_templates_and_python_have_marked_messages():
    """The extractor reads templates too (a broken templatize would pass every check)."""
    found = catalogues.extract_app("locales")
    where = {f.where.split(":")[0] for f in found}
    assert "locales/templates/locales/review.html" in where
    assert "locales/views/review.py" in where
    assert len(found) > 150


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
@pytest.mark.parametrize("app", catalogues.APPS)
def test_every_marked_message_is_translated(app, language):
    assert catalogues.problems(app, language) == []


def _rewrite(path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_the_check_fails_on_a_missing_translation(tmp_path, monkeypatch):
    """The mutation: blank one msgstr and the check names it."""
    found = catalogues.extract_app("locales")  # before BASE_DIR moves
    monkeypatch.setattr(catalogues, "extract_app", lambda name: found)
    po = tmp_path / "locales" / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    shutil.copytree(catalogues.po_path("locales", "ar").parent, po.parent, dirs_exist_ok=True)
    monkeypatch.setattr(catalogues, "BASE_DIR", tmp_path)
    _rewrite(po, 'msgstr "تمت المراجعة"', 'msgstr ""')
    problems = catalogues.problems("locales", "ar")
    assert any("'Reviewed'" in p and "no translation" in p for p in problems)


def test_the_check_fails_on_a_missing_plural_form_or_a_fuzzy_entry(tmp_path, monkeypatch):
    found = catalogues.extract_app("locales")
    monkeypatch.setattr(catalogues, "extract_app", lambda name: found)
    po = tmp_path / "locales" / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    shutil.copytree(catalogues.po_path("locales", "ar").parent, po.parent, dirs_exist_ok=True)
    monkeypatch.setattr(catalogues, "BASE_DIR", tmp_path)
    _rewrite(po, 'msgstr[4] "%(count)s مقطعًا"', 'msgstr[4] ""')
    _rewrite(po, 'msgid "Needs review"', '#, fuzzy\nmsgid "Needs review"')
    problems = catalogues.problems("locales", "ar")
    assert any("'%(count)s segment'" in p and "plural forms" in p for p in problems)
    assert any("'Needs review'" in p and "fuzzy" in p for p in problems)


def test_the_check_fails_when_a_marked_message_is_not_in_the_catalogue(monkeypatch):
    found = catalogues.extract_app("api")
    extra = catalogues.Found("A brand-new message", None, "api/access/admin_views.py:1", ())
    monkeypatch.setattr(catalogues, "extract_app", lambda name: [*found, extra])
    problems = catalogues.problems("api", "es")
    assert any("'A brand-new message'" in p and "not in the catalogue" in p for p in problems)


def test_the_check_fails_on_a_stale_mo(tmp_path, monkeypatch):
    """Django reads the .mo: a .po edited without recompiling is caught."""
    found = catalogues.extract_app("api")
    monkeypatch.setattr(catalogues, "extract_app", lambda name: found)
    po = tmp_path / "api" / "locale" / "de" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    shutil.copytree(catalogues.po_path("api", "de").parent, po.parent, dirs_exist_ok=True)
    monkeypatch.setattr(catalogues, "BASE_DIR", tmp_path)
    _rewrite(po, 'msgstr "API-Schlüssel"', 'msgstr "Schlüssel für die API"')
    assert any("older than its .po" in p for p in catalogues.problems("api", "de"))


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "لا مقاطع"),
        (1, "مقطع واحد"),
        (2, "مقطعان"),
        (3, "3 مقاطع"),
        (11, "11 مقطعًا"),
        (100, "100 مقطع"),
    ],
)
def test_arabic_uses_its_six_plural_forms(count, expected):
    from django.utils.translation import ngettext

    with translation.override("ar"):
        text = ngettext("%(count)s segment", "%(count)s segments", count) % {"count": count}
    assert text == expected


def test_django_serves_our_translations_in_each_language():
    from locales.review.words import state_word

    expected = {
        "es": "Necesita revisión",
        "fr": "À réviser",
        "de": "Zu prüfen",
        "pt-br": "Precisa de revisão",
        "ar": "بحاجة إلى مراجعة",
        "zh-hans": "待审核",
    }
    for code, words in expected.items():
        with translation.override(code):
            assert state_word("machine") == words, code

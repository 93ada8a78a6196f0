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


AR_PLURAL_FORMS = (
    '"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && '
    'n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5);\\n"'
)


def test_the_arabic_plural_rule_is_one_header_line(tmp_path, monkeypatch):
    """Babel wraps the long Arabic rule over two quoted lines; the written header keeps
    one line and no stray continuation (which msgfmt reads as a broken header field)."""
    monkeypatch.setattr(catalogues, "BASE_DIR", tmp_path)
    catalogue = catalogues.Catalog(locale="ar", project="guide-cms", fuzzy=False)
    catalogue.add(("%(count)s guide", "%(count)s guides"), ("a", "b", "c", "d", "e", "f"))
    catalogues.write(catalogue, "clinical", "ar")
    lines = catalogues.po_path("clinical", "ar").read_text("utf-8").splitlines()
    at = [i for i, line in enumerate(lines) if "Plural-Forms" in line]
    assert len(at) == 1 and lines[at[0]] == AR_PLURAL_FORMS
    assert lines[at[0] + 1].startswith('"MIME-Version: ')


def test_a_wrapped_or_stray_plural_forms_line_is_dropped():
    rule = catalogues.PLURAL_FORMS["ar"]
    wrapped = (
        'msgstr ""\n"Language: ar\\n"\n'
        '"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && "\n'
        '"n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5);\\n"\n"MIME-Version: 1.0\\n"\n'
    )
    stray = f'msgstr ""\n"Plural-Forms: {rule}\\n"\n"n%100>=11 && n%100<=99 ? 4 : 5);\\n"\n'
    for text in (wrapped, stray):
        out = catalogues._with_plural_forms(text, rule).splitlines()
        assert [line for line in out if "n%100>=11" in line] == [AR_PLURAL_FORMS]


@pytest.mark.parametrize("app", catalogues.APPS)
def test_every_arabic_catalogue_has_a_one_line_plural_rule(app):
    lines = catalogues.po_path(app, "ar").read_text("utf-8").splitlines()
    at = lines.index(AR_PLURAL_FORMS)
    assert lines[at + 1].startswith('"MIME-Version: ')


def test_clinical_screens_templates_and_commands_are_extracted():
    """The clinical app's templates, admin Python and command messages reach its catalogue."""
    assert "clinical" in catalogues.APPS
    where = {f.where.split(":")[0] for f in catalogues.extract_app("clinical")}
    assert {
        "clinical/templates/clinical/sign_off.html",
        "clinical/templates/clinical/report_results.html",
        "clinical/templates/clinical/dashboard_panel.html",
        "clinical/views/report.py",
        "clinical/reminders.py",
        "clinical/publish_rule.py",
        "clinical/management/commands/record_medical_review.py",
    } <= where

"""The locale registry and the Wagtail locales created from it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale

from content.models import GuideIndexPage
from locales.registry import LocaleRegistry, UnknownLocale, canonical_code, get_registry

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text", ["pt_br", "PT-BR", "pt-BR", "Pt_Br", " pt-br "])
def test_separator_and_case_insensitive_parsing(text):
    assert get_registry().get(text).code == "pt-BR"


def test_registry_describes_each_locale():
    registry = get_registry()
    assert registry.source.code == "en" and registry.source.is_source
    assert registry.codes == ["en", "es", "fr", "de", "pt-BR", "ar", "zh-Hans"]
    ar, zh, pt = registry.get("ar"), registry.get("zh_hans"), registry.get("pt-br")
    assert (ar.direction, ar.english_name, ar.native_name) == ("rtl", "Arabic", "العربية")
    assert (zh.django_code, zh.english_name) == ("zh-hans", "Chinese (Simplified)")
    assert (pt.django_code, pt.native_name) == ("pt-br", "Português (Brasil)")
    assert registry.get("es").direction == "ltr"


def test_unknown_or_disabled_locale_lists_enabled_ones():
    with pytest.raises(UnknownLocale, match="enabled locales: en, es, fr"):
        get_registry().get("it")
    with pytest.raises(UnknownLocale):
        get_registry().get("not-a-locale")
    assert get_registry().find("xx") is None


def test_configured_codes_are_canonicalized_and_deduplicated():
    registry = LocaleRegistry("EN", ["es", "ES", "pt_br", "en", " "])
    assert registry.codes == ["en", "es", "pt-BR"]
    assert canonical_code("zh_hans") == "zh-Hans"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LOCALE_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_unknown_locale_in_settings_stops_start_up_naming_it():
    result = _manage("check", LOCALE_TARGETS="es,xx-klingon,fr")
    assert result.returncode != 0
    assert "xx-klingon" in result.stderr
    assert "LOCALE_SOURCE/LOCALE_TARGETS" in result.stderr


def test_missing_secret_key_without_debug_stops_start_up():
    result = _manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_sync_locales_is_idempotent_and_builds_a_tree_per_locale(db, run_command):
    first = run_command("sync_locales")
    second = run_command("sync_locales")
    assert "6 created" in first and "0 created" in second
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == sorted(
        info.django_code for info in get_registry()
    )
    indexes = GuideIndexPage.objects.all()
    assert indexes.count() == 7
    assert len({p.translation_key for p in indexes}) == 1
    assert {p.locale.language_code for p in indexes} == {i.django_code for i in get_registry()}
    assert "Reviewers (pt-BR)" in second
    assert Group.objects.filter(name__startswith="Reviewers (").count() == 6

"""Fixtures shared by every test package: locales and the published demo guide."""

from pathlib import Path

import pytest
from django.core.management import call_command

SEED = Path(__file__).resolve().parents[1] / "content" / "fixtures" / "exosome-hair-loss-guide.txt"


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def locales(db):
    """Wagtail Locale rows + per-locale index trees, as `make run` creates them."""
    from locales.services import sync_locales

    return sync_locales()


@pytest.fixture
def demo_guide(locales):
    """The demo guide imported and published in the source locale."""
    from content.services import import_guide_file

    return import_guide_file(SEED, slug="exosome-hair-loss", publish=True).page


@pytest.fixture
def run_command():
    """Run a management command and return its stdout."""
    from io import StringIO

    def _run(*args, **kwargs) -> str:
        out = StringIO()
        call_command(*args, stdout=out, stderr=StringIO(), **kwargs)
        return out.getvalue()

    return _run


@pytest.fixture
def browser_page():
    """A page in a fresh headless Chromium (tests/browser.py), for one test."""
    from tests.browser import chromium

    with chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(20_000)
        yield page


@pytest.fixture
def sample_language_provider(settings):
    """Machine drafts in real words of the target language (tests/doubles.py), not pseudo.

    For tests that approve everything in bulk: QA flags the pseudo provider's output for
    every target, so "Approve all without warnings" approves none of it.
    """
    settings.TRANSLATION_PROVIDER = "tests.doubles.SampleLanguageProvider"
    return settings.TRANSLATION_PROVIDER

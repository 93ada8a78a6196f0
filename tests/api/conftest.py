"""Fixtures for API tests: real pages, real revisions, a cleared cache per test."""

from __future__ import annotations

import copy

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Locale

from content.models import GuidePage
from locales.registry import get_registry
from tests.process_state import forget_process_state


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Locmem survives between tests; the read model and throttles must not."""
    cache.clear()
    forget_process_state()
    yield
    cache.clear()
    forget_process_state()


@pytest.fixture
def client() -> Client:
    return Client()


def wagtail_locale(code: str) -> Locale:
    return Locale.objects.get(language_code=get_registry().get(code).django_code)


def translated_body(raw: list[dict], code: str, answer: str | None = None) -> list[dict]:
    body = copy.deepcopy(raw)
    for group in body:
        group["value"]["heading"] = f"[{code}] {group['value']['heading']}"
        for item in group["value"]["items"]:
            item["value"]["question"] = f"[{code}] {item['value']['question']}"
            if answer is not None:
                item["value"]["answer"] = answer
    return body


@pytest.fixture
def translate():
    """Publish a human-made translation the plain Wagtail way (copy_for_translation)."""

    def _translate(
        page: GuidePage, code: str, *, publish: bool = True, answer: str | None = None
    ) -> GuidePage:
        locale = wagtail_locale(code)
        existing = page.get_translation_or_none(locale)
        if existing is None:
            target = page.copy_for_translation(locale)
        else:
            target = existing.specific.get_latest_revision_as_object()
        source = page.get_latest_revision_as_object()
        target.title = f"[{code}] {source.title}"
        target.intro = f"<p>[{code}] intro</p>"
        target.body = translated_body(list(source.body.raw_data), code, answer)
        revision = target.save_revision()
        if publish:
            revision.publish()
        return GuidePage.objects.get(pk=target.pk)

    return _translate


@pytest.fixture
def edit_source():
    """Save (and by default publish) a new revision of a page with changed fields."""

    def _edit(page: GuidePage, *, publish: bool = True, **fields) -> GuidePage:
        draft = page.get_latest_revision_as_object()
        for name, value in fields.items():
            setattr(draft, name, value)
        revision = draft.save_revision()
        if publish:
            revision.publish()
        return GuidePage.objects.get(pk=page.pk)

    return _edit


@pytest.fixture
def import_guide(locales, seed_path):
    """Import and publish another guide (the demo text under another slug)."""
    from content.services import import_guide_text

    def _import(slug: str, *, title: str | None = None) -> GuidePage:
        text = seed_path.read_text(encoding="utf-8")
        return import_guide_text(
            text, slug=slug, title=title or slug.replace("-", " ").title(), publish=True
        ).page

    return _import

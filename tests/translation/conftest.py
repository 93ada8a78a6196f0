"""Fixtures for the translation workflow: users, drafts, a reviewer per locale, HTTP stubs."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

LIBRE_BASE = "http://libre.test"
LIBRE_URL = f"{LIBRE_BASE}/translate"


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")


@pytest.fixture
def draft(demo_guide, admin_user):
    """A machine draft of the demo guide in Spanish (pseudo provider)."""
    from locales.machine_translation.drafts import create_machine_draft

    return create_machine_draft(demo_guide, "es", user=admin_user)


@pytest.fixture
def es_translation(draft):
    from locales.review.selectors import translation_for_page

    return translation_for_page(draft.page)


def approve_everything(translation, user, *, except_paths: tuple[str, ...] = ()) -> None:
    """Approve every segment except those whose path ends with one of `except_paths`."""
    from locales.review.actions import approve_segment
    from locales.review.selectors import segment_rows

    for row in segment_rows(translation):
        if row.needs_review and not row.path.endswith(except_paths):
            approve_segment(translation, row.segment.pk, user)


@pytest.fixture
def approve():
    return approve_everything


@pytest.fixture
def reviewer(django_user_model, locales):
    """make reviewer("es") -> an active user in "Reviewers (es)"."""
    from locales.review.permissions import ensure_reviewer_group

    def make(code: str, username: str | None = None):
        user = django_user_model.objects.create_user(username or f"reviewer-{code}", password="pw")
        user.groups.add(ensure_reviewer_group(code))
        return user

    return make


def edit_source_answer(page, group: int, item: int, html: str, *, publish: bool = True):
    """Change one answer of the source guide through a real revision."""
    draft = page.get_latest_revision_as_object()
    raw = draft.body.raw_data
    raw[group]["value"]["items"][item]["value"]["answer"] = html
    draft.body = raw
    revision = draft.save_revision()
    if publish:
        revision.publish()
    return revision


@pytest.fixture
def edit_answer():
    return edit_source_answer


@pytest.fixture
def libre(settings, monkeypatch):
    """LibreTranslate's real deep-translator class, with only its HTTP stubbed."""
    settings.TRANSLATION_PROVIDERS = {
        **settings.TRANSLATION_PROVIDERS,
        "libretranslate": {
            "BACKEND": "locales.machine_translation.providers.libretranslate.LibreTranslateProvider",
            "OPTIONS": {"URL": LIBRE_BASE, "API_KEY": "libre-key"},
        },
    }
    settings.TRANSLATION_MAX_ATTEMPTS = 2
    monkeypatch.setattr("locales.machine_translation.providers.retry.sleep", lambda seconds: None)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def libre_500(mock) -> None:
    mock.add(responses.POST, LIBRE_URL, status=500, body=json.dumps({"error": "boom"}))


def libre_ok(mock) -> None:
    def reply(request):
        text = parse_qs(urlsplit(request.url).query)["q"][0]
        return 200, {}, json.dumps({"translatedText": f"ES:{text}"})

    mock.add_callback(responses.POST, LIBRE_URL, callback=reply)

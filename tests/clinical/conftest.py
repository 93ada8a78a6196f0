"""Fixtures for clinical review: a clinician who may sign off, a user who may not."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission

from tests.api.conftest import (  # noqa: F401  (fixtures)
    _fresh_cache,
    client,
    edit_source,
    import_guide,
    translate,
)

DETAIL = "/api/v1/guides/exosome-hair-loss/"


@pytest.fixture
def clinician(db, django_user_model):
    from clinical.models import ReviewerProfile

    user = django_user_model.objects.create_user("ada", "ada@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="sign_off_medically"))
    ReviewerProfile.objects.create(
        user=user, display_name="Dr. Ada Example", credentials="MD, Dermatology"
    )
    return django_user_model.objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_user("eve", "eve@example.com", "pw")


def detail(http, code: str) -> dict:
    response = http.get(DETAIL + f"?locale={code}")
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def jsonld(http, code: str) -> dict:
    response = http.get(DETAIL + f"faq.jsonld?locale={code}")
    assert response.status_code == 200
    return json.loads(response.content)

"""Our admin screens answer malformed input with a message or a 4xx, never a 500, and
change nothing. (Sign-in lockouts: tests/accounts/test_lockout.py; XLIFF files with a
DOCTYPE: tests/translation/test_xliff.py.)"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from locales.machine_translation.jobs import TranslationJob

pytestmark = pytest.mark.django_db

# `²` and `٣` pass str.isdigit() but not int(); the big ones overflow SQLite's and
# PostgreSQL's integers.
MALFORMED_IDS = ["²", "٣", "99999999999999999999999", "2147483648", "-1", "0", "1e3", "\x00"]


@pytest.fixture
def admin(admin_user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("value", MALFORMED_IDS)
@pytest.mark.parametrize(
    ("url_name", "message"),
    [
        ("locales:bulk_translate", "Select at least one guide."),
        ("locales:xliff_export", "To export XLIFF, select guides and exactly one target locale."),
    ],
)
def test_a_malformed_guide_id_is_refused_with_a_message(
    admin, demo_guide, url_name, message, value
):
    response = admin.post(reverse(url_name), {"guides": [value], "locales": ["es"]})
    assert response.status_code == 302
    assert message in admin.get(response["Location"]).content.decode()
    assert not TranslationJob.objects.exists()


@pytest.mark.parametrize("value", MALFORMED_IDS)
def test_a_malformed_translation_to_import_into_is_a_404(admin, demo_guide, value):
    url = reverse("locales:xliff_import") + "?translation=" + value
    assert admin.get(url).status_code == 404


def test_the_plain_import_screen_still_opens(admin, demo_guide):
    for url in (reverse("locales:xliff_import"), reverse("locales:xliff_import") + "?translation="):
        assert admin.get(url).status_code == 200


@pytest.fixture
def spanish_draft(demo_guide, admin_user):
    from locales.machine_translation.drafts import create_machine_draft
    from locales.review.selectors import translation_for_page

    return translation_for_page(create_machine_draft(demo_guide, "es", user=admin_user).page)


def test_every_other_admin_form_of_ours_survives_malformed_input(admin, spanish_draft):
    """What else was checked: API keys (create, list filters, search), machine-translate,
    the translation-status report's filters, paging and export, the outdated report, the
    review actions, job and two-factor reset pages: a form error, a redirect with a
    message or a 404, never a 500, and no key, job or approval made."""
    from api.models import ApiKey
    from locales.review.state import SegmentReview

    guide = spanish_draft.source.get_source_instance()
    review = reverse("locales:review_action", args=[spanish_draft.pk])
    reviewed_before = sorted(SegmentReview.objects.values_list("pk", "status"))
    posts = [
        ("/admin/snippets/api/apikey/add/", {"name": "x\x00", "allowed_origins": "https://a\x00"}),
        ("/admin/snippets/api/apikey/add/", {"name": "x", "rate": "99999999999999999999999/min"}),
        ("/admin/snippets/api/apikey/add/", {"name": "x", "rate": "-1/min"}),
        ("/admin/snippets/api/apikey/add/", {"name": "x", "rate": "1/fortnight"}),
        (reverse("locales:machine_translate", args=[guide.pk]), {"locales": ["\x00", "xx"]}),
        *(
            (review, {"action": action, "segment": segment, "text": "x\x00"})
            for action in ("approve", "save", "save_approve")
            for segment in ("99999999999999999999999", "²", "-1", "")
        ),
        (review, {"action": "\x00"}),
    ]
    for url, data in posts:
        status = admin.post(url, data).status_code
        assert status in (200, 302), (url, data, status)
    gets = [
        "/admin/snippets/api/apikey/?revoked_at=garbage",
        "/admin/snippets/api/apikey/?q=%00&p=abc&ordering=zzz",
        reverse("locales:machine_translate", args=[guide.pk]) + "?locale=%00",
        reverse("locales:translation_status") + "?locale=xx&state=zz&p=abc&q=%00",
        reverse("locales:translation_status") + "?p=99999999999999999999&ordering=nope",
        reverse("locales:translation_status") + "?export=xlsx&locale=%00",
        reverse("locales:translation_status_results") + "?p=-1",
        reverse("locales:outdated_report") + "?p=x",
        "/admin/security/lockouts/?x=%00",
    ]
    for url in gets:
        assert admin.get(url).status_code == 200, url
    for url in (
        "/admin/translations/jobs/99999999999999999999/",
        "/admin/translations/review/99999999999999999999/",
        "/admin/security/two-factor/users/99999999999999999999/",
    ):
        assert admin.get(url).status_code == 404, url
    assert not ApiKey.objects.exists()
    assert not TranslationJob.objects.exists()
    assert sorted(SegmentReview.objects.values_list("pk", "status")) == reviewed_before

"""The admin screens end to end through Django's test client: start a job, review, publish."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.models import GuidePage
from locales.machine_translation.jobs import JobStatus, TranslationJob
from locales.review.selectors import segment_rows, translation_for_page
from tests.translation.conftest import libre_500

pytestmark = pytest.mark.django_db


@pytest.fixture
def start(client, django_capture_on_commit_callbacks):
    """POST the machine-translate form; the task runs when the job row commits."""

    def post(page, codes):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("locales:machine_translate", args=[page.pk]), {"locales": codes}
            )

    return post


def test_machine_translate_review_and_publish(
    client, start, demo_guide, admin_user, sample_language_provider
):
    # Drafts in real Spanish and French words: "approve all" skips pseudo-localized text.
    client.force_login(admin_user)
    # the button is on the source guide's header/listing
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[demo_guide.pk])).content.decode()
    assert reverse("locales:machine_translate", args=[demo_guide.pk]) in edit

    response = start(demo_guide, ["es", "fr"])
    job = TranslationJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "locales:job", args=[job.pk]
    )
    status = client.get(reverse("locales:job_status", args=[job.pk])).json()
    assert status["status"] == JobStatus.SUCCEEDED and status["done"] == status["total"] == 2
    assert status["characters_sent"] > 0 and len(status["review_links"]) == 2

    es = GuidePage.objects.get(
        translation_key=demo_guide.translation_key, locale__language_code="es"
    )
    translation = translation_for_page(es)
    review_url = reverse("locales:review", args=[translation.pk])
    page = client.get(review_url).content.decode()
    assert page.count('class="segment"') == 36 and "36 of 36 segments need review" in page
    action = reverse("locales:review_action", args=[translation.pk])

    # publishing too early is refused with the count
    client.post(action, {"action": "publish"})
    assert GuidePage.objects.get(pk=es.pk).live is False

    first = segment_rows(translation)[0]
    client.post(
        action,
        {"action": "save_approve", "segment": first.segment.pk, "text": "Guía sobre exosomas"},
    )
    broken = segment_rows(translation)[1]
    response = client.post(
        action,
        {"action": "save", "segment": broken.segment.pk, "text": "<b>sin cerrar"},
        follow=True,
    )
    assert "markup does not match" in response.content.decode()
    assert segment_rows(translation)[1].translated_text == broken.translated_text  # nothing lost

    client.post(action, {"action": "approve_all"})
    client.post(action, {"action": "publish"})
    live = GuidePage.objects.get(pk=es.pk)
    assert live.live and live.title == "Guía sobre exosomas"
    assert "0 of 36 segments need review" in client.get(review_url).content.decode()


def test_failed_job_tells_the_editor_why(client, start, demo_guide, admin_user, libre, settings):
    settings.TRANSLATION_PROVIDER = "libretranslate"
    libre_500(libre)
    client.force_login(admin_user)
    start(demo_guide, ["es"])
    job = TranslationJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.message.startswith("es: ") and "500" in job.message and "unchanged" in job.message
    html = client.get(reverse("locales:job", args=[job.pk])).content.decode()
    assert "unchanged" in html
    assert not GuidePage.objects.filter(
        locale__language_code="es", translation_key=demo_guide.translation_key
    ).exists()


def test_choose_at_least_one_locale(client, start, demo_guide, admin_user):
    client.force_login(admin_user)
    response = start(demo_guide, [])
    assert response.status_code == 200 and TranslationJob.objects.count() == 0


def test_review_rows_name_each_item_by_its_group_and_number(client, demo_guide, admin_user):
    from locales.machine_translation.drafts import create_machine_draft

    client.force_login(admin_user)
    draft = create_machine_draft(demo_guide, "fr", user=admin_user)
    html = client.get(
        reverse("locales:review", args=[translation_for_page(draft.page).pk])
    ).content.decode()
    assert '<th scope="row">Group 1 heading</th>' in html
    assert '<th scope="row">Group 1 · Q10 question</th>' in html
    assert '<th scope="row">Group 2 · Q5 answer</th>' in html
    # the row labelled Group 2 · Q5 holds the fifth FAQ question's source text
    q5 = html.split('<th scope="row">Group 2 · Q5 question</th>', 1)[1]
    assert q5.split("</td>", 1)[0].endswith(
        "Can exosome therapy be used for hair loss due to chemotherapy?</div>"
    )


def test_a_double_submit_for_one_locale_follows_the_job_already_queued(
    client, demo_guide, admin_user, settings
):
    """The database allows one queued or running job per guide and locale; the second POST
    (a double click, a second tab) leads to that job instead of an error page."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(admin_user)
    url = reverse("locales:machine_translate", args=[demo_guide.pk])
    first = client.post(url, {"locales": ["es"]})
    second = client.post(url, {"locales": ["es"]})
    job = TranslationJob.objects.get()
    assert job.status == JobStatus.QUEUED
    assert first["Location"] == second["Location"] == reverse("locales:job", args=[job.pk])

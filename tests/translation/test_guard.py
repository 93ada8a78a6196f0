"""The publish guard: ONE unreviewed segment blocks every publish path, server-side."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.models import GroupApprovalTask, Page, PageLogEntry, Workflow, WorkflowTask

from content.models import GuidePage
from locales.gate.guard import UnreviewedTranslationError
from locales.review.actions import edit_segment, publish_translation
from locales.review.selectors import segment_rows

pytestmark = pytest.mark.django_db

ONE_LEFT = "1 segment needs review"


@pytest.fixture
def one_unreviewed(draft, es_translation, admin_user, approve):
    """Everything approved except the disclaimer; returns the Spanish page (not live)."""
    approve(es_translation, admin_user, except_paths=("disclaimer",))
    assert [r.path for r in segment_rows(es_translation) if r.needs_review] == ["disclaimer"]
    page = GuidePage.objects.get(pk=draft.page.pk)
    # the latest draft carries only approved wording except that one segment
    from locales.review.draft_revision import save_draft_revision

    save_draft_revision(es_translation, user=admin_user)
    return GuidePage.objects.get(pk=page.pk)


def assert_not_live(page):
    fresh = GuidePage.objects.get(pk=page.pk)
    assert fresh.live is False and fresh.live_revision_id is None


def test_revision_publish_in_code_is_refused(one_unreviewed):
    with pytest.raises(UnreviewedTranslationError, match=ONE_LEFT):
        one_unreviewed.get_latest_revision().publish()
    assert_not_live(one_unreviewed)


def test_wagtails_publish_action_used_by_the_edit_view_is_refused(one_unreviewed, admin_user):
    action = PublishPageRevisionAction(one_unreviewed.get_latest_revision(), user=admin_user)
    with pytest.raises(UnreviewedTranslationError, match=ONE_LEFT):
        action.execute(skip_permission_checks=True)
    assert_not_live(one_unreviewed)


def test_admin_edit_view_publish_is_refused(client, one_unreviewed, admin_user, es_translation):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:edit", args=[one_unreviewed.pk])
    for data in ({"action-publish": "action-publish"}, {"action": "publish"}):
        response = client.post(url, data)
        assert response.status_code == 302
        assert response["Location"] == reverse("locales:review", args=[es_translation.pk])
        assert any(ONE_LEFT in str(m) for m in get_messages(response.wsgi_request))
    assert_not_live(one_unreviewed)


def test_admin_edit_view_publish_refused_when_localize_editor_is_off(
    client, one_unreviewed, admin_user, es_translation
):
    """With the synced translation disabled, Wagtail's own edit view handles the POST."""
    es_translation.enabled = False
    es_translation.save()
    client.force_login(admin_user)
    page = one_unreviewed
    form_page = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert form_page.status_code == 200
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    body = {"count": len(page.body.raw_data)}
    for index, group in enumerate(page.body.raw_data):
        items = [
            {
                "id": item["id"],
                "question": item["value"]["question"],
                "answer": rich_text(item["value"]["answer"]),
            }
            for item in group["value"]["items"]
        ]
        body[str(index)] = {
            "type": "faq_group",
            "id": group["id"],
            "value": {"heading": group["value"]["heading"], "items": streamfield_list(items)},
            "deleted": "",
            "order": str(index),
        }
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(page.intro),
            "body": body,
            "conclusion": rich_text(page.conclusion),
            "disclaimer": page.disclaimer,
            "medical_review_interval_days": "",
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content[:2000]
    msgs = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(ONE_LEFT in m for m in msgs), (response["Location"], msgs)
    assert_not_live(page)


def streamfield_list(items):
    """ListBlock form data: count + per-item value/id/order/deleted."""
    data = {"count": len(items)}
    for i, item in enumerate(items):
        data[str(i)] = {
            "value": {"question": item["question"], "answer": item["answer"]},
            "id": item["id"],
            "order": i,
            "deleted": "",
        }
    return data


def test_workflow_approval_is_refused(one_unreviewed, admin_user):
    workflow = Workflow.objects.create(name="Medical sign-off")
    task = GroupApprovalTask.objects.create(name="Approve")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    state = workflow.start(one_unreviewed, admin_user)
    with pytest.raises(UnreviewedTranslationError, match=ONE_LEFT):
        state.current_task_state.approve(user=admin_user)
    assert_not_live(one_unreviewed)


def test_scheduled_publishing_is_refused_and_does_not_block_other_pages(one_unreviewed, demo_guide):
    refused = one_unreviewed.get_latest_revision()
    refused.approved_go_live_at = timezone.now() - timedelta(minutes=2)
    refused.save()
    # A source-guide change scheduled after it must still go live in the same run.
    source = GuidePage.objects.get(pk=demo_guide.pk)
    source.title = "Exosome therapy: the facts"
    other = source.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(CommandError, match=ONE_LEFT):
        call_command("publish_scheduled", stderr=StringIO())

    assert_not_live(one_unreviewed)
    refused.refresh_from_db()
    assert refused.approved_go_live_at is None  # unscheduled, so later runs are not stuck
    assert PageLogEntry.objects.filter(
        page=one_unreviewed, action="wagtail.schedule.cancel"
    ).exists()
    assert GuidePage.objects.get(pk=demo_guide.pk).live_revision_id == other.pk
    call_command("publish_scheduled")  # the next run has nothing left to refuse


def test_bulk_publish_action_is_refused(client, one_unreviewed, admin_user):
    client.force_login(admin_user)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = client.post(f"{url}?id={one_unreviewed.pk}", {})
    assert response.status_code == 302
    assert any(ONE_LEFT in str(m) for m in get_messages(response.wsgi_request))
    assert_not_live(one_unreviewed)


def test_review_screen_publish_is_refused(one_unreviewed, es_translation, admin_user):
    with pytest.raises(UnreviewedTranslationError, match=ONE_LEFT):
        publish_translation(es_translation, admin_user)
    assert_not_live(one_unreviewed)


def test_a_stale_draft_is_refused_even_when_every_segment_is_approved(
    draft, es_translation, admin_user, approve
):
    """Publishing an old revision would put pre-correction machine text live."""
    stale = GuidePage.objects.get(pk=draft.page.pk).get_latest_revision()
    row = next(r for r in segment_rows(es_translation) if r.path == "intro")
    edit_segment(
        es_translation, row.segment.pk, "Introducción corregida.", admin_user, approve=True
    )
    approve(es_translation, admin_user)
    with pytest.raises(UnreviewedTranslationError, match=ONE_LEFT):
        stale.publish()
    page = publish_translation(es_translation, admin_user)
    assert page.live and "Introducción corregida." in page.intro


def test_fully_reviewed_translation_publishes(draft, es_translation, admin_user, approve):
    approve(es_translation, admin_user)
    page = publish_translation(es_translation, admin_user)
    assert page.live is True
    assert Page.objects.get(pk=page.pk).live_revision_id == page.live_revision_id
    # ...and a later save that changes nothing readers see is not blocked
    page.save()


def test_source_pages_are_not_guarded(demo_guide):
    demo_guide.get_latest_revision().publish()
    assert GuidePage.objects.get(pk=demo_guide.pk).live

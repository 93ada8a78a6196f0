"""The review audit trail: every decision is in the page's history and in Wagtail's site
history report, naming the user, the locale and the segment ("Group 2 · Q5 answer")."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.urls import reverse
from wagtail.admin.auth import require_admin_access
from wagtail.models import PageLogEntry, Revision

from content.models import GuidePage
from locales.gate.guard import UnreviewedTranslationError
from locales.review import audit
from locales.review.actions import publish_translation
from locales.review.labels import label, labels_for
from locales.review.selectors import segment_rows

pytestmark = pytest.mark.django_db

Q5 = "Group 2 · Q5 answer"


def _row(translation, where: str):
    names = labels_for(translation)
    return next(r for r in segment_rows(translation) if label(r.path, names) == where)


def _entries(page, action: str) -> list[PageLogEntry]:
    return list(PageLogEntry.objects.filter(page_id=page.pk, action=action).order_by("pk"))


def _history(client, page) -> str:
    return client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()


@pytest.fixture
def spanish(reviewer):
    return reviewer("es", "rosa")


@pytest.fixture
def act(client, es_translation):
    """POST a review-screen action as the signed-in user."""

    def post(**data):
        return client.post(reverse("locales:review_action", args=[es_translation.pk]), data)

    return post


def test_machine_draft_is_logged_with_its_segments(draft, es_translation, admin_user, client):
    (entry,) = _entries(draft.page, "locales.machine_draft")
    assert entry.user == admin_user
    assert entry.data["locale"] == "es" and entry.data["provider"] == "pseudo"
    assert entry.data["sent"] == 36 and len(entry.data["locations"]) == 36
    assert Q5 in entry.data["locations"]
    assert entry.message.startswith("Machine draft (es, pseudo): 36 segments machine-translated (")

    client.force_login(admin_user)
    assert "Machine draft (es, pseudo)" in _history(client, draft.page)


def test_approving_a_segment_names_who_which_locale_and_where(
    client, spanish, draft, es_translation, act
):
    client.force_login(spanish)
    act(action="approve", segment=_row(es_translation, Q5).segment.pk)

    (entry,) = _entries(draft.page, "locales.approve_segment")
    assert entry.user == spanish
    assert entry.data["locale"] == "es" and entry.data["location"] == Q5
    assert entry.message == f"Approved “{Q5}” (es)"
    history = _history(client, draft.page)
    assert f"Approved “{Q5}” (es)" in history and "rosa" in history


def test_editing_a_segment_keeps_the_old_and_new_wording(
    client, spanish, draft, es_translation, act
):
    row = _row(es_translation, Q5)
    client.force_login(spanish)
    act(action="save_approve", segment=row.segment.pk, text="Sí, con 5 mg al día.")

    (entry,) = _entries(draft.page, "locales.edit_segment")
    assert entry.user == spanish and entry.data["location"] == Q5
    assert entry.data["approved"] is True
    assert entry.data["previous"] == row.translated_text
    assert entry.data["text"] == "Sí, con 5 mg al día."
    assert entry.message == f"Edited and approved “{Q5}” (es)"

    act(action="save", segment=row.segment.pk, text="Sí, con 5 mg diarios.")
    second = _entries(draft.page, "locales.edit_segment")[-1]
    assert second.message == f"Edited “{Q5}” (es)" and second.data["approved"] is False


def test_approve_all_lists_what_it_approved(
    sample_language_provider, client, spanish, draft, es_translation, act
):
    # A draft in Spanish words: "approve all" skips pseudo-localized text (QA flags it).
    client.force_login(spanish)
    act(action="approve_all")

    (entry,) = _entries(draft.page, "locales.approve_all")
    assert entry.user == spanish and entry.data["locale"] == "es"
    approved = [r for r in segment_rows(es_translation) if not r.needs_review]
    assert entry.data["count"] == len(approved) > 0
    assert Q5 in entry.data["locations"]
    assert entry.message.startswith(f"Approved {len(approved)} segments without warnings (es): ")


def test_a_refused_publish_is_logged_although_its_transaction_rolled_back(
    draft, es_translation, admin_user
):
    revisions = Revision.page_revisions.filter(object_id=str(draft.page.pk)).count()
    with pytest.raises(UnreviewedTranslationError):
        publish_translation(es_translation, admin_user)

    # The refused publish wrote a revision and rolled it back...
    assert Revision.page_revisions.filter(object_id=str(draft.page.pk)).count() == revisions
    # ...but its refusal is in the history, with the count and where the gaps are.
    (entry,) = _entries(draft.page, "locales.publish_refused")
    assert entry.user == admin_user and entry.data["count"] == 36
    assert Q5 in entry.data["locations"]
    assert entry.message.startswith("Publish refused (es): 36 segments not reviewed (")


def test_the_refusal_entry_is_not_written_inside_the_doomed_transaction(
    draft, es_translation, admin_user
):
    """Had it been written inside, rolling back would have removed it: nothing is written
    until the refusing transaction is over."""
    with pytest.raises(UnreviewedTranslationError), transaction.atomic():
        es_translation.get_target_instance().save_revision(user=admin_user).publish(user=admin_user)
    assert _entries(draft.page, "locales.publish_refused") == []  # queued, not yet written
    assert audit.flush_publish_refusals(admin_user) == 1
    assert len(_entries(draft.page, "locales.publish_refused")) == 1


def test_refusal_from_the_review_screen_is_in_the_history(client, admin_user, draft, act):
    client.force_login(admin_user)
    act(action="publish")
    (entry,) = _entries(draft.page, "locales.publish_refused")
    assert entry.user == admin_user
    assert "Publish refused (es): 36 segments not reviewed" in _history(client, draft.page)


def test_refusal_from_wagtails_edit_view_is_in_the_history(client, admin_user, draft):
    client.force_login(admin_user)
    page = GuidePage.objects.get(pk=draft.page.pk)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action-publish": "action-publish"}
    )
    assert response.status_code == 302  # refused by the editor hook, sent to the review screen
    (entry,) = _entries(page, "locales.publish_refused")
    assert entry.user == admin_user and entry.data["count"] == 36


def test_a_refusal_caught_anywhere_in_the_admin_is_written_after_the_request(
    rf, admin_user, draft, settings
):
    """Wagtail's admin turns a PermissionDenied raised deep inside a view (a workflow
    approval, say) into a redirect; the middleware still writes the queued refusal."""

    def publishes_in_a_transaction(request):
        with transaction.atomic():
            page = GuidePage.objects.get(pk=draft.page.pk)
            page.save_revision(user=request.user).publish(user=request.user)

    request = rf.post("/admin/pages/")
    request.user = admin_user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    view = audit.PublishRefusalLogMiddleware(require_admin_access(publishes_in_a_transaction))
    response = view(request)

    assert response.status_code == 302  # Wagtail's "no permission" redirect
    (entry,) = _entries(draft.page, "locales.publish_refused")
    assert entry.user == admin_user


def test_publishing_a_reviewed_translation_is_logged(client, spanish, draft, es_translation, act):
    from tests.translation.conftest import approve_everything

    approve_everything(es_translation, spanish)
    client.force_login(spanish)
    act(action="publish")

    assert GuidePage.objects.get(pk=draft.page.pk).live
    (entry,) = _entries(draft.page, "locales.publish_translation")
    assert entry.user == spanish and entry.data == {
        "locale": "es",
        "translation": es_translation.pk,
        "count": 36,
    }
    assert entry.message == "Published the reviewed translation (es): 36 reviewed segments"


def test_agency_import_entry(draft, es_translation, spanish):
    """The call issue 11's `import_xliff` makes, on a real translation."""
    rows = [_row(es_translation, Q5), _row(es_translation, "title")]
    audit.log_agency_import(
        es_translation,
        spanish,
        source_name="acme-es.xlf",
        segment_ids=[r.segment.pk for r in rows],
        skipped=1,
    )
    (entry,) = _entries(draft.page, "locales.agency_import")
    assert entry.user == spanish and entry.data["locale"] == "es"
    assert entry.data["locations"] == ["title", Q5]  # page order
    assert entry.message == (
        f"Imported 2 segments from the agency file “acme-es.xlf” (es): title, {Q5}; 1 skipped"
    )


def test_an_agency_file_uploaded_in_the_admin_is_logged_then_its_approval(
    client, admin_user, draft, es_translation
):
    """The wired call: `import_xliff` writes the entry, naming the uploaded file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from locales.handoff.export import export_xliff
    from tests.translation.test_xliff import parse, retranslate, units_by_id

    store = parse(export_xliff([es_translation.source.get_source_instance()], "es"))
    units = units_by_id(store)
    units["title"].rich_target = [retranslate(units["title"].rich_source[0])]
    client.force_login(admin_user)
    upload = SimpleUploadedFile("acme-es.xlf", bytes(store), content_type="application/xml")
    client.post(
        reverse("locales:xliff_import") + f"?translation={es_translation.pk}", {"file": upload}
    )

    (entry,) = _entries(draft.page, "locales.agency_import")
    assert entry.user == admin_user and entry.data["source"] == "acme-es.xlf"
    assert entry.data["locations"] == ["title"] and entry.data["skipped"] == 35
    assert entry.message == (
        "Imported 1 segments from the agency file “acme-es.xlf” (es): title; 35 skipped"
    )

    client.post(
        reverse("locales:review_action", args=[es_translation.pk]), {"action": "approve_agency"}
    )
    (approval,) = _entries(draft.page, "locales.approve_all")
    assert approval.message.startswith("Approved 1 agency segments without warnings (es): title.")


def test_site_history_report_filters_by_action_and_exports_the_messages(
    client, admin_user, spanish, draft, es_translation, act
):
    client.force_login(spanish)
    act(action="approve", segment=_row(es_translation, Q5).segment.pk)
    client.force_login(admin_user)
    url = reverse("wagtailadmin_reports:site_history")

    report = client.get(url, {"action": "locales.approve_segment"}).content.decode()
    assert f"Approved “{Q5}” (es)" in report
    assert "Machine draft (es" not in report  # filtered out
    assert "Translation: approve segment" in client.get(url).content.decode()  # filter choice

    exported = client.get(url, {"action": "locales.approve_segment", "export": "csv"})
    body = (
        b"".join(exported.streaming_content).decode()
        if exported.streaming
        else exported.content.decode()
    )
    (row,) = csv.DictReader(io.StringIO(body))
    # Wagtail's export has the action, user, object and time (the message is on screen).
    assert row["Action type"] == "Translation: approve segment"
    assert row["User"] == "rosa" and row["ID"] == str(draft.page.pk)


def test_every_action_has_a_label_and_a_fallback_message():
    """Entries whose data lacks a field still read as their label, never an error."""
    from wagtail.log_actions import registry

    for action, (title, _) in audit.ACTIONS.items():
        assert registry.action_exists(action)
        assert registry.get_action_label(action) == title

        class Entry:
            data: dict = {}

        Entry.action = action
        assert registry.get_formatter(Entry()).format_message(Entry()) == title

"""The review gate as a property of content: every Wagtail path that can put a page live.

Each test reproduces a path a tester used to get unreviewed machine text (or unreviewed
hand edits on a translated page) in front of readers, and checks it is refused there,
with nothing served; and that the legitimate versions of the same paths still work.
"""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.create_alias import CreatePageAliasAction
from wagtail.models import Locale, Page

from content.models import GuideIndexPage, GuidePage
from locales.gate.guard import UnreviewedTranslationError
from locales.gate.provenance import MachineText, fingerprint
from locales.gate.rules import ADDED, MACHINE, findings, texts_to_approve
from locales.review.actions import approve_page_text, publish_translation
from locales.review.selectors import translation_for_page
from tests.process_state import forget_process_state

pytestmark = pytest.mark.django_db

PSEUDO = "ƀçđéƒĝ"  # letters only the pseudo provider writes


@pytest.fixture(autouse=True)
def _fresh_read_model():
    cache.clear()
    forget_process_state()
    yield
    cache.clear()
    forget_process_state()


@pytest.fixture
def moderator(django_user_model, locales):
    """A member of Wagtail's default Moderators group: may publish anywhere, reviews nothing."""
    user = django_user_model.objects.create_user("moderator", password="pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def editor(django_user_model, locales):
    user = django_user_model.objects.create_user("wagtail-editor", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def index(code: str) -> GuideIndexPage:
    from locales.registry import get_registry

    locale = Locale.objects.get(language_code=get_registry().get(code).django_code)
    return GuideIndexPage.objects.get(locale=locale)


def admin_api(client, page: Page, action: str, **data):
    return client.post(
        f"/admin/api/main/pages/{page.pk}/action/{action}/",
        data=json.dumps(data),
        content_type="application/json",
    )


def served_texts(client, code: str) -> str:
    """Everything the API serves in `code` (list, bundle, every detail and JSON-LD)."""
    parts = []
    listing = client.get(f"/api/v1/guides/?locale={code}").json()
    parts.append(json.dumps(listing, ensure_ascii=False))
    bundle = client.get(f"/api/v1/bundles/{code}/")
    parts.append(bundle.content.decode())
    for guide in listing["results"]:
        for suffix in ("", "faq.jsonld"):
            response = client.get(f"/api/v1/guides/{guide['slug']}/{suffix}?locale={code}")
            parts.append(response.content.decode())
    return "\n".join(parts)


def assert_refused(response):
    assert response.status_code == 403, response.content[:500]


def live_pages() -> list[GuidePage]:
    return list(GuidePage.objects.live())


# --- Copies ------------------------------------------------------------------------------


def test_a_copy_of_a_machine_draft_cannot_be_published(client, moderator, draft):
    client.force_login(moderator)
    es_draft = GuidePage.objects.get(pk=draft.page.pk)
    assert admin_api(client, es_draft, "publish").status_code == 403  # as before

    response = admin_api(client, es_draft, "copy", slug="copied-draft")
    assert response.status_code == 201, response.content
    copy = GuidePage.objects.get(slug="copied-draft")
    assert not copy.live

    assert_refused(admin_api(client, copy, "publish"))
    copy.refresh_from_db()
    assert not copy.live
    assert PSEUDO[0] not in served_texts(client, "es")
    assert {f.reason for f in findings(copy.get_latest_revision_as_object())} == {MACHINE}


def test_copy_for_translation_of_a_machine_draft_into_another_locale_cannot_be_published(
    client, admin_user, draft
):
    client.force_login(admin_user)
    pt = index("pt-BR").locale
    response = admin_api(
        client,
        GuidePage.objects.get(pk=draft.page.pk),
        "copy_for_translation",
        locale=pt.language_code,
    )
    assert response.status_code == 201, response.content
    copy = GuidePage.objects.get(locale=pt, translation_key=draft.page.translation_key)

    assert_refused(admin_api(client, copy, "publish"))
    detail = client.get("/api/v1/guides/exosome-hair-loss/?locale=pt-BR").json()
    assert detail["fallback"] is True and detail["locale"] == "en"


def test_machine_text_approved_in_spanish_is_not_approved_in_portuguese(
    draft, es_translation, admin_user, approve
):
    approve(es_translation, admin_user)
    publish_translation(es_translation, admin_user)
    pt = index("pt-BR").locale
    copy = CopyPageForTranslationAction(
        GuidePage.objects.get(pk=draft.page.pk), pt, copy_parents=False
    ).execute(skip_permission_checks=True)
    with pytest.raises(UnreviewedTranslationError, match="came from machine translation"):
        copy.get_latest_revision().publish()


def test_a_live_copy_cannot_point_at_a_pending_machine_draft(
    client, moderator, draft, es_translation, admin_user, approve, demo_guide, edit_answer
):
    """Wagtail's copy keeps the page live and makes the copied LATEST revision its live
    revision: with a machine draft pending, the API would have served the draft."""
    from locales.machine_translation.drafts import create_machine_draft

    approve(es_translation, admin_user)
    es = publish_translation(es_translation, admin_user)
    edit_answer(demo_guide, 0, 0, "<p>A new answer, written after the review.</p>")
    create_machine_draft(demo_guide, "es", user=admin_user)  # pending, one machine segment

    client.force_login(moderator)
    response = admin_api(client, es, "copy", slug="live-copy", keep_live=True)
    assert_refused(response)
    assert not GuidePage.objects.filter(slug="live-copy").exists()  # rolled back whole
    assert "A new answer" not in served_texts(client, "es")


def test_a_copy_into_the_source_locale_cannot_be_published(client, moderator, draft):
    client.force_login(moderator)
    response = admin_api(
        client,
        GuidePage.objects.get(pk=draft.page.pk),
        "copy",
        destination_page_id=index("en").pk,
        slug="spanish-in-english",
    )
    assert response.status_code == 201
    copy = GuidePage.objects.get(slug="spanish-in-english")
    assert_refused(admin_api(client, copy, "publish"))
    assert PSEUDO[0] not in served_texts(client, "en")


def test_a_copy_of_a_reviewed_translation_is_publishable_and_says_machine_translated(
    client, draft, es_translation, admin_user, approve
):
    approve(es_translation, admin_user)
    es = publish_translation(es_translation, admin_user)
    copy = CopyPageAction(es, update_attrs={"slug": "reviewed-copy"}, keep_live=False).execute(
        skip_permission_checks=True
    )
    copy.get_latest_revision().publish()
    doc = client.get("/api/v1/guides/reviewed-copy/?locale=es").json()
    assert doc["translation"]["machine_translated"] is True
    assert doc["translation"]["outdated"] is False
    assert doc["translation"]["reviewed_at"] is not None


# --- Aliases, reverts, scheduled and bulk publishing ---------------------------------------


def test_an_alias_of_a_machine_draft_converted_then_published_is_refused(client, moderator, draft):
    es_draft = GuidePage.objects.get(pk=draft.page.pk)
    alias = CreatePageAliasAction(
        es_draft, parent=index("es"), update_slug="alias-of-draft"
    ).execute(skip_permission_checks=True)
    client.force_login(moderator)
    assert admin_api(client, alias, "convert_alias").status_code == 200
    assert_refused(admin_api(client, GuidePage.objects.get(pk=alias.pk), "publish"))
    assert not GuidePage.objects.get(pk=alias.pk).live


def test_reverting_a_reviewed_page_to_its_machine_revision_is_refused(
    client, moderator, draft, es_translation, admin_user, approve
):
    from locales.review.actions import edit_segment
    from locales.review.selectors import segment_rows

    machine_revision = GuidePage.objects.get(pk=draft.page.pk).latest_revision
    intro = next(r for r in segment_rows(es_translation) if r.path == "intro")
    edit_segment(es_translation, intro.segment.pk, "Introducción revisada.", admin_user)
    approve(es_translation, admin_user)  # the machine intro was replaced, never approved
    es = publish_translation(es_translation, admin_user)
    before = served_texts(client, "es")

    client.force_login(moderator)
    reverted = admin_api(client, es, "revert_to_page_revision", revision_id=machine_revision.pk)
    assert reverted.status_code == 200, reverted.content
    assert_refused(admin_api(client, es, "publish"))
    with pytest.raises(UnreviewedTranslationError):
        machine_revision.publish()
    cache.clear()
    forget_process_state()
    assert served_texts(client, "es") == before


def test_a_scheduled_publish_of_a_machine_copy_is_refused_when_it_falls_due(draft, admin_user):
    copy = CopyPageAction(
        GuidePage.objects.get(pk=draft.page.pk),
        update_attrs={"slug": "scheduled-copy"},
        keep_live=False,
    ).execute(skip_permission_checks=True)
    revision = copy.get_latest_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    with pytest.raises(CommandError, match="came from machine translation"):
        call_command("publish_scheduled", stdout=StringIO())
    assert not GuidePage.objects.get(pk=copy.pk).live


def test_a_bulk_publish_of_a_machine_copy_is_refused(client, moderator, draft):
    copy = CopyPageAction(
        GuidePage.objects.get(pk=draft.page.pk),
        update_attrs={"slug": "bulk-copy"},
        keep_live=False,
    ).execute(skip_permission_checks=True)
    client.force_login(moderator)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={copy.pk}"
    client.post(url, {"include_descendants": ""})
    assert not GuidePage.objects.get(pk=copy.pk).live


def test_a_save_through_a_plain_page_instance_is_checked(draft):
    """Code (or a plugin) that flips `live` on a generic Page row is checked as the guide."""
    page = Page.objects.get(pk=draft.page.pk)
    page.live = True
    page.live_revision_id = page.latest_revision_id
    with pytest.raises(UnreviewedTranslationError):
        page.save()
    assert not Page.objects.get(pk=draft.page.pk).live


# --- Pages written by hand -----------------------------------------------------------------


def test_a_page_written_by_hand_in_a_locale_stays_publishable(client, locales, demo_guide):
    page = GuidePage(
        title="Guía escrita a mano",
        slug="guia-a-mano",
        intro="<p>Un texto que escribió una persona.</p>",
        body=[],
        locale=index("es").locale,
    )
    index("es").add_child(instance=page)
    page.save_revision().publish()
    doc = client.get("/api/v1/guides/guia-a-mano/?locale=es").json()
    assert doc["fallback"] is False
    assert doc["translation"] == {
        "is_source": False,
        "source_locale": "en",
        "machine_translated": False,
        "reviewed_at": None,
        "outdated": False,
    }


# --- Stop synced translation, then edit by hand ---------------------------------------------


@pytest.fixture
def stopped_french(client, demo_guide, admin_user, approve):
    """French reviewed and published, then "Stop synced translation" in wagtail-localize."""
    from locales.machine_translation.drafts import create_machine_draft

    fr_draft = create_machine_draft(demo_guide, "fr", user=admin_user)
    translation = translation_for_page(fr_draft.page)
    approve(translation, admin_user)
    publish_translation(translation, admin_user)
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtail_localize:stop_translation", args=[translation.pk]), {"next": "/admin/"}
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.enabled is False
    return translation


DANGER = "double the dose if no result after 2 weeks"


def add_by_hand(page: GuidePage, user) -> None:
    """A person adds a paragraph to the first answer and a new FAQ item (a real revision)."""
    draft = page.get_latest_revision_as_object()
    raw = draft.body.raw_data
    item = raw[0]["value"]["items"][0]["value"]
    item["answer"] = item["answer"] + f"<p>{DANGER}</p>"
    raw[0]["value"]["items"].append(
        {
            "type": "item",
            "id": "0d4e4c1e-0000-4000-8000-000000000001",
            "value": {"question": "Est-ce sans risque ?", "answer": "<p>Parlez-en.</p>"},
        }
    )
    draft.body = raw
    draft.save_revision(user=user)


def test_text_added_after_stop_sync_does_not_go_live_unreviewed(
    client, stopped_french, admin_user, moderator
):
    page = stopped_french.get_target_instance()
    add_by_hand(page, admin_user)

    client.force_login(moderator)
    response = admin_api(client, page, "publish")
    assert_refused(response)
    assert DANGER not in served_texts(client, "fr")
    doc = client.get("/api/v1/guides/exosome-hair-loss/?locale=fr").json()
    assert doc["translation"]["outdated"] is False

    # The reviewer sees the added texts and approves them; then it publishes.
    pending = texts_to_approve(stopped_french)
    assert {f.reason for f in pending} == {ADDED} and len(pending) == 3
    client.force_login(admin_user)
    screen = client.get(reverse("locales:review", args=[stopped_french.pk]))
    assert DANGER in screen.content.decode()
    for finding in pending:
        response = client.post(
            reverse("locales:review_action", args=[stopped_french.pk]),
            {"action": "approve_text", "fingerprint": fingerprint(finding.text)},
        )
        assert response.status_code == 302
    assert texts_to_approve(stopped_french) == []
    publish_translation(stopped_french, admin_user)  # the page's own revision, as written
    served = served_texts(client, "fr")
    assert DANGER in served and "Est-ce sans risque" in served


def test_changing_an_existing_paragraph_after_stop_sync_needs_approval_too(
    client, stopped_french, admin_user
):
    page = stopped_french.get_target_instance()
    draft = page.get_latest_revision_as_object()
    draft.title = "Exosomes : mythes et réalités (revu à la main)"
    revision = draft.save_revision(user=admin_user)
    with pytest.raises(UnreviewedTranslationError, match="1 segment needs review"):
        revision.publish()
    (finding,) = texts_to_approve(stopped_french)
    approve_page_text(stopped_french, fingerprint(finding.text), admin_user)
    revision.publish()
    assert GuidePage.objects.get(pk=page.pk).title.endswith("(revu à la main)")


def test_machine_translating_a_stopped_translation_is_refused(
    stopped_french, demo_guide, admin_user, run_command
):
    page = stopped_french.get_target_instance()
    add_by_hand(page, admin_user)
    before = GuidePage.objects.get(pk=page.pk).latest_revision_id
    with pytest.raises(CommandError, match="was stopped"):
        run_command("translate_guide", "exosome-hair-loss", "--to", "fr")
    assert GuidePage.objects.get(pk=page.pk).latest_revision_id == before


# --- wagtail-localize's own "Machine translate" button --------------------------------------


def test_localize_machine_translate_button_goes_through_the_pipeline(
    client, demo_guide, admin_user, editor, django_capture_on_commit_callbacks, approve
):
    from wagtail_localize.models import StringTranslation, Translation, TranslationSource

    source, _ = TranslationSource.get_or_create_from_instance(demo_guide)
    fr = Locale.objects.get(language_code="fr")
    translation = Translation.objects.create(source=source, target_locale=fr)
    translation.save_target(user=admin_user)  # what "Translate this page" does

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:machine_translate", args=[translation.pk]),
            {"next": "/admin/"},
        )
    assert response.status_code == 302 and "/translations/jobs/" in response["Location"]
    assert not StringTranslation.objects.filter(context__path="slug", locale=fr).exists()
    page = translation.get_target_instance()
    assert page.slug == "exosome-hair-loss"
    assert MachineText.objects.filter(locale="fr").exists()

    approve(translation, admin_user)
    client.force_login(admin_user)
    response = client.post(
        reverse("locales:review_action", args=[translation.pk]), {"action": "publish"}
    )
    assert response.status_code == 302
    live = GuidePage.objects.get(pk=page.pk)
    assert live.live and live.slug == "exosome-hair-loss"
    # What used to answer 500 or a traceback after the button: a redraft, an XLIFF export.
    from io import StringIO as Buffer

    out = Buffer()
    call_command("translate_guide", "exosome-hair-loss", "--to", "fr", stdout=out)
    assert "fr" in out.getvalue()
    response = client.post(
        reverse("locales:xliff_export"), {"guides": [demo_guide.pk], "locales": ["fr"]}
    )
    assert response.status_code == 200 and b"<xliff" in response.content


def test_localize_machine_translate_button_needs_edit_rights_on_the_source(
    client, draft, es_translation, django_user_model
):
    nobody = django_user_model.objects.create_user("viewer", password="pw")
    nobody.groups.add(Group.objects.get(name="Reviewers (es)"))  # admin access, no source edit
    client.force_login(nobody)
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[es_translation.pk]),
        {"next": "/admin/"},
    )
    assert response.status_code in {302, 403}
    assert "/translations/jobs/" not in response.get("Location", "")


def test_localize_update_translations_with_machine_translation_and_publish_keeps_the_slug(
    client, draft, es_translation, admin_user, approve, django_capture_on_commit_callbacks
):
    """The reproduction: everything else translated, wagtail-localize's "Update
    translations" with "Use machine translation" + "Publish" machine-translated the one
    segment left, the slug, and published `exosoe-hair-loss`. The slug is no segment now."""
    from wagtail_localize.models import StringTranslation

    approve(es_translation, admin_user)
    client.force_login(admin_user)
    url = reverse("wagtail_localize:update_translations", args=[es_translation.source.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"publish_translations": "on", "use_machine_translation": "on"})
    assert response.status_code == 302, response.content[:500]
    page = GuidePage.objects.get(pk=draft.page.pk)
    assert page.live and page.slug == "exosome-hair-loss"
    assert not StringTranslation.objects.filter(context__path="slug").exists()


def test_localize_update_translations_cannot_publish_unreviewed_text(
    client, draft, es_translation, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    url = reverse("wagtail_localize:update_translations", args=[es_translation.source.pk])
    with (
        pytest.raises(UnreviewedTranslationError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(url, {"publish_translations": "on"})  # wagtail-localize publishes on commit
    assert not GuidePage.objects.get(pk=draft.page.pk).live

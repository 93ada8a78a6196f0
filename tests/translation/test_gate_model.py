"""Model-based test of the review gate: random sequences of real Wagtail and project
operations, by users in different roles, on real pages; after every step, nothing a
reader can get from any endpoint holds machine text that no person approved for that
locale.

The oracle does not ask the implementation what is approved. The offline `pseudo`
provider writes recognisable text (bracketed, accented Latin: `[Ĥéĺĺö ···]`), and the
model records, per locale, exactly the texts a person approved through the operations it
performed (an approval, approve-all, which it predicts from the warnings the reviewer
sees). Served text is read from the bundle, list and sync endpoints, every guide's detail
and JSON-LD documents, and the HTML page Wagtail serves for every live guide.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections import Counter, defaultdict
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from wagtail.actions.create_alias import CreatePageAliasAction
from wagtail.actions.move_page import MovePageAction, MovePagePermissionError
from wagtail.models import Page

from api.models import GuideSnapshot
from content.models import GuideIndexPage, GuidePage
from locales.gate.guard import UnreviewedTranslationError
from locales.machine_translation import drafts
from locales.machine_translation.providers.pseudo import _ACCENTS
from locales.registry import get_registry
from locales.review import actions as review
from locales.review.checks import warnings_for_rows
from locales.review.selectors import segment_rows, translation_for_page
from tests.conftest import SEED
from tests.process_state import forget_process_state
from tests.translation.conftest import edit_source_answer

pytestmark = pytest.mark.django_db

TARGETS = ["es", "ar", "pt-BR"]
PSEUDO_LETTERS = frozenset("àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀßÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")
assert set("".join(chr(c) for c in _ACCENTS.values())) == PSEUDO_LETTERS
CHUNK = re.compile(r"\[[^\[\]]*\]|\[[^\[\]]*…")  # a pseudo output, or a truncated one
TAG = re.compile(r"<[^<>]+>")
PAGE = st.integers(min_value=0, max_value=10_000)


def visible(text: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", text)).split())


def machine_chunks(text: str) -> list[str]:
    return [c for c in CHUNK.findall(visible(text)) if PSEUDO_LETTERS & set(c)]


class GateMachine(RuleBasedStateMachine):
    """One example: a fresh savepoint over the published demo guide and the users."""

    ctx: dict = {}  # set by the test: users, source page id

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        cache.clear()
        forget_process_state()
        self.approved: dict[str, set[str]] = defaultdict(set)  # locale -> visible texts
        self.client = Client()
        self.n = 0

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        cache.clear()
        forget_process_state()

    # --- helpers -----------------------------------------------------------------------

    def user(self, role: str, code: str | None = None):
        return self.ctx["users"][role if code is None else f"{role}:{code}"]

    def login(self, role: str, code: str | None = None) -> Client:
        self.client.force_login(self.user(role, code))
        return self.client

    def source(self) -> GuidePage:
        return GuidePage.objects.get(pk=self.ctx["source"])

    def pick(self, n: int, **filters) -> GuidePage | None:
        pages = list(GuidePage.objects.filter(**filters).order_by("pk"))
        return pages[n % len(pages)] if pages else None

    def translation(self, code: str):
        info = get_registry().get(code)
        page = GuidePage.objects.filter(
            translation_key=self.source().translation_key, locale__language_code=info.django_code
        ).first()
        return translation_for_page(page) if page is not None else None

    def api(self, page: Page, action: str, role: str = "moderator", **data):
        return self.login(role).post(
            f"/admin/api/main/pages/{page.pk}/action/{action}/",
            data=json.dumps(data),
            content_type="application/json",
        )

    def done(self, op: str) -> None:
        self.ctx["ops"][op] += 1

    def translated(self) -> bool:
        from wagtail_localize.models import Translation

        return Translation.objects.filter(source__object_id=self.ctx["key"]).exists()

    # --- the project's workflow ----------------------------------------------------------

    @initialize(codes=st.sets(st.sampled_from(TARGETS), min_size=1))
    def first_drafts(self, codes):
        for code in sorted(codes):
            drafts.create_machine_draft(self.source(), code, user=self.user("admin"))
        self.done("machine draft")

    @rule(code=st.sampled_from(TARGETS))
    def machine_draft(self, code):
        with contextlib.suppress(drafts.DraftError):  # sync stopped: never redrafted
            drafts.create_machine_draft(self.source(), code, user=self.user("admin"))
        self.done("machine draft")

    @precondition(lambda self: self.translated())
    @rule(code=st.sampled_from(TARGETS), n=PAGE)
    def approve_one(self, code, n):
        translation = self.translation(code)
        if translation is None:
            return
        rows = [r for r in segment_rows(translation) if r.needs_review and r.string_translation]
        if not rows:
            return
        row = rows[n % len(rows)]
        self.approved[code].add(visible(row.translated_text))  # what the reviewer read
        review.approve_segment(translation, row.segment.pk, self.user("reviewer", code))
        self.done("approve segment")

    @precondition(lambda self: self.translated())
    @rule(code=st.sampled_from(TARGETS))
    def approve_all(self, code):
        translation = self.translation(code)
        if translation is None:
            return
        rows = [r for r in segment_rows(translation) if r.needs_review]
        warnings = warnings_for_rows(translation, rows)
        shown = [
            r
            for r in rows
            if r.string_translation
            and not r.string_translation.has_error
            and not warnings.get(r.segment.pk)
        ]
        result = review.approve_all_without_warnings(translation, self.user("reviewer", code))
        assert result.approved == len(shown)
        self.approved[code] |= {visible(r.translated_text) for r in shown}
        self.done("approve all")

    @precondition(lambda self: self.translated())
    @rule(code=st.sampled_from(TARGETS), n=PAGE, approve=st.booleans())
    def reviewer_edits(self, code, n, approve):
        translation = self.translation(code)
        if translation is None:
            return
        rows = [r for r in segment_rows(translation) if "<" not in r.source_text]
        row = rows[n % len(rows)]
        self.n += 1
        review.edit_segment(
            translation, row.segment.pk, f"Texto de una persona {self.n}.",
            self.user("reviewer", code), approve=approve,
        )  # fmt: skip
        self.done("reviewer edit")

    @precondition(lambda self: self.translated())
    @rule(code=st.sampled_from(TARGETS))
    def publish_from_review_screen(self, code):
        translation = self.translation(code)
        if translation is None:
            return
        response = self.login("reviewer", code).post(
            reverse("locales:review_action", args=[translation.pk]), {"action": "publish"}
        )
        assert response.status_code == 302
        self.done("publish (review screen)")

    @rule(n=PAGE)
    def publish_latest_revision(self, n):
        page = self.pick(n)
        response = self.api(page, "publish")
        assert response.status_code in {200, 403}, response.content[:300]
        self.done("publish (admin API, Moderator)")

    @rule()
    def edit_and_publish_source(self):
        self.n += 1
        source = self.source()
        raw = source.get_latest_revision_as_object().body.raw_data
        item = self.n % len(raw[0]["value"]["items"])
        # Refused while the source's draft holds machine text an editor pasted into it.
        with contextlib.suppress(UnreviewedTranslationError):
            edit_source_answer(source, 0, item, f"<p>Source answer, version {self.n}.</p>")
        self.done("source edit + publish")

    @rule(force=st.booleans())
    def reimport_demo(self, force):
        from content.services import EditedSinceImportError, import_guide_file

        # Refused when the guide changed since its last import, unless forced.
        with contextlib.suppress(EditedSinceImportError):
            import_guide_file(SEED, slug="exosome-hair-loss", publish=True, force=force)
        self.done("re-import")

    # --- Wagtail's own paths -------------------------------------------------------------

    @rule(n=PAGE, keep_live=st.booleans())
    def copy(self, n, keep_live):
        page = self.pick(n)
        self.n += 1
        response = self.api(page, "copy", slug=f"copy-{self.n}", keep_live=keep_live)
        assert response.status_code in {201, 403}, response.content[:300]
        self.done("copy (admin API)")

    @rule(n=PAGE)
    def copy_for_translation(self, n):
        """A page into a locale where its guide has no page yet (the admin API's action)."""
        indexes = list(GuideIndexPage.objects.select_related("locale").order_by("pk"))
        taken = set(GuidePage.objects.values_list("translation_key", "locale_id"))
        pairs = [
            (page, index.locale)
            for page in GuidePage.objects.order_by("pk")
            for index in indexes
            if (page.translation_key, index.locale_id) not in taken
        ]
        if not pairs:
            return
        page, locale = pairs[n % len(pairs)]
        response = self.api(page, "copy_for_translation", "admin", locale=locale.language_code)
        assert response.status_code in {201, 403}, response.content[:300]
        self.done("copy for translation")

    @rule(n=PAGE, code=st.sampled_from(TARGETS))
    def alias_then_convert(self, n, code):
        page = self.pick(n)
        parent = GuideIndexPage.objects.get(
            locale__language_code=get_registry().get(code).django_code
        )
        self.n += 1
        try:
            alias = CreatePageAliasAction(
                page, parent=parent, update_slug=f"alias-{self.n}", user=self.user("admin")
            ).execute(skip_permission_checks=True)
        except UnreviewedTranslationError:
            self.done("alias (refused)")
            return
        response = self.api(alias, "convert_alias")
        assert response.status_code in {200, 403}
        self.done("alias + convert")

    @rule(n=PAGE, back=st.integers(min_value=1, max_value=5))
    def revert_and_publish(self, n, back):
        page = self.pick(n)
        revisions = list(page.revisions.order_by("-created_at", "-pk")[:6])
        if len(revisions) < 2:
            return
        back = min(back, len(revisions) - 1)
        response = self.api(page, "revert_to_page_revision", revision_id=revisions[back].pk)
        assert response.status_code in {200, 400, 403}  # 400: Wagtail refuses that revert
        response = self.api(page, "publish")
        assert response.status_code in {200, 403}
        self.done("revert + publish")

    @rule(n=PAGE)
    def scheduled_publish(self, n):
        page = self.pick(n)
        revision = page.get_latest_revision()
        revision.approved_go_live_at = timezone.now() - timedelta(seconds=1)
        revision.save(update_fields=["approved_go_live_at"])
        with contextlib.suppress(CommandError):  # refused ones are unscheduled and named
            call_command("publish_scheduled", stdout=StringIO(), stderr=StringIO())
        self.done("scheduled publish")

    @rule(n=PAGE)
    def bulk_publish(self, n):
        page = self.pick(n)
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        response = self.login("moderator").post(f"{url}?id={page.pk}", {})
        assert response.status_code in {200, 302}
        self.done("bulk publish")

    @rule(n=PAGE)
    def move_to_another_index(self, n):
        page = self.pick(n, depth=3)
        if page is None:
            return
        targets = list(GuideIndexPage.objects.exclude(pk=page.get_parent().pk))
        target = targets[n % len(targets)]
        if target.get_children().filter(slug=page.slug).exists():
            return
        with contextlib.suppress(MovePagePermissionError, UnreviewedTranslationError):
            # Wagtail refuses to move a page into another locale's tree (the only other
            # parent a guide may have); tried all the same, in case that ever changes.
            MovePageAction(page, target, pos="last-child", user=self.user("admin")).execute()
        self.done("move")

    @rule(n=PAGE)
    def unpublish(self, n):
        page = self.pick(n, live=True)
        if page is not None and page.pk != self.ctx["source"]:
            assert self.api(page, "unpublish").status_code == 200
            self.done("unpublish")

    @rule(n=PAGE)
    def person_edits_a_page(self, n):
        """An editor adds a paragraph of their own to a page's intro (a draft revision)."""
        self.n += 1
        self.add_to_intro(self.pick(n), f"<p>Escrito a mano {self.n}.</p>")
        self.done("hand edit")

    @rule(n=PAGE, donor=PAGE)
    def person_pastes_machine_text(self, n, donor):
        """An editor pastes another page's intro (machine text, perhaps) into a page."""
        page = self.pick(n)
        source = self.pick(donor)
        self.add_to_intro(page, source.get_latest_revision_as_object().intro)
        self.done("paste")

    def add_to_intro(self, page: GuidePage, text: str) -> None:
        draft = page.get_latest_revision_as_object()
        draft.intro = draft.intro + text
        draft.save_revision(user=self.user("editor"))

    # --- wagtail-localize's own buttons ---------------------------------------------------

    @precondition(lambda self: self.translated())
    @rule(code=st.sampled_from(TARGETS))
    def localize_stop_sync(self, code):
        translation = self.translation(code)
        if translation is None or not translation.enabled:
            return
        response = self.login("admin").post(
            reverse("wagtail_localize:stop_translation", args=[translation.pk]), {"next": "/"}
        )
        assert response.status_code == 302
        self.done("stop synced translation")

    @precondition(lambda self: self.translated())
    @rule(code=st.sampled_from(TARGETS))
    def localize_machine_translate_button(self, code):
        translation = self.translation(code)
        if translation is None:
            return
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = self.login("editor").post(
                reverse("wagtail_localize:machine_translate", args=[translation.pk]),
                {"next": "/"},
            )
        assert response.status_code == 302
        self.done("localize machine translate")

    @rule(publish=st.booleans(), machine=st.booleans())
    def localize_update_translations(self, publish, machine):
        from wagtail_localize.models import TranslationSource

        source = TranslationSource.objects.get_for_instance_or_none(self.source())
        if source is None:
            return
        data = {"publish_translations": "on"} if publish else {}
        if machine:
            data["use_machine_translation"] = "on"
        url = reverse("wagtail_localize:update_translations", args=[source.pk])
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                response = self.login("moderator").post(url, data)
            assert response.status_code in {302, 403}
        except UnreviewedTranslationError:
            pass  # wagtail-localize publishes on commit, after its response is made
        self.done("localize update translations")

    # --- the property ----------------------------------------------------------------

    @invariant()
    def nothing_unapproved_is_served(self):
        forget_process_state()  # read as a fresh process would
        for where, locale, text in self.served():
            for chunk in machine_chunks(text):
                ok = chunk in self.approved[locale] or (
                    chunk.endswith("…")
                    and any(a.startswith(chunk[:-1]) for a in self.approved[locale])
                )
                assert ok, f"{where} serves unapproved machine text in {locale}: {chunk[:80]}"

    def served(self):
        """(where, locale of the text, text) for everything a reader can get."""
        codes = [get_registry().source.code, *TARGETS]
        for code in codes:
            for path in (f"/api/v1/bundles/{code}/", f"/api/v1/guides/?locale={code}"):
                response = self.client.get(path)
                # An oracle that reads nothing proves nothing: every read must answer.
                assert response.status_code == 200, f"{path}: {response.status_code}"
                yield from self.documents(path, response.json())
        for snap in GuideSnapshot.objects.all():
            yield from self.documents("detail", json.loads(bytes(snap.document)))
            yield "json-ld", snap.locale, bytes(snap.jsonld).decode()
        for page in GuidePage.objects.live().select_related("locale"):
            url = page.get_url()
            if url:
                response = self.client.get(url)
                assert response.status_code < 500, f"{url}: {response.status_code}"
                if response.status_code == 200:
                    code = get_registry().get(page.locale.language_code).code
                    yield f"site {url}", code, response.content.decode()

    def documents(self, where: str, data):
        """Walk a JSON answer; each guide document's strings are in its own locale."""
        if isinstance(data, dict):
            if "locale" in data and ("title" in data or "groups" in data):
                code = data["locale"]
                yield where, code, json.dumps(data, ensure_ascii=False)
                return
            for value in data.values():
                yield from self.documents(where, value)
        elif isinstance(data, list):
            for value in data:
                yield from self.documents(where, value)


@pytest.fixture
def roles(demo_guide, django_user_model):
    from locales.review.permissions import ensure_reviewer_group

    users = {
        "admin": django_user_model.objects.create_superuser("gate-admin", "a@x.test", "pw"),
        "moderator": django_user_model.objects.create_user("gate-moderator", password="pw"),
        "editor": django_user_model.objects.create_user("gate-editor", password="pw"),
    }
    users["moderator"].groups.add(Group.objects.get(name="Moderators"))
    users["editor"].groups.add(Group.objects.get(name="Editors"))
    for code in TARGETS:
        user = django_user_model.objects.create_user(f"gate-reviewer-{code}", password="pw")
        user.groups.add(ensure_reviewer_group(code))
        users[f"reviewer:{code}"] = user
    return users


def test_no_path_serves_unapproved_machine_text(roles, demo_guide, settings, capsys):
    settings.TRANSLATION_PROVIDER = "pseudo"
    settings.API_ANON_RATE = ""  # the oracle reads every endpoint after every step; no 429s
    ops: Counter = Counter()
    GateMachine.ctx = {
        "users": roles,
        "source": demo_guide.pk,
        "key": demo_guide.translation_key,
        "ops": ops,
    }
    run_state_machine_as_test(
        GateMachine,
        settings=settings_for_the_gate(),
    )
    with capsys.disabled():
        print(
            f"\ngate state machine: {sum(ops.values())} steps; "
            + ", ".join(f"{op} {n}" for op, n in sorted(ops.items()))
        )
    missing = {name for name in RULES if name not in ops}
    assert not missing, f"operations never exercised: {sorted(missing)}"


RULES = {
    "machine draft", "approve segment", "approve all", "reviewer edit",
    "publish (review screen)", "publish (admin API, Moderator)", "source edit + publish",
    "re-import", "copy (admin API)", "copy for translation", "alias + convert", "revert + publish",
    "scheduled publish", "bulk publish", "move", "unpublish", "hand edit", "paste",
    "stop synced translation", "localize machine translate", "localize update translations",
}  # fmt: skip


def settings_for_the_gate():
    """Derandomized by default, so `make test` runs the same sequences each time (and the
    coverage check above cannot flake); GATE_RANDOM=1 explores new ones, GATE_EXAMPLES and
    GATE_STEPS make a longer run."""
    import os

    return hypothesis_settings(
        max_examples=int(os.environ.get("GATE_EXAMPLES", "15")),
        stateful_step_count=int(os.environ.get("GATE_STEPS", "30")),
        derandomize=os.environ.get("GATE_RANDOM", "") != "1",
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

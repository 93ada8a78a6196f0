"""The publish guard: no page goes live with a text the review gate refuses.

It runs on `pre_save` of every content page (see signals.py), because every way a page
goes live in Wagtail ends in saving the page row as live: publishing a revision (admin
edit view, workflow approval, `publish_scheduled`, bulk publish, the admin API, revert,
wagtail-localize's editor and its "update translations"), a copy kept live, a copy for
translation, an alias created or updated, an alias converted. Checking there, on the
content about to be shown, covers paths added later too. Two things are shown and both
are checked: the row (what Wagtail's own pages render) and the live revision (what the
API serves); a live copy, for one, points its live revision at a copied draft.

The rule itself lives in review_gate.py. The admin hooks in wagtail_hooks.py call
`check_publishable` earlier only to turn the refusal into a friendly message.

Every refusal is recorded in the page's history (audit.note_publish_refused); the entry is
written after the refusing transaction has rolled back, not inside it.
"""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import PermissionDenied
from wagtail.models import Page, Revision

from clinical.publish_rule import sign_off_refusal
from cms.atomic_admin import note_refusal
from locales.gate.page_text import page_strings
from locales.gate.provenance import visible_text
from locales.gate.rules import (
    ADDED,
    MACHINE,
    SEGMENT_REASONS,
    Finding,
    findings,
)
from locales.registry import get_registry
from locales.review import audit

# Page fields whose change can alter what a reader sees or whether they see it.
_WATCHED_FIELDS = frozenset(
    {
        "title",
        "slug",
        "seo_title",
        "search_description",
        "intro",
        "body",
        "conclusion",
        "disclaimer",
        "live",
        "live_revision",
        "live_revision_id",
        "locale",
        "locale_id",
        "alias_of",
        "alias_of_id",
    }
)
EXAMPLE_CHARS = 60


def _example(found: list[Finding]) -> str:
    text = next((visible_text(f.text) for f in found if f.text), "")
    if len(text) > EXAMPLE_CHARS:
        text = text[: EXAMPLE_CHARS - 1] + "…"
    return text


def refusal_message(page: Page | None, found: list[Finding]) -> str:
    """What an editor is told: how many texts, why, and what to do (translated in
    review_messages, which owns the plural rules)."""
    from locales.gate.refusal_words import refusal_message as words

    reasons = Counter(f.reason for f in found)
    return words(
        page,
        reasons,
        sum(n for reason, n in reasons.items() if reason in SEGMENT_REASONS),
        _example([f for f in found if f.reason == ADDED]),
        _example([f for f in found if f.reason == MACHINE]),
        added_reason=ADDED,
        machine_reason=MACHINE,
    )


class UnreviewedTranslationError(PermissionDenied):
    """Publishing was refused because some text still needs a reviewer."""

    def __init__(self, found: list[Finding] | int, page: Page | None = None):
        if isinstance(found, int):
            found = [Finding("", n, "", "unreviewed") for n in range(found)]
        self.findings = found
        self.count = len(found)
        self.page = page
        super().__init__(refusal_message(page, found))


class MedicalReviewRequiredError(UnreviewedTranslationError):
    """Publishing was refused: MEDICAL_REVIEW_REQUIRED and no current sign-off (clinical/)."""

    def __init__(self, message: str, page: Page | None = None):
        self.findings, self.count, self.page = [], 0, page
        PermissionDenied.__init__(self, message)


def is_guarded(page: Page) -> bool:
    """Translated guides, which go through the review workflow; source guides and aliases
    do not (the gate itself checks every content page, see `is_checked`)."""
    from content.models import GuidePage

    if not isinstance(page, GuidePage) or page.alias_of_id:
        return False
    info = get_registry().find(page.locale.language_code)
    return info is None or not info.is_source


def is_checked(page: Page) -> bool:
    """Every page of ours that shows text, in any locale, aliases included."""
    from content.models import GuideIndexPage, GuidePage

    return isinstance(page, GuidePage | GuideIndexPage)


def check_publishable(page: Page, translation=None) -> None:
    """Raise UnreviewedTranslationError if `page`'s content may not go live."""
    if not is_checked(page):
        return
    found = findings(page, translation)
    if found:
        note_refusal()  # an admin request that answers with an error undoes its writes
        if page.pk is not None:
            audit.note_publish_refused(page, found)
        raise UnreviewedTranslationError(found, page)
    if (refusal := sign_off_refusal(page)) is not None:
        note_refusal()
        raise MedicalReviewRequiredError(refusal, page)


def guard_save(instance: Page, update_fields=None) -> None:
    """The pre_save check: refuse a save that would put refused text in front of readers."""
    if not instance.live or not is_checked(instance):
        return
    if update_fields is not None and not (set(update_fields) & _WATCHED_FIELDS):
        return
    stored = (
        type(instance).objects.filter(pk=instance.pk).first() if instance.pk is not None else None
    )
    new_revision = instance.live_revision_id is not None and (
        stored is None or stored.live_revision_id != instance.live_revision_id
    )
    going_live = (
        stored is None
        or not stored.live
        or new_revision
        or stored.locale_id != instance.locale_id
        or stored.alias_of_id != instance.alias_of_id
    )
    shown = page_strings(instance)
    if not going_live and page_strings(stored) == shown:
        return  # a save that changes nothing readers see (a move, a lock...)
    check_publishable(instance)
    if new_revision:
        revision = _live_revision_content(instance)
        if revision is not None and page_strings(revision) != shown:
            check_publishable(revision)


def _live_revision_content(instance: Page) -> Page | None:
    """The content the API will serve: the live revision's, in this page's place."""
    revision = Revision.objects.filter(pk=instance.live_revision_id).first()
    if revision is None:
        return None
    content = instance.with_content_json(revision.content)
    content.pk = instance.pk
    return content


def guard_generic_save(instance: Page, update_fields=None) -> None:
    """A save through a plain `Page` instance (not the specific class) can still make a
    guide live or point it at another revision: check it as its specific self."""
    cls = instance.specific_class
    if instance.pk is None or cls is None or not issubclass(cls, Page) or cls is Page:
        return
    specific = cls.objects.filter(pk=instance.pk).first()
    if specific is None or not is_checked(specific):
        return
    for name in ("live", "live_revision_id", "locale_id", "alias_of_id", "title", "slug"):
        setattr(specific, name, getattr(instance, name))
    guard_save(specific, update_fields=update_fields)

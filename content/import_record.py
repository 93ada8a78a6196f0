"""What the last import wrote into a guide, and whether anything changed it since.

An import replaces a guide's title, intro, FAQ groups and conclusion. So that it never
replaces wording a person wrote, every import records a hash of exactly those fields as
it wrote them (`GuideImport`); the next import compares the guide's newest revision
with that hash. A revision's user is not evidence either way (commands and other code
save revisions without one, and Wagtail lets a user overwrite their own latest revision
in place), so the comparison is on content.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from wagtail.models import Revision

from content.models import GuideImport, GuidePage


def imported_fields(page: GuidePage) -> tuple:
    """The fields an import writes, in a comparable form (item ids included: they are kept)."""
    groups = tuple(
        (g.heading, tuple((i.id, i.question, i.answer) for i in g.items)) for g in page.faq_groups()
    )
    return (page.title, page.intro, groups, page.conclusion)


def content_hash(page: GuidePage) -> str:
    encoded = json.dumps(imported_fields(page), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


@dataclass(frozen=True)
class Change:
    """The guide's newest revision, which holds wording the last import did not write."""

    page: GuidePage
    revision: Revision | None
    last_import: GuideImport | None

    def describe(self) -> str:
        """'revision 42 (2026-05-01 14:03 UTC, by editor, not published)'."""
        revision = self.revision
        if revision is None:
            return "its current content (it has no revision)"
        when = timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M %Z")
        who = f"by {revision.user.get_username()}" if revision.user else "no user recorded"
        state = "live" if revision.pk == self.page.live_revision_id else "not published"
        return f"revision {revision.pk} ({when}, {who}, {state})"


def change_since_import(page: GuidePage) -> Change | None:
    """The newest revision when its imported fields differ from the last import's, else None.

    A guide no import ever wrote (made in the admin, or imported before imports were
    recorded) always counts as changed.
    """
    last_import = GuideImport.objects.filter(page=page).first()
    revision = (
        Revision.objects.select_related("user").filter(pk=page.latest_revision_id).first()
        if page.latest_revision_id
        else None
    )
    current = revision.as_object() if revision else page
    if last_import is not None and content_hash(current) == last_import.content_hash:
        return None
    return Change(page=page, revision=revision, last_import=last_import)


def record_import(
    page: GuidePage,
    revision: Revision | None,
    *,
    source: str,
    user: AbstractBaseUser | None,
) -> GuideImport:
    """Remember `revision` (the import's, or the one whose content it matched) as imported."""
    current = revision.as_object() if revision else page
    record, _ = GuideImport.objects.update_or_create(
        page=page,
        defaults={
            "revision": revision,
            "content_hash": content_hash(current),
            "source": source[:255],
            "imported_at": timezone.now(),
            "imported_by": user,
        },
    )
    return record

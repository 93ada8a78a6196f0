"""Writes to guide content: site structure and importing plain-text guides.

Commands, admin views and tasks call these functions; none of them re-implement
the logic.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Locale, Page, Revision, Site

from content.import_record import Change, change_since_import, imported_fields, record_import
from content.importing.parser import GuideFormatError, ParsedGuide, parse_guide
from content.locale_hooks import source_language_code
from content.models import GuideIndexPage, GuidePage
from content.richtext import paragraphs_to_richtext

INDEX_TITLE = "Health guides"
INDEX_SLUG = "home"


def source_locale() -> Locale:
    return Locale.objects.get(language_code=source_language_code())


@transaction.atomic
def ensure_guide_index() -> GuideIndexPage:
    """The source-locale GuideIndexPage, created as the default site's root if missing.

    Wagtail's stock "Welcome" page is removed the first time, as bakerydemo does,
    because it would otherwise hold the `home` slug and the default site.
    """
    locale = source_locale()
    existing = GuideIndexPage.objects.filter(locale=locale, depth=2).first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    welcome = Page.objects.filter(
        depth=2, slug=INDEX_SLUG, content_type__model="page", content_type__app_label="wagtailcore"
    ).first()
    if welcome and welcome.numchild == 0:
        welcome.delete()
        root.refresh_from_db()
    index = root.add_child(
        instance=GuideIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG, locale=locale)
    )
    index.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=index,
            is_default_site=True,
            site_name=INDEX_TITLE,
        )
    else:
        site.root_page = index
        site.save()
    return index


@dataclass(frozen=True)
class ImportResult:
    page: GuidePage
    created: bool
    revision_created: bool
    published: bool
    replaced: Revision | None = None  # the changed revision a forced import built over


class EditedSinceImportError(Exception):
    """The guide holds wording its last import did not write; importing would replace it.

    Raised before any write. `revision` is the guide's newest revision (who and when are
    on it), `last_import` the GuideImport row (None when no import wrote the guide).
    """

    def __init__(self, change: Change) -> None:
        self.page = change.page
        self.revision = change.revision
        self.last_import = change.last_import
        if change.last_import is None:
            why = (
                "has no import on record (written in the admin, or imported before imports "
                f"were recorded); importing would replace {change.describe()}"
            )
        else:
            when = timezone.localtime(change.last_import.imported_at)
            why = (
                f"was changed after its last import ({when:%Y-%m-%d %H:%M %Z}): "
                f"{change.describe()} has wording that import did not write, and importing "
                "would replace it"
            )
        super().__init__(
            f"{change.page.slug} {why}; nothing was written. Compare it in the page history; "
            "to import anyway, re-run with --force (that revision stays in the history)."
        )


def _build_body(parsed: ParsedGuide, previous: list[dict] | None) -> list[dict]:
    """Raw StreamField data, reusing the previous import's block ids by position."""
    previous = previous or []
    body = []
    for gi, group in enumerate(parsed.groups):
        old_group = previous[gi] if gi < len(previous) else {}
        old_items = (old_group.get("value") or {}).get("items") or []
        items = []
        for ii, item in enumerate(group.items):
            old_item = old_items[ii] if ii < len(old_items) else {}
            items.append(
                {
                    "type": "item",
                    "id": old_item.get("id") or str(uuid.uuid4()),
                    "value": {
                        "question": item.question,
                        "answer": paragraphs_to_richtext(item.answer_paragraphs),
                    },
                }
            )
        body.append(
            {
                "type": "faq_group",
                "id": old_group.get("id") or str(uuid.uuid4()),
                "value": {"heading": group.heading, "items": items},
            }
        )
    return body


def title_from_path(path: Path) -> str:
    return path.stem.replace("-", " ").replace("_", " ").strip().capitalize()


def import_guide_text(
    text: str,
    *,
    slug: str,
    title: str,
    publish: bool = False,
    user: AbstractBaseUser | None = None,
    force: bool = False,
    source: str = "",
) -> ImportResult:
    """Create or update the source-locale guide `slug` from plain text.

    Parsing happens first, so a malformed file raises GuideFormatError before any
    write. A leading UTF-8 byte-order mark (Word, Windows editors, CAT tools) is dropped.
    Re-importing identical text creates no revision; changed text becomes a new revision
    of the same page, keeping every item's id by position. A guide whose wording changed
    since its last import (any newer revision, published or not, by anyone) is refused
    with EditedSinceImportError, writing nothing, unless `force`: a person's wording is
    never replaced silently. `source` (the file name) is kept in the page history.
    """
    parsed = parse_guide(text.removeprefix("\ufeff"))  # a byte-order mark is not content
    slug = slugify(slug)
    with transaction.atomic():
        index = ensure_guide_index()
        # The row lock serializes two imports of one guide (no-op on SQLite).
        page = GuidePage.objects.select_for_update().filter(locale=index.locale, slug=slug).first()
        created = page is None
        replaced = change = None
        if created:
            page = GuidePage(title=title, slug=slug, locale=index.locale, live=False)
            _apply(page, parsed, title, previous_body=None)
            index.add_child(instance=page)
            revision = page.save_revision(user=user)
            revision_created = True
        else:
            change = change_since_import(page)
            if change is not None and not force:
                raise EditedSinceImportError(change)
            draft = page.get_latest_revision_as_object()
            before = imported_fields(draft)
            _apply(draft, parsed, title, previous_body=list(draft.body.raw_data))
            revision_created = imported_fields(draft) != before
            if revision_created:
                revision = draft.save_revision(user=user)
                replaced = change.revision if change is not None else None
            else:
                revision = page.latest_revision
            page = draft
        if revision_created:
            log(
                instance=page,
                action="content.import",
                user=user,
                revision=revision,
                data={
                    "source": source,
                    "created": created,
                    "replaced_revision": replaced.pk if replaced else None,
                },
            )
        if revision_created or (not created and change is not None):
            # A forced import of text equal to the current wording adopts that revision.
            record_import(page, revision, source=source, user=user)
        published = False
        if publish and (revision_created or not page.live or page.has_unpublished_changes):
            revision.publish(user=user)
            published = True
        page = GuidePage.objects.get(pk=page.pk)
    return ImportResult(
        page=page,
        created=created,
        revision_created=revision_created,
        published=published,
        replaced=replaced,
    )


def _apply(page: GuidePage, parsed: ParsedGuide, title: str, *, previous_body) -> None:
    """Write the parsed guide into the fields an import owns (nothing else is touched)."""
    page.title = title
    page.intro = paragraphs_to_richtext(parsed.intro_paragraphs)
    page.body = _build_body(parsed, previous_body)
    page.conclusion = paragraphs_to_richtext(parsed.conclusion_paragraphs)


def import_guide_file(
    path: Path,
    *,
    slug: str | None = None,
    title: str | None = None,
    publish: bool = False,
    user: AbstractBaseUser | None = None,
    force: bool = False,
) -> ImportResult:
    """import_guide_text on a UTF-8 file; slug and title default to the file's name."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GuideFormatError(
            exc.object[: exc.start].count(b"\n") + 1, "the file is not UTF-8 text"
        ) from None
    return import_guide_text(
        text,
        slug=slug or slugify(Path(path).stem),
        title=title or title_from_path(Path(path)),
        publish=publish,
        user=user,
        force=force,
        source=Path(path).name,
    )

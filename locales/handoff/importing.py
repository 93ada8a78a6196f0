"""Import an agency's XLIFF 1.2 file: validate everything, then write everything or nothing.

`import_xliff` is the one place agency text enters the site (the admin upload and
`manage.py import_xliff` both call it). Every unit is checked before anything is
written: the file must be well-formed XLIFF 1.x from this site, for a guide and locale
that exist (and the expected ones when the caller names them); every unit id must be a
current segment; its source must be the one exported (same SHA-256, otherwise the
segment is outdated since export); its inline codes must all be there, unchanged. Any
problem fails the whole file with a message per unit and writes nothing. Accepted
targets become the segments' translations with origin "agency", still needing a
reviewer's approval before publishing; a target equal to the current text changes
nothing, so importing the same file twice writes nothing the second time.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from xml.parsers import expat

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from lxml import etree
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from locales.glossary import GlossaryTerm
from locales.handoff.codes import CodeError, decode, encode, plain_text
from locales.handoff.format import CONTEXT_GROUP, SOURCE_HASH, Xliff12File, guide_key, unit_key
from locales.registry import get_registry
from locales.review import audit
from locales.review.actions import ReviewError, validate_translated_text
from locales.review.draft_revision import save_draft_revision
from locales.review.labels import label, labels_for
from locales.review.notify import AGENCY_IMPORT, notify_reviewers_on_commit
from locales.review.permissions import can_review_locale
from locales.review.selectors import segment_rows
from locales.review.state import (
    SegmentOrigin,
    SegmentRow,
    SegmentStatus,
    record_segment,
    store_written_translation,
    text_hash,
)


class XliffImportError(ValueError):
    """The file was refused; `problems` names each unit at fault. Nothing was written."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class _FilePlan:
    translation: Translation
    title: str
    writes: list[tuple[SegmentRow, str]] = field(default_factory=list)
    unchanged: int = 0
    empty: int = 0


@dataclass(frozen=True)
class TranslationImport:
    translation: Translation
    title: str
    updated: int
    unchanged: int
    empty: int


@dataclass(frozen=True)
class ImportResult:
    translations: list[TranslationImport]

    @property
    def updated(self) -> int:
        return sum(t.updated for t in self.translations)

    def summary(self) -> str:
        return " ".join(
            _("“%(title)s” (%(locale)s): %(imported)s %(unchanged)s %(empty)s")
            % {
                "title": t.title,
                "locale": t.translation.target_locale.language_code,
                "imported": ngettext(
                    "%(count)s segment imported as agency text awaiting review,",
                    "%(count)s segments imported as agency text awaiting review,",
                    t.updated,
                )
                % {"count": t.updated},
                "unchanged": ngettext("%(count)s unchanged,", "%(count)s unchanged,", t.unchanged)
                % {"count": t.unchanged},
                "empty": ngettext(
                    "%(count)s left untranslated.", "%(count)s left untranslated.", t.empty
                )
                % {"count": t.empty},
            }
            for t in self.translations
        )


DOCTYPE_REFUSED = gettext_lazy(
    "The file has a DOCTYPE declaration (a document type, or entity definitions). XLIFF "
    "files need none, and entities can make a parser read local files or expand without "
    "bound, so the file is refused; export it from the CAT tool again without one."
)


class _Doctype(Exception):
    pass


class _RootReached(Exception):
    pass


def _has_doctype(data: bytes) -> bool:
    """Whether the prolog declares a DOCTYPE. Read with expat up to the root element and
    no further, expanding nothing: a DTD (the only place entities and external references
    can be declared) must come before it. The lxml parser translate-toolkit uses leaves
    entities unresolved, and the unit code then failed on them with a TypeError (a 500)."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(*args) -> None:
        raise _Doctype

    def root(*args) -> None:
        raise _RootReached

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        parser.Parse(data, True)
    except _Doctype:
        return True
    except (_RootReached, expat.ExpatError, ValueError):
        return False  # a root without a DTD, or not XML (lxml reports what is wrong)
    return False


def _parse(data: bytes) -> Xliff12File:
    data = data.removeprefix(codecs.BOM_UTF8)
    if _has_doctype(data):
        raise XliffImportError([str(DOCTYPE_REFUSED)])
    try:
        store = Xliff12File.parsestring(data)
    except etree.XMLSyntaxError as exc:
        raise XliffImportError(
            [
                _("The file is not well-formed XML (line %(line)s): %(problem)s")
                % {"line": exc.lineno, "problem": exc.msg}
            ]
        ) from None
    except (ValueError, AssertionError, StopIteration) as exc:
        raise XliffImportError(
            [
                _("The file is not an XLIFF 1.2 document: %(problem)s.") % {"problem": exc}
                if str(exc)
                else _("The file is not an XLIFF 1.2 document.")
            ]
        ) from None
    if store.document.docinfo.doctype or store.document.docinfo.internalDTD is not None:
        raise XliffImportError([str(DOCTYPE_REFUSED)])  # one expat could not read: lxml did
    root = store.document.getroot()
    if etree.QName(root).localname != "xliff" or not root.get("version", "").startswith("1."):
        raise XliffImportError(
            [_('The file is not an XLIFF 1.2 document (no <xliff version="1.2">).')]
        )
    return store


def _file_translation(filenode, expected: Translation | None, user, problems: list[str]):
    """The Translation a <file> is for, or None with a problem recorded."""
    original = filenode.get("original", "")
    where = _("file “%(name)s”") % {"name": original}
    key = guide_key(original)
    registry = get_registry()
    if key is None:
        problems.append(
            _("%(where)s: not a guide exported by this site (unknown original).") % {"where": where}
        )
        return None
    target = registry.find(filenode.get("target-language", ""))
    if target is None or target.is_source:
        problems.append(
            _(
                "%(where)s: target-language “%(language)s” is not one of this site's target "
                "locales (%(targets)s)."
            )
            % {
                "where": where,
                "language": filenode.get("target-language", ""),
                "targets": ", ".join(t.code for t in registry.targets),
            }
        )
        return None
    source = TranslationSource.objects.filter(
        object_id=key, locale__language_code=registry.source.django_code
    ).first()
    guide = Page.objects.filter(
        translation_key=key, locale__language_code=registry.source.django_code
    ).first()
    if source is None or guide is None:
        problems.append(
            _("%(where)s: no guide with this key exists here (deleted?).") % {"where": where}
        )
        return None
    if expected is not None and (
        expected.source.object_id != key
        or expected.target_locale.language_code != target.django_code
    ):
        problems.append(
            _(
                "%(where)s: this file is for “%(guide)s” in %(locale)s, not for “%(expected)s” "
                "in %(expected_locale)s."
            )
            % {
                "where": where,
                "guide": guide.title,
                "locale": target.code,
                "expected": expected.source.object_repr,
                "expected_locale": expected.target_locale.language_code,
            }
        )
        return None
    if user is not None and not can_review_locale(user, target.code):
        problems.append(
            _("%(where)s: you are not a reviewer for %(locale)s.")
            % {"where": where, "locale": target.code}
        )
        return None
    locale = Locale.objects.filter(language_code=target.django_code).first()
    translation = Translation.objects.filter(source=source, target_locale=locale).first()
    if translation is None:
        problems.append(
            _(
                "%(where)s: “%(guide)s” was never exported for %(locale)s from this site; "
                "export it first."
            )
            % {"where": where, "guide": guide.title, "locale": target.code}
        )
    return translation


def _check_unit(unit, row: SegmentRow, glossary, plan: _FilePlan) -> str | None:
    """Plan the unit's write; return the problem with it, if any."""
    hashes = [
        text
        for group in unit.getcontextgroups(CONTEXT_GROUP)
        for kind, text in group
        if kind == SOURCE_HASH
    ]
    if not hashes:
        return _("has no source fingerprint; only files exported by this site can be imported.")
    if hashes[0] != text_hash(row.source_text):
        return _(
            "the source text changed since this file was exported, so the segment is now "
            "outdated; export the guide again and re-translate this unit."
        )
    node = unit.getlanguageNode(index=1)
    if node is None:
        plan.empty += 1
        return None
    tree = unit.rich_target[0] if unit.rich_target else None
    if tree is None or not plain_text(tree).replace("\ufeff", "").strip():
        plan.empty += 1
        return None
    source = encode(row.source_text, glossary)
    try:
        text = decode(tree, source.codes).replace("\ufeff", "")
    except CodeError as exc:
        current = encode(row.translated_text, glossary, like=source.codes).tree
        if row.string_translation is not None and plain_text(current) == plain_text(tree):
            plan.unchanged += 1  # exported as it stands (a reviewer's wording without a code)
            return None
        return _("%(problem)s; numbers, doses and markup must stay exactly as in the source.") % {
            "problem": exc
        }
    try:
        text = validate_translated_text(row.source_text, text)
    except ReviewError as exc:
        return str(exc)
    if row.string_translation is not None and text == row.translated_text:
        plan.unchanged += 1
        return None
    plan.writes.append((row, text))
    return None


def _plan(store: Xliff12File, expected: Translation | None, user) -> list[_FilePlan]:
    problems: list[str] = []
    plans: list[_FilePlan] = []
    units: dict = {}
    for unit in store.units:
        filenode = next(unit.xmlelement.iterancestors(store.namespaced("file")))
        units.setdefault(filenode, []).append(unit)
    for filenode in store.document.getroot().iterchildren(store.namespaced("file")):
        translation = _file_translation(filenode, expected, user, problems)
        if translation is None:
            continue
        plan = _FilePlan(translation=translation, title=translation.source.object_repr)
        rows = {unit_key(r.path, r.slot): r for r in segment_rows(translation)}
        names = labels_for(translation)
        glossary = list(GlossaryTerm.objects.for_target(translation.target_locale))
        seen: set[str] = set()
        for unit in units.get(filenode, []):
            unit_id = unit.xmlelement.get("id", "")
            row = rows.get(unit_id)
            if row is None:
                problems.append(
                    _(
                        "unit “%(unit)s” of “%(guide)s”: no such segment in the guide "
                        "(removed since export, or not from this site)."
                    )
                    % {"unit": unit_id, "guide": plan.title}
                )
                continue
            where = _("unit “%(unit)s” (%(label)s) of “%(guide)s”") % {
                "unit": unit_id,
                "label": label(row.path, names),
                "guide": plan.title,
            }
            if unit_id in seen:
                problems.append(_("%(where)s: appears twice in the file.") % {"where": where})
                continue
            seen.add(unit_id)
            problem = _check_unit(unit, row, glossary, plan)
            if problem:
                problems.append(_("%(where)s: %(problem)s") % {"where": where, "problem": problem})
        plans.append(plan)
    if not plans and not problems:
        problems.append(_("The file holds no <file> element with translation units."))
    if problems:
        raise XliffImportError(problems)
    return plans


def _write(plan: _FilePlan, user, source_name: str) -> int:
    translation = Translation.objects.select_for_update().get(pk=plan.translation.pk)
    current = {(r.segment.context_id, r.slot): r for r in segment_rows(translation)}
    written: list[int] = []
    for planned, text in plan.writes:
        row = current.get((planned.segment.context_id, planned.slot))
        if row is None or row.segment.string_id != planned.segment.string_id:
            raise XliffImportError(
                [
                    _("“%(guide)s”: the source changed during the import; nothing was written.")
                    % {"guide": plan.title}
                ]
            )
        st = store_written_translation(translation, row, text, user)
        record_segment(
            translation, row, st,
            status=SegmentStatus.MACHINE,  # needs a reviewer, like any unapproved text
            origin=SegmentOrigin.AGENCY, provider="", keep_reviewed_wording=True,
        )  # fmt: skip
        written.append(row.segment.pk)
    if written:
        save_draft_revision(translation, user=user)
        notify_reviewers_on_commit(translation, kind=AGENCY_IMPORT)
        audit.log_agency_import(
            translation,
            user,
            source_name=source_name,
            segment_ids=written,
            skipped=plan.unchanged + plan.empty,
        )
    return len(written)


def import_xliff(
    data: bytes, *, user=None, expected: Translation | None = None, source_name: str = ""
) -> ImportResult:
    """Validate `data` completely, then store every changed target as agency text.

    Raises XliffImportError (each problem naming its unit) before any write. `expected`
    restricts the file to one translation (the review screen's import); `user` must be
    a reviewer of each file's locale (None: a command run by the operator).
    `source_name` (the uploaded file's name) is what the page history's entry calls it.
    """
    store = _parse(data)
    plans = _plan(store, expected, user)
    results = []
    with transaction.atomic():
        for plan in plans:
            updated = _write(plan, user, source_name or "XLIFF file")
            results.append(
                TranslationImport(plan.translation, plan.title, updated, plan.unchanged, plan.empty)
            )
    return ImportResult(results)

"""Agency hand-off in XLIFF 1.2: export, edit targets as a CAT tool would (translate-toolkit),
import as agency text awaiting review; every bad file is refused naming its unit, writing
nothing; the same file twice changes nothing the second time."""

from __future__ import annotations

import codecs

import pytest
from django.core import mail
from django.core.management.base import CommandError
from django.urls import reverse
from lxml import etree
from translate.storage.placeables import StringElem
from translate.storage.xliff import Xliff1File
from wagtail_localize.models import StringTranslation

from content.models import GuidePage
from locales.gate.guard import UnreviewedTranslationError
from locales.handoff.export import export_xliff
from locales.handoff.format import XLIFF_12, unit_key
from locales.handoff.importing import XliffImportError, import_xliff
from locales.review.actions import approve_all_without_warnings, publish_translation
from locales.review.selectors import segment_rows, translation_for_page
from locales.review.state import SegmentOrigin, SegmentReview
from tests.translation.conftest import approve_everything, edit_source_answer

pytestmark = pytest.mark.django_db

RICH_ANSWER = '<p>Take <b>5 mg</b> daily for 2 weeks, see <a href="https://example.org/dose">the dose table</a>.</p>'
NS = {"x": XLIFF_12}
SPANISH_ANSWER_WORDS = {
    "Take ": "Tome ",
    " daily for ": " al día durante ",
    " weeks, see ": " semanas; consulte ",
    "the dose table": "la tabla de dosis",
}


@pytest.fixture
def rich_guide(demo_guide):
    """The demo guide with one answer holding markup, a dose and a number."""
    edit_source_answer(demo_guide, 0, 0, RICH_ANSWER)
    return GuidePage.objects.get(pk=demo_guide.pk)


@pytest.fixture
def es(rich_guide, admin_user):
    from locales.machine_translation.drafts import create_machine_draft

    return translation_for_page(create_machine_draft(rich_guide, "es", user=admin_user).page)


def parse(data: bytes) -> Xliff1File:
    return Xliff1File.parsestring(data)


def units_by_id(store) -> dict:
    return {unit.xmlelement.get("id"): unit for unit in store.units}


def retranslate(tree, prefix: str = "AGENCIA ", *, words: dict[str, str] | None = None):
    """A translator's edit: text changes, every inline code stays where it is.

    The first text gets `prefix`; with `words`, each text it names is replaced instead (a
    real translation, which QA reads as the target language).
    """
    done = [False]

    def walk(node):
        for i, sub in enumerate(node.sub):
            if isinstance(sub, str):
                if words is not None:
                    node.sub[i] = words.get(sub, sub)
                elif not done[0] and sub.strip():
                    node.sub[i] = prefix + sub
                    done[0] = True
            elif type(sub).__name__ != "UnknownXML" or sub.xml_node.tag.endswith("mrk"):
                walk(sub)
        return node

    return walk(tree)


def rich_answer_id(translation) -> str:
    row = next(r for r in segment_rows(translation) if "Take <b>" in r.source_text)
    return unit_key(row.path, row.slot)


def state(translation) -> tuple:
    """Everything an import could write, to prove a refused file wrote nothing."""
    page = GuidePage.objects.get(
        translation_key=translation.source.object_id, locale=translation.target_locale
    )
    return (
        sorted(StringTranslation.objects.values_list("pk", "data", "translation_type")),
        sorted(SegmentReview.objects.values_list("pk", "status", "origin", "translation_hash")),
        page.revisions.count(),
    )


def test_export_is_xliff_12_with_one_unit_per_segment_codes_states_and_notes(es, admin_user):
    approve_everything(es, admin_user, except_paths=(".answer",))
    data = export_xliff([es.source.get_source_instance()], "es")

    root = etree.fromstring(data)
    assert root.tag == f"{{{XLIFF_12}}}xliff" and root.get("version") == "1.2"
    (file_node,) = root.findall("x:file", NS)
    assert file_node.get("source-language") == "en" and file_node.get("target-language") == "es"
    assert file_node.get("datatype") == "html"

    store = parse(data)
    rows = segment_rows(es)
    units = units_by_id(store)
    assert list(units) == [unit_key(r.path, r.slot) for r in rows]  # one per segment, in order
    item_ids = {
        item.id for group in es.source.get_source_instance().faq_groups() for item in group.items
    }
    assert item_ids <= {part for key in units for part in key.split(".")}  # item ids survive

    answer = units[rich_answer_id(es)]
    source = etree.fromstring(etree.tostring(answer.xmlelement)).find("x:source", NS)
    assert [
        (e.tag.split("}")[1], e.get("ctype"), e.text) for e in source.iter() if e is not source
    ] == [
        ("g", "bold", None),
        ("ph", "x-number", "5 mg"),
        ("ph", "x-number", "2"),
        ("g", "link", "the dose table"),
    ]
    assert answer.getnotes() == "Group 1 · Q1 answer"
    assert answer.getlanguageNode(index=1).get("state") == "needs-review-translation"
    assert units["title"].getlanguageNode(index=1).get("state") == "final"
    assert units["title"].target == segment_rows(es)[0].translated_text


def test_export_of_a_guide_never_translated_says_needs_translation(
    demo_guide, run_command, tmp_path
):
    out = tmp_path / "guide.es.xlf"
    message = run_command("export_xliff", "exosome-hair-loss", "--to", "es", "-o", str(out))
    assert "Wrote 1 guide(s) for es" in message
    store = parse(out.read_bytes())
    assert len(store.units) == 36
    assert {u.getlanguageNode(index=1).get("state") for u in store.units} == {"needs-translation"}
    assert {u.target for u in store.units} == {""}


def test_round_trip_stores_agency_text_awaiting_review_and_publishing_waits_for_approval(
    es, admin_user, reviewer, client, django_capture_on_commit_callbacks
):
    approve_everything(es, admin_user)
    es_reviewer = reviewer("es")
    es_reviewer.email = "ana@example.org"
    es_reviewer.save()
    store = parse(export_xliff([es.source.get_source_instance()], "es"))
    answer_id = rich_answer_id(es)
    units = units_by_id(store)
    # The answer in Spanish: an English "translation" of 30+ letters is a QA warning
    # (wrong language), which "approve all agency segments" would rightly leave alone.
    units[answer_id].rich_target = [
        retranslate(units[answer_id].rich_source[0], words=SPANISH_ANSWER_WORDS)
    ]
    units["title"].rich_target = [retranslate(units["title"].rich_source[0])]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        result = import_xliff(bytes(store), user=admin_user)
    assert result.updated == 2 and "2 segments imported as agency text" in result.summary()
    rows = {unit_key(r.path, r.slot): r for r in segment_rows(es)}
    answer = rows[answer_id]
    assert answer.translated_text == (
        'Tome <b>5 mg</b> al día durante 2 semanas; consulte <a id="a1">la tabla de dosis</a>.'
    )
    assert answer.review.origin == SegmentOrigin.AGENCY and answer.status == "machine"
    assert rows["title"].translated_text == "AGENCIA Exosome hair loss guide"
    assert sum(1 for r in rows.values() if r.needs_review) == 2

    # one email to the Spanish reviewers for this guide, with the review link
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    assert reverse("locales:review", args=[es.pk]) in mail.outbox[0].body

    # the review screen shows the origin; publishing is refused until approval
    client.force_login(admin_user)
    screen = client.get(reverse("locales:review", args=[es.pk])).content.decode()
    assert "Translated by an agency" in screen and 'data-testid="approve-agency"' in screen
    with pytest.raises(UnreviewedTranslationError):
        publish_translation(es, admin_user)
    assert not GuidePage.objects.get(
        translation_key=es.source.object_id, locale__language_code="es"
    ).live

    client.post(reverse("locales:review_action", args=[es.pk]), {"action": "approve_agency"})
    assert not any(r.needs_review for r in segment_rows(es))
    page = publish_translation(es, admin_user)
    assert page.live and page.title == "AGENCIA Exosome hair loss guide"

    # the same file again: nothing changes, no revision, no email
    before = state(es)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = import_xliff(bytes(store), user=admin_user)
    assert again.updated == 0 and again.translations[0].unchanged == 36
    assert state(es) == before and mail.outbox == []


def test_approve_agency_only_approves_agency_segments(es, admin_user):
    store = parse(export_xliff([es.source.get_source_instance()], "es"))
    units = units_by_id(store)
    units["title"].rich_target = [retranslate(units["title"].rich_source[0])]
    import_xliff(bytes(store), user=admin_user)
    result = approve_all_without_warnings(es, admin_user, origin=SegmentOrigin.AGENCY)
    assert result.approved == 1 and result.still_needing_review == 35


def bad_file_cases(es):
    """(name, file bytes, expected, text each problem must contain)."""
    store = parse(export_xliff([es.source.get_source_instance()], "es"))
    units = units_by_id(store)
    answer_id = rich_answer_id(es)
    # one good unit in every file: refusing must drop it too
    units["title"].rich_target = [retranslate(units["title"].rich_source[0])]
    good = bytes(store)

    def variant(edit):
        copy = parse(good)
        edit(units_by_id(copy))
        return bytes(copy)

    def lose_code(units):
        target = etree.fromstring(etree.tostring(units[answer_id].xmlelement)).find("x:source", NS)
        ph = target.find(".//x:ph", NS)
        ph.getparent().remove(ph)
        units[answer_id].rich_target = [Xliff1File.UnitClass.rich_source.fget(_wrap(target))[0]]

    def change_code(units):
        tree = units[answer_id].rich_source[0]
        tree.sub[1].sub[0].sub[0] = "50 mg"  # <g><ph>5 mg</ph></g> -> 50 mg
        units[answer_id].rich_target = [tree]

    def unknown_unit(units):
        units["title"].xmlelement.set("id", "body.not-a-block.question")

    return [
        ("lost code", variant(lose_code), answer_id, "lost from the target"),
        ("changed code", variant(change_code), answer_id, "was changed to “50 mg”"),
        ("unknown segment", variant(unknown_unit), "body.not-a-block.question", "no such segment"),
    ]


def _wrap(source_node):
    unit = Xliff1File.UnitClass(None, empty=True)
    unit.xmlelement = etree.Element(f"{{{XLIFF_12}}}trans-unit")
    unit.namespace = XLIFF_12
    unit.xmlelement.append(source_node)
    return unit


@pytest.mark.parametrize("case", ["lost code", "changed code", "unknown segment"])
def test_a_bad_unit_refuses_the_whole_file_naming_the_unit(
    es, admin_user, case, run_command, tmp_path
):
    _name, data, unit_id, expected = next(c for c in bad_file_cases(es) if c[0] == case)
    before = state(es)
    with pytest.raises(XliffImportError) as refused:
        import_xliff(data, user=admin_user)
    (problem,) = refused.value.problems
    assert unit_id in problem and expected in problem, problem
    assert state(es) == before

    path = tmp_path / "bad.xlf"
    path.write_bytes(data)
    with pytest.raises(CommandError, match="nothing was changed") as failed:
        run_command("import_xliff", str(path))
    assert unit_id in str(failed.value)
    assert state(es) == before


def test_source_changed_since_export_is_refused_as_outdated(es, admin_user, rich_guide):
    store = parse(export_xliff([rich_guide], "es"))
    units = units_by_id(store)
    answer_id = rich_answer_id(es)
    units[answer_id].rich_target = [retranslate(units[answer_id].rich_source[0])]
    units["title"].rich_target = [retranslate(units["title"].rich_source[0])]
    edit_source_answer(rich_guide, 0, 0, "<p>Take <b>10 mg</b> daily for 2 weeks.</p>")
    before = state(es)
    with pytest.raises(XliffImportError) as refused:
        import_xliff(bytes(store), user=admin_user)
    (problem,) = refused.value.problems
    assert answer_id in problem and "Group 1 · Q1 answer" in problem and "outdated" in problem
    assert state(es) == before


def test_a_file_for_another_guide_or_locale_is_refused(es, admin_user, locales):
    from locales.machine_translation.drafts import create_machine_draft

    other = create_machine_draft(es.source.get_source_instance(), "fr", user=admin_user)
    fr = translation_for_page(other.page)
    data = export_xliff([es.source.get_source_instance()], "fr")
    before = state(es)
    with pytest.raises(XliffImportError) as refused:
        import_xliff(data, user=admin_user, expected=es)
    assert "is for “Exosome hair loss guide” in fr, not for" in refused.value.problems[0]
    import_xliff(data, user=admin_user, expected=fr)  # the right one is fine

    from tests.translation.test_status import small_guide

    guide = small_guide(7)
    wrong_guide = export_xliff([guide], "es")
    with pytest.raises(XliffImportError) as refused:
        import_xliff(wrong_guide, user=admin_user, expected=es)
    assert "is for “Guide 007” in es" in refused.value.problems[0]

    unknown_locale = wrong_guide.replace(b'target-language="es"', b'target-language="ja"')
    with pytest.raises(XliffImportError) as refused:
        import_xliff(unknown_locale, user=admin_user)
    assert (
        "target-language “ja” is not one of this site's target locales" in refused.value.problems[0]
    )
    assert state(es) == before


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'><file",
            "not well-formed XML (line 1)",
        ),
        (b"<html><body>not xliff</body></html>", "not an XLIFF 1.2 document"),
        (b"", "not well-formed XML"),
        (
            b"<xliff version='2.0' xmlns='urn:oasis:names:tc:xliff:document:2.0'><file id='f'/></xliff>",
            "XLIFF 2",
        ),
    ],
)
def test_a_malformed_file_is_refused_with_a_clear_message(es, admin_user, data, expected):
    before = state(es)
    with pytest.raises(XliffImportError) as refused:
        import_xliff(data, user=admin_user)
    assert expected in str(refused.value)
    assert state(es) == before


def test_a_byte_order_mark_is_stripped(es, admin_user):
    store = parse(export_xliff([es.source.get_source_instance()], "es"))
    units = units_by_id(store)
    units["title"].rich_target = [StringElem(["\ufeffTítulo de la agencia"])]
    result = import_xliff(codecs.BOM_UTF8 + bytes(store), user=admin_user)
    assert result.updated == 1
    title = next(r for r in segment_rows(es) if r.path == "title")
    assert title.translated_text == "Título de la agencia"


def test_admin_export_and_import(client, es, admin_user):
    client.force_login(admin_user)
    source = es.source.get_source_instance()
    response = client.post(
        reverse("locales:xliff_export"), {"guides": [source.pk], "locales": ["es"]}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="exosome-hair-loss.es.xlf"'
    store = parse(response.content)
    units = units_by_id(store)
    units["title"].rich_target = [retranslate(units["title"].rich_source[0])]

    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("locales:xliff_import") + f"?translation={es.pk}"
    upload = SimpleUploadedFile("back.xlf", bytes(store), content_type="application/xml")
    response = client.post(url, {"file": upload})
    assert response.status_code == 302 and response["Location"] == reverse(
        "locales:review", args=[es.pk]
    )
    title = next(r for r in segment_rows(es) if r.path == "title")
    assert title.translated_text.startswith("AGENCIA") and title.review.origin == "agency"

    bad = SimpleUploadedFile("bad.xlf", b"<xliff", content_type="application/xml")
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "not well-formed XML" in response.content.decode()

    # export needs exactly one locale
    response = client.post(
        reverse("locales:xliff_export"), {"guides": [source.pk], "locales": ["es", "fr"]}
    )
    assert response.status_code == 302


def test_a_reviewer_of_another_locale_cannot_import(es, reviewer, admin_user):
    store = parse(export_xliff([es.source.get_source_instance()], "es"))
    units = units_by_id(store)
    units["title"].rich_target = [retranslate(units["title"].rich_source[0])]
    with pytest.raises(XliffImportError) as refused:
        import_xliff(bytes(store), user=reviewer("fr"))
    assert "you are not a reviewer for es" in refused.value.problems[0]
    assert import_xliff(bytes(store), user=reviewer("es")).updated == 1


BILLION_LAUGHS = (
    b'<!DOCTYPE xliff [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b"]>"
)
DOCTYPES = {
    "internal entity": (b'<!DOCTYPE xliff [<!ENTITY e "Texto de la agencia">]>', b"&e;"),
    "billion laughs": (BILLION_LAUGHS, b"&lol9;"),
    "external entity": (b'<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>', b"&x;"),
    "external DTD": (b'<!DOCTYPE xliff SYSTEM "http://127.0.0.1:9/xliff.dtd">', b""),
    "parameter entity": (
        b'<!DOCTYPE xliff [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
        b"",
    ),
    "bare DOCTYPE": (b"<!DOCTYPE xliff>", b""),
}


def with_doctype(data: bytes, doctype: bytes, reference: bytes) -> bytes:
    """`data` with `doctype` before the root and `reference` as the title's target text."""
    start = data.index(b"<xliff")
    data = data[:start] + doctype + b"\n" + data[start:]
    unit = data.index(b'id="title"')
    target = data.index(b"<target", unit)
    opened = data.index(b">", target) + 1
    closed = data.index(b"</target>", opened)
    return data[:opened] + reference + data[closed:]


@pytest.mark.parametrize("kind", list(DOCTYPES))
def test_a_doctype_or_entity_is_refused_with_a_message_and_writes_nothing(
    es, admin_user, client, run_command, tmp_path, kind
):
    """Tester's reproduction: a file with a DOCTYPE and an entity reference answered 500
    (the docs say it is refused with a message)."""
    doctype, reference = DOCTYPES[kind]
    data = with_doctype(export_xliff([es.source.get_source_instance()], "es"), doctype, reference)
    before = state(es)

    with pytest.raises(XliffImportError) as refused:
        import_xliff(data, user=admin_user)
    assert refused.value.problems == [
        "The file has a DOCTYPE declaration (a document type, or entity definitions). XLIFF "
        "files need none, and entities can make a parser read local files or expand without "
        "bound, so the file is refused; export it from the CAT tool again without one."
    ]

    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin_user)
    upload = SimpleUploadedFile("agency.xlf", data, content_type="application/xml")
    response = client.post(reverse("locales:xliff_import"), {"file": upload})
    assert response.status_code == 400
    assert "The file has a DOCTYPE declaration" in response.content.decode()

    path = tmp_path / "agency.xlf"
    path.write_bytes(data)
    with pytest.raises(CommandError) as failed:
        run_command("import_xliff", str(path))
    assert "nothing was changed" in str(failed.value)
    assert "DOCTYPE declaration" in str(failed.value)
    assert state(es) == before

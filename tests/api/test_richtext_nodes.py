"""`nodes`: rich text as a portable tree next to `html` and `text` (api/documents/richtext_nodes.py)."""

from __future__ import annotations

import json

import pytest
from django.apps import apps

from api.documents.builder import DOCUMENT_FORMAT
from api.documents.richtext_nodes import nodes_to_text
from api.documents.sanitize import rich_text
from api.models import GuideSnapshot
from api.read_model import invalidation as handlers
from api.read_model.rebuild import rebuild_all

DETAIL = "/api/v1/guides/exosome-hair-loss/"

pytestmark = pytest.mark.django_db

NODE_KEYS = {
    "paragraph": {"type", "children"},
    "list": {"type", "ordered", "children"},
    "list-item": {"type", "children"},
    "text": {"type", "text", "marks"},
    "link": {"type", "href", "children"},
    "break": {"type"},
}
CHILD_TYPES = {
    "#root": {"paragraph", "list"},
    "paragraph": {"text", "link", "break"},
    "list": {"list-item"},
    "list-item": {"text", "link", "break", "list"},
    "link": {"text", "break"},
}


def t(text: str, *marks: str) -> dict:
    return {"type": "text", "text": text, "marks": list(marks)}


def para(*children: dict) -> dict:
    return {"type": "paragraph", "children": list(children)}


def items(*contents: list[dict]) -> list[dict]:
    return [{"type": "list-item", "children": c} for c in contents]


def walk(nodes: list[dict], parent: str = "#root"):
    """Every node, checked against the documented shape on the way."""
    for node in nodes:
        assert node["type"] in CHILD_TYPES[parent], (parent, node)
        assert set(node) == NODE_KEYS[node["type"]], node
        yield node
        yield from walk(node.get("children", []), node["type"])


def same_text(a: str, b: str) -> bool:
    return a.split() == b.split()


@pytest.mark.parametrize(
    ("stored", "nodes"),
    [
        ("<p>Plain</p>", [para(t("Plain"))]),
        (
            "<p>Take <b>2 mg</b> or <strong>more</strong>, <i>daily</i> <em>ish</em></p>",
            [
                para(
                    t("Take "),
                    t("2 mg", "bold"),
                    t(" or "),
                    t("more", "bold"),
                    t(", "),
                    t("daily", "italic"),
                    t(" "),
                    t("ish", "italic"),
                )
            ],
        ),
        ("<p><i><b>both</b></i></p>", [para(t("both", "bold", "italic"))]),
        (
            '<p>See <a href="https://example.org/a?b=1&amp;c=2">the <b>study</b></a>.</p>',
            [
                para(
                    t("See "),
                    {
                        "type": "link",
                        "href": "https://example.org/a?b=1&c=2",
                        "children": [t("the "), t("study", "bold")],
                    },
                    t("."),
                )
            ],
        ),
        (
            '<p><a href="mailto:care@clinic.example">Write</a> or '
            '<a href="http://clinic.example">visit</a></p>',
            [
                para(
                    {
                        "type": "link",
                        "href": "mailto:care@clinic.example",
                        "children": [t("Write")],
                    },
                    t(" or "),
                    {"type": "link", "href": "http://clinic.example", "children": [t("visit")]},
                )
            ],
        ),
        (
            "<ul>\n  <li>one</li>\n  <li><b>two</b></li>\n</ul>",
            [{"type": "list", "ordered": False, "children": items([t("one")], [t("two", "bold")])}],
        ),
        (
            "<ol><li>first<ul><li>nested</li></ul></li><li>second</li></ol>",
            [
                {
                    "type": "list",
                    "ordered": True,
                    "children": items(
                        [
                            t("first"),
                            {"type": "list", "ordered": False, "children": items([t("nested")])},
                        ],
                        [t("second")],
                    ),
                }
            ],
        ),
        (
            "<p>line one<br>line two<br/></p>",
            [para(t("line one"), {"type": "break"}, t("line two"))],
        ),
        ("loose text &amp; more", [para(t("loose text & more"))]),
        ("<p>  spaced\n   out  </p><p> </p>", [para(t("spaced out"))]),
    ],
)
def test_nodes_for_each_feature(stored, nodes):
    value = rich_text(stored)
    assert value.nodes == nodes
    list(walk(value.nodes))
    assert same_text(nodes_to_text(value.nodes), value.text)


HOSTILE = [
    '<script>alert("s")</script>',
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(2)" onclick="alert(3)">js link</a>',
    '<a href="JaVaScRiPt:alert(4)">mixed case</a>',
    '<a href="data:text/html,&lt;script&gt;alert(5)&lt;/script&gt;">data link</a>',
    '<a href="vbscript:msgbox(6)">vb link</a>',
    '<iframe src="https://evil.example">framed</iframe>',
    "<style>body{display:none}</style>",
    '<svg onload="alert(7)"><text>svg text</text></svg>',
    '<math><mi xlink:href="javascript:alert(8)">math</mi></math>',
    '<object data="evil.swf">object body</object>',
    "<noscript><b>noscript body</b></noscript>",
    "<template><b>template body</b></template>",
    '<p style="color:red" onmouseover="alert(9)" class="x" id="y">styled</p>',
    '<form action="https://evil.example"><input name="q" value="typed"></form>',
    "<!-- a hidden remark --><p>after the remark</p>",
    '<b onclick="alert(10)">bold click</b>',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_nothing_the_sanitizer_drops_reaches_nodes(hostile):
    value = rich_text(f"<p>Before</p>{hostile}<p>After</p>")
    serialized = json.dumps(value.nodes)
    for gone in (
        "alert",
        "javascript",
        "vbscript",
        "data:",
        "onerror",
        "onclick",
        "onmouseover",
        "color:red",
        "display:none",
        "framed",
        "object body",
        "noscript body",
        "template body",
        "evil",
        "hidden remark",
        "typed",
    ):
        assert gone not in serialized.lower(), (gone, serialized)
    for node in walk(value.nodes):
        if node["type"] == "link":
            assert node["href"].split(":", 1)[0].lower() in {"http", "https", "mailto"}
    # Only what the sanitized HTML still says, and all of it.
    assert same_text(nodes_to_text(value.nodes), value.text)
    assert value.nodes[0] == para(t("Before")) and value.nodes[-1] == para(t("After"))


def test_every_rich_text_value_served_carries_nodes_matching_text(
    client, demo_guide, translate, locales
):
    answer = (
        '<p>Take <b>2 mg</b> <i>twice</i>, see <a href="https://example.org">this</a>.<br>'
        "Then:</p><ol><li>rest</li><li>call us</li></ol><ul><li>no alcohol</li></ul>"
    )
    translate(demo_guide, "es", answer=answer)
    for locale in ("en", "es"):
        data = client.get(f"{DETAIL}?locale={locale}").json()
        values = [data["intro"], data["conclusion"]] + [
            item["answer"] for group in data["groups"] for item in group["items"]
        ]
        assert len(values) == 17
        for value in values:
            assert value["nodes"], value
            list(walk(value["nodes"]))
            assert same_text(nodes_to_text(value["nodes"]), value["text"])
    es_answer = data["groups"][0]["items"][0]["answer"]
    assert [n["type"] for n in es_answer["nodes"]] == ["paragraph", "list", "list"]
    assert [n.get("ordered") for n in es_answer["nodes"]] == [None, True, False]
    assert es_answer["text"].splitlines() == [
        "Take 2 mg twice, see this.",
        "Then:",
        "rest",
        "call us",
        "no alcohol",
    ]
    # Bundles and sync carry the same documents, nodes included.
    bundle = client.get("/api/v1/bundles/es/").json()["guides"][0]
    synced = client.get("/api/v1/sync/?locale=es").json()["changed"][0]
    assert bundle["groups"] == synced["groups"] == data["groups"]


def test_nodes_do_not_move_versions_unless_content_changes(client, demo_guide, edit_source):
    first = client.get(DETAIL)
    rebuild_all()
    edit_source(demo_guide, title=demo_guide.title)  # republished, content unchanged
    second = client.get(DETAIL)
    assert second["ETag"] == first["ETag"]
    assert second.json()["version"] == first.json()["version"]
    body = list(demo_guide.body.raw_data)
    body[0]["value"]["items"][0]["value"]["answer"] = "<p>Now <b>bold</b>.</p>"
    edit_source(demo_guide, body=body)
    third = client.get(DETAIL)
    assert third["ETag"] != first["ETag"]
    answer = third.json()["groups"][0]["items"][0]["answer"]
    assert answer["nodes"] == [para(t("Now "), t("bold", "bold"), t("."))]


def test_snapshots_of_an_older_format_are_rebuilt_after_migrate(client, demo_guide):
    """A deploy that adds `nodes` must not keep serving the stored documents without it."""
    token = client.get("/api/v1/sync/?locale=en").json()["token"]
    row = GuideSnapshot.objects.get(locale="en")
    old = json.loads(bytes(row.document))
    for value in [old["intro"], old["conclusion"]] + [
        i["answer"] for g in old["groups"] for i in g["items"]
    ]:
        del value["nodes"]
    GuideSnapshot.objects.filter(pk=row.pk).update(
        document=json.dumps(old).encode(), version="old-format", format=1
    )
    handlers._after_migrate(apps.get_app_config("api"), using="default")
    row.refresh_from_db()
    assert row.format == DOCUMENT_FORMAT and row.version != "old-format"
    from django.core.cache import cache

    cache.clear()
    assert client.get(DETAIL).json()["intro"]["nodes"]
    # Apps holding the old shape get the guide again through sync.
    delta = client.get(f"/api/v1/sync/?locale=en&since={token}").json()
    assert [g["id"] for g in delta["changed"]] == [str(demo_guide.translation_key)]


def test_a_relative_link_leaves_as_an_absolute_link_on_the_site(settings):
    """Wagtail renders a link to another page as a relative URL; on a clinic's page or in
    an app that would point into their own site."""
    settings.WAGTAILADMIN_BASE_URL = "https://guides.example"
    value = rich_text(
        '<p>See <a href="/es/other-guide/">the other guide</a> and <a href="#x">x</a>.</p>'
    )
    # A fragment alone points at an anchor the content does not carry: text only.
    assert value.html == (
        '<p>See <a href="https://guides.example/es/other-guide/">the other guide</a> and '
        "<a>x</a>.</p>"
    )
    links = [n for n in walk(value.nodes) if n["type"] == "link"]
    assert [n["href"] for n in links] == ["https://guides.example/es/other-guide/"]
    assert value.text == "See the other guide and x."

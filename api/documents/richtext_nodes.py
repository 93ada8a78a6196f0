"""Rich text as a small portable tree, for renderers that are not browsers.

SwiftUI, Jetpack Compose, Flutter and React Native render HTML badly, so next to
`html` every rich-text value carries `nodes` (in the spirit of Contentful's rich-text
document and Sanity's Portable Text):

    paragraph {children: inline[]}            list {ordered, children: list-item[]}
    list-item {children: (inline | list)[]}   link {href, children: (text | break)[]}
    text {text, marks: subset of [bold, italic]}    break {}

The tree is built from the *sanitized* HTML (api/documents/sanitize.py), so nothing the
sanitizer drops can reach it; it is stricter still: a link survives only with an
absolute http(s) or mailto href, anything else keeps just its text. Whitespace is
collapsed the way a browser would render it. Built once per rebuild, never per request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

Node = dict[str, Any]

MARKS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic"}
MARK_ORDER = ("bold", "italic")
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_LISTS = {"ul": False, "ol": True}
_SPACES = re.compile(r"[ \t\n\r\f]+")


@dataclass
class _Element:
    tag: str
    href: str | None = None
    children: list[_Element | str] = field(default_factory=list)


class _TreeParser(HTMLParser):
    """Sanitized HTML (well formed: nh3 serializes a parsed tree) -> a minimal element tree.

    Only the sanitizer's output is ever fed here (`api.documents.sanitize.rich_text`), so every
    tag is one of its allowed few; any other tag would only contribute its text.
    """

    VOID = frozenset({"br"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, href=dict(attrs).get("href") if tag == "a" else None)
        self.stack[-1].children.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _text(text: str, marks: frozenset[str]) -> Node:
    return {"type": "text", "text": text, "marks": [m for m in MARK_ORDER if m in marks]}


def _safe_href(href: str | None) -> str | None:
    if not href:
        return None
    parts = urlsplit(href.strip())
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES or (scheme != "mailto" and not parts.netloc):
        return None
    return href.strip()


def _inline(children: list[_Element | str], marks: frozenset[str], in_link: bool) -> list[Node]:
    """Phrasing content: text, links, breaks. Block elements met here are flattened."""
    out: list[Node] = []
    for child in children:
        if isinstance(child, str):
            out.append(_text(child, marks))
        elif child.tag == "br":
            out.append({"type": "break"})
        elif child.tag in MARKS:
            out += _inline(child.children, marks | {MARKS[child.tag]}, in_link)
        elif child.tag == "a" and not in_link and (href := _safe_href(child.href)):
            out.append(
                {"type": "link", "href": href, "children": _inline(child.children, marks, True)}
            )
        else:  # an unusable link, or a block inside phrasing content: keep its text only
            if child.tag in {"p", "li", "ul", "ol"} and out:
                out.append({"type": "break"})
            out += _inline(child.children, marks, in_link)
    return out


def _list(element: _Element) -> Node:
    items = []
    for child in element.children:
        if isinstance(child, _Element) and child.tag == "li":
            items.append({"type": "list-item", "children": _item_content(child.children)})
        elif isinstance(child, _Element) or child.strip():  # stray content: an item of its own
            items.append({"type": "list-item", "children": _item_content([child])})
    return {"type": "list", "ordered": _LISTS[element.tag], "children": items}


def _item_content(children: list[_Element | str]) -> list[Node]:
    out: list[Node] = []
    for child in children:
        if isinstance(child, _Element) and child.tag in _LISTS:
            out.append(_list(child))
        elif isinstance(child, _Element) and child.tag == "p":
            if out:
                out.append({"type": "break"})
            out += _inline(child.children, frozenset(), False)
        else:
            out += _inline([child], frozenset(), False)
    return out


def _blocks(children: list[_Element | str]) -> list[Node]:
    out: list[Node] = []
    loose: list[_Element | str] = []  # phrasing content outside any paragraph

    def flush() -> None:
        if loose:
            out.append({"type": "paragraph", "children": _inline(loose, frozenset(), False)})
            loose.clear()

    for child in children:
        if isinstance(child, _Element) and child.tag == "p":
            flush()
            out.append(
                {"type": "paragraph", "children": _inline(child.children, frozenset(), False)}
            )
        elif isinstance(child, _Element) and child.tag in _LISTS:
            flush()
            out.append(_list(child))
        elif isinstance(child, _Element) and child.tag == "li":  # an item without a list
            flush()
            out.append(_list(_Element("ul", children=[child])))
        else:
            loose.append(child)
    flush()
    return out


def _leaves(nodes: list[Node]):
    """Text nodes and line boundaries in reading order (None marks a boundary)."""
    for node in nodes:
        kind = node["type"]
        if kind == "text":
            yield node
        elif kind == "link":
            yield from _leaves(node["children"])
        else:  # paragraph, list, list-item, break: a line starts or ends here
            yield None
            yield from _leaves(node.get("children", []))
            yield None


def _collapse_whitespace(nodes: list[Node]) -> None:
    """Render whitespace like a browser: runs become one space, none at a line's edges."""
    previous: Node | None = None
    for leaf in _leaves(nodes):
        if leaf is None:
            if previous is not None:
                previous["text"] = previous["text"].rstrip(" ")
            previous = None
            continue
        text = _SPACES.sub(" ", leaf["text"])
        if previous is None or previous["text"].endswith(" ") or not previous["text"]:
            text = text.lstrip(" ")
        leaf["text"] = text
        if text:
            previous = leaf


def _prune(nodes: list[Node]) -> list[Node]:
    """Drop empty text, links and blocks; merge neighbouring text with the same marks."""
    out: list[Node] = []
    for node in nodes:
        if "children" in node:
            node["children"] = _prune(node["children"])
            if not node["children"]:
                continue
        elif node["type"] == "text" and not node["text"]:
            continue
        last = out[-1] if out else None
        if last and node["type"] == last["type"] == "text" and node["marks"] == last["marks"]:
            last["text"] += node["text"]
            continue
        out.append(node)
    while out and out[-1]["type"] == "break":  # a trailing break renders as nothing
        out.pop()
    return out


def html_to_nodes(safe_html: str) -> list[Node]:
    """The block nodes of sanitized HTML (the output of `api.documents.sanitize.sanitize_html`)."""
    parser = _TreeParser()
    parser.feed(safe_html or "")
    parser.close()
    nodes = _blocks(parser.root.children)
    _collapse_whitespace(nodes)
    return _prune(nodes)


def nodes_to_text(nodes: list[Node]) -> str:
    """Plain text of a tree: one line per paragraph, list item and break (like `text`)."""
    lines: list[str] = []
    current: list[str] = []
    for leaf in _leaves(nodes):
        if leaf is None:
            lines.append("".join(current))
            current = []
        else:
            current.append(leaf["text"])
    lines.append("".join(current))
    return "\n".join(line.strip() for line in lines if line.strip())

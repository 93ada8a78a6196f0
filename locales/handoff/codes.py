"""Segment HTML ⇄ XLIFF inline codes, so a translator cannot change what must not change.

The same things the provider pipeline shields (`locales.machine_translation.protection.protect`) become
XLIFF 1.2 inline codes that CAT tools show as locked tags:

* paired markup (`<b>…</b>`, `<i>…</i>`, `<a id="a1">…</a>`) → `<g id="n" ctype="bold">…</g>`:
  the text inside stays translatable, the tags themselves are ours;
* stand-alone markup (`<br/>`) → `<x id="n" ctype="lb"/>`;
* numbers, doses and do-not-translate glossary terms → `<ph id="n" ctype="x-number">5 mg</ph>`.

Character entities (`&amp;`) are plain characters in XML, so they are text, not codes.
`decode` turns a translated tree back into segment HTML using only the *source's*
markup for each code id; a code that is missing, repeated, unknown or whose `ph` text
changed raises `CodeError`, which the import reports for that unit.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from translate.storage.placeables import StringElem
from translate.storage.placeables import base as placeables
from translate.storage.placeables import xliff as px

from locales.machine_translation.protection import PLACEHOLDER_RE, TAG_RE, VOID_TAGS, protect

_CTYPES = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "a": "link", "br": "lb"}
_ENTITY = re.compile(r"^&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);$")


class CodeError(ValueError):
    """The translated unit's inline codes do not match the source's."""


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    kind: str  # "g" | "x" | "ph"
    open: str  # source markup: the opening tag (g), the tag (x) or the protected text (ph)
    close: str = ""  # the closing tag of a g
    ctype: str = ""

    def describe(self) -> str:
        shown = self.open if self.kind != "g" else f"{self.open}…{self.close}"
        return f"inline code {self.id} ({shown})"


@dataclass
class Encoded:
    tree: StringElem
    codes: dict[str, Code]


def _tag(token: str) -> tuple[str, bool, bool] | None:
    """(name, closing, standalone) of a markup token; None for an entity."""
    match = TAG_RE.fullmatch(token.strip())
    if match is None:
        return None
    name = match.group(2).lower()
    return name, bool(match.group(1)), bool(match.group(3)) or name in VOID_TAGS


def _pairs(tokens: Sequence[str], kinds: Sequence[str]) -> dict[int, int]:
    """Opening token index -> its closing token index, for well-nested paired tags."""
    stack: list[tuple[int, str]] = []
    pairs: dict[int, int] = {}
    for i, (token, kind) in enumerate(zip(tokens, kinds, strict=True)):
        tag = _tag(token) if kind == "markup" else None
        if tag is None or tag[2]:
            continue
        name, closing, _ = tag
        if not closing:
            stack.append((i, name))
        elif stack and stack[-1][1] == name:
            pairs[stack.pop()[0]] = i
    return pairs


def encode(
    source_html: str, glossary: Sequence = (), *, like: dict[str, Code] | None = None
) -> Encoded:
    """The XLIFF tree of `source_html`; with `like`, reuse those code ids (for a target).

    For a target, each markup tag or protected text is matched, in order, to an unused
    code of the source with the same markup; what matches nothing stays plain text.
    """
    protected = protect(source_html, [t for t in glossary if t.do_not_translate])
    pairs = _pairs(protected.tokens, protected.kinds)
    closing = {close: open_ for open_, close in pairs.items()}
    available = list((like or {}).values())
    codes: dict[str, Code] = {}
    root = StringElem([])
    stack: list[StringElem] = [root]

    def add(node) -> None:
        stack[-1].sub.append(node)

    def claim(kind: str, open_: str, close: str = "", ctype: str = "") -> Code | None:
        if like is None:
            tag = _tag(open_)
            ctype = ctype or (_CTYPES.get(tag[0], f"x-html-{tag[0]}") if tag else "x-code")
            code = Code(str(len(codes) + 1), kind, open_, close, ctype)
        else:
            code = next(
                (c for c in available if (c.kind, c.open, c.close) == (kind, open_, close)), None
            )
            if code is None:
                return None
            available.remove(code)
        codes[code.id] = code
        return code

    if protected.lead:
        add(protected.lead)
    pos = 0
    for match in PLACEHOLDER_RE.finditer(protected.text):
        if match.start() > pos:
            add(protected.text[pos : match.start()])
        pos = match.end()
        index = int(match.group(1))
        token, kind = protected.tokens[index], protected.kinds[index]
        if kind == "markup" and _ENTITY.match(token):
            add(html.unescape(token))
        elif kind != "markup":
            code = claim("ph", token, ctype="x-number" if kind == "number" else "x-term")
            add(px.Ph(id=code.id, sub=[token], xml_attrib={"ctype": code.ctype}) if code else token)
        elif index in pairs:
            code = claim("g", token, protected.tokens[pairs[index]])
            group = px.G(id=code.id, sub=[], xml_attrib={"ctype": code.ctype}) if code else None
            if group is not None:
                add(group)
                stack.append(group)
            else:
                stack.append(stack[-1])  # unmatched in a target: its text stays where it is
        elif index in closing:
            stack.pop()
        else:
            code = claim("x", token)
            add(px.X(id=code.id, xml_attrib={"ctype": code.ctype}) if code else "")
    if pos < len(protected.text):
        add(protected.text[pos:])
    if protected.trail:
        add(protected.trail)
    return Encoded(tree=root, codes=codes)


def plain_text(node) -> str:
    """The text of a tree as a translator reads it (codes' `ph` text included)."""
    if isinstance(node, str):
        return node
    return "".join(plain_text(sub) for sub in node.sub)


def _local_name(node: px.UnknownXML) -> str:
    return node.xml_node.tag.rsplit("}", 1)[-1]


def decode(tree: StringElem, codes: dict[str, Code]) -> str:
    """Segment HTML from a translated tree, with the source's markup for every code."""
    seen: Counter[str] = Counter()

    def code_for(node, kind: str) -> Code:
        code = codes.get(node.id or "")
        if code is None:
            raise CodeError(f"inline code {node.id} is not in the source (unknown code)")
        if code.kind != kind:
            raise CodeError(f"{code.describe()} was changed from <{code.kind}> to <{kind}>")
        seen[code.id] += 1
        return code

    def walk(node) -> str:
        if isinstance(node, str):
            return html.escape(node, quote=False)
        if isinstance(node, placeables.G):
            code = code_for(node, "g")
            return code.open + "".join(walk(sub) for sub in node.sub) + code.close
        if isinstance(node, placeables.X):
            return code_for(node, "x").open
        if isinstance(node, placeables.Ph):
            return _ph(code_for(node, "ph"), plain_text(node))
        if isinstance(node, px.UnknownXML):
            name = _local_name(node)
            if name == "ph":
                return _ph(code_for(node, "ph"), plain_text(node))
            if name == "mrk":  # CAT tools' segmentation/markers: keep the content
                return "".join(walk(sub) for sub in node.sub)
            raise CodeError(f"<{name}> is not an inline code this site uses")
        if type(node) is StringElem:
            return "".join(walk(sub) for sub in node.sub)
        raise CodeError(f"unsupported inline element {type(node).__name__}")

    text = walk(tree)
    missing = [codes[i].describe() for i in codes if seen[i] == 0]
    if missing:
        raise CodeError(f"{', '.join(missing)} lost from the target")
    repeated = [codes[i].describe() for i, n in seen.items() if n > 1]
    if repeated:
        raise CodeError(f"{', '.join(repeated)} appears more than once")
    return text


def _ph(code: Code, text: str) -> str:
    if text != code.open:
        raise CodeError(f"{code.describe()} was changed to “{text}”")
    return code.open

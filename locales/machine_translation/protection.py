"""Shield what a machine must not touch, and put it back afterwards.

A provider sees a segment with every tag, entity, glossary term and number/dose
replaced by a numbered placeholder (`{{0}}`, `{{1}}`, ...). Numbers and doses are
the dangerous part of medical text (a "5 mg" that comes back as "50 mg" is harm),
and tags must come back byte-identical so rich text and links survive; placeholders
make both a matter of string substitution instead of trust in the provider.

`restore` is strict: a placeholder the provider lost, duplicated or invented raises
`PlaceholderMismatch`, because silently dropping a dose or a closing tag is exactly
the corruption this module exists to prevent. The pipeline retries such a segment
alone and then fails the run with a clear error.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from locales.glossary import GlossaryTerm

PLACEHOLDER = "{{%d}}"
# Tolerant of what providers do to the braces: "{{ 3 }}", "{ {3} }", full-width braces.
PLACEHOLDER_RE = re.compile(r"[{\uFF5B]\s*[{\uFF5B]\s*(\d+)\s*[}\uFF5D]\s*[}\uFF5D]")

MARKUP_RE = re.compile(r"<[^<>]+>|&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);")
TAG_RE = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)[^<>]*?(/?)\s*>")
VOID_TAGS = frozenset({"br", "hr", "img", "wbr"})

_UNIT = (
    r"(?:%|‰|mcg|µg|μg|mg|kg|g|ng|mL|ml|dL|dl|µL|μL|IU|iu|nm|µm|μm|mm|cm|m|"
    r"mJ|J|mW|W|kHz|Hz|°C|°F|mmHg|mmol|mol)"
)
_NUM = r"\d+(?:[.,]\d+)*"
# A numeral, an optional range ("2-3", also with an en dash) and an optional unit or ratio
# ("1 mg", "5%", "630 nm", "2 J/cm2"). Words like "weeks" stay translatable.
NUMBER_RE = re.compile(
    rf"(?<![\w.,]){_NUM}(?:\s?[-\u2013\u2014]\s?{_NUM})?"
    rf"(?:\s?{_UNIT}(?:/{_UNIT}|/cm2|/cm²)?(?![\w]))?"
)
_LETTER_RE = re.compile(r"[^\W\d_]")
_LITERAL_BRACES_RE = re.compile(r"[{\uFF5B]\s*[{\uFF5B][^{}\uFF5B\uFF5D]*[}\uFF5D]\s*[}\uFF5D]")


class PlaceholderMismatch(ValueError):
    """The provider's text does not carry each placeholder exactly once."""

    def __init__(self, missing: Sequence[int], extra: Sequence[int], detail: str = ""):
        self.missing = tuple(missing)
        self.extra = tuple(extra)
        parts = []
        if self.missing:
            parts.append(f"lost placeholder(s) {', '.join(map(str, self.missing))}")
        if self.extra:
            parts.append(f"duplicated or unknown placeholder(s) {', '.join(map(str, self.extra))}")
        if detail:
            parts.append(detail)
        super().__init__("; ".join(parts))


@dataclass(frozen=True, slots=True)
class Protected:
    """A segment as the provider sees it, plus what each placeholder stands for."""

    text: str  # stripped, with placeholders
    tokens: tuple[str, ...]  # tokens[i] is what {{i}} becomes on restore
    kinds: tuple[str, ...]  # "markup" | "glossary" | "number", per placeholder
    lead: str = ""  # leading whitespace of the original, put back verbatim
    trail: str = ""

    @property
    def needs_translation(self) -> bool:
        """False when nothing but placeholders and punctuation is left (e.g. "5 mg")."""
        return bool(_LETTER_RE.search(PLACEHOLDER_RE.sub("", self.text)))

    def untouched(self) -> str:
        """The original segment, for text that needs no provider at all."""
        return restore(self.text, self)


def _glossary_patterns(glossary: Sequence[GlossaryTerm]) -> list[tuple[re.Pattern, GlossaryTerm]]:
    terms = [t for t in glossary if (t.source_term or "").strip()]
    terms.sort(
        key=lambda t: len(t.source_term), reverse=True
    )  # "minoxidil foam" before "minoxidil"
    patterns = []
    for term in terms:
        flags = 0 if term.case_sensitive else re.IGNORECASE
        pattern = re.compile(rf"(?<!\w){re.escape(term.source_term.strip())}(?!\w)", flags)
        patterns.append((pattern, term))
    return patterns


def _match_case(matched: str, translation: str) -> str:
    """ "Hair loss ..." at a sentence start -> "Alopecia ...", not "alopecia ..."."""
    if matched[:1].isupper() and translation[:1].islower() and not matched.isupper():
        return translation[:1].upper() + translation[1:]
    return translation


def protect(text: str, glossary: Sequence[GlossaryTerm] = ()) -> Protected:
    """Replace markup, glossary terms and numbers in `text` with placeholders."""
    stripped = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :] if stripped else ""
    found: list[tuple[str, str]] = []  # (kind, restored text), in discovery order
    # pieces: (index into `found` or None for plain text, text). Each pass only looks
    # inside plain pieces, so a number inside a tag or a glossary term is never split.
    pieces: list[tuple[int | None, str]] = [(None, stripped)]

    def apply(pattern: re.Pattern, kind: str, replacement) -> None:
        nonlocal pieces
        result: list[tuple[int | None, str]] = []
        for index, piece in pieces:
            if index is not None:
                result.append((index, piece))
                continue
            pos = 0
            for match in pattern.finditer(piece):
                if match.start() > pos:
                    result.append((None, piece[pos : match.start()]))
                found.append((kind, replacement(match)))
                result.append((len(found) - 1, ""))
                pos = match.end()
            if pos < len(piece):
                result.append((None, piece[pos:]))
        pieces = result

    # Source text that already looks like a placeholder ("{{2}}") is shielded first, so
    # it can never be confused with ours.
    apply(_LITERAL_BRACES_RE, "markup", lambda m: m.group(0))
    apply(MARKUP_RE, "markup", lambda m: m.group(0))
    for pattern, term in _glossary_patterns(glossary):
        target = term.source_term if term.do_not_translate else term.translation
        apply(
            pattern,
            "glossary",
            lambda m, t=term, tt=target: (
                m.group(0) if t.do_not_translate else _match_case(m.group(0), tt)
            ),
        )
    apply(NUMBER_RE, "number", lambda m: m.group(0))
    # Number placeholders left to right: identical segments protect identically and
    # the provider sees {{0}} before {{1}}.
    text: list[str] = []
    tokens: list[str] = []
    kinds: list[str] = []
    for index, piece in pieces:
        if index is None:
            text.append(piece)
            continue
        kinds.append(found[index][0])
        tokens.append(found[index][1])
        text.append(PLACEHOLDER % (len(tokens) - 1))
    return Protected(
        text="".join(text), tokens=tuple(tokens), kinds=tuple(kinds), lead=lead, trail=trail
    )


def is_well_nested(html: str) -> bool:
    """True when every opening tag closes in order (void and self-closing tags aside)."""
    stack: list[str] = []
    for match in TAG_RE.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in VOID_TAGS or self_closing:
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def restore(translated: str, protected: Protected) -> str:
    """Put every placeholder's original back; raise PlaceholderMismatch if any is off."""
    seen = Counter(int(m.group(1)) for m in PLACEHOLDER_RE.finditer(translated))
    count = len(protected.tokens)
    missing = [i for i in range(count) if seen[i] == 0]
    extra = sorted(i for i, n in seen.items() if i >= count or n > 1)
    if missing or extra:
        raise PlaceholderMismatch(missing, extra)
    if "markup" in protected.kinds:
        markup = [i for i, kind in enumerate(protected.kinds) if kind == "markup"]
        source_tags = "".join(protected.tokens[i] for i in markup)
        order = [int(m.group(1)) for m in PLACEHOLDER_RE.finditer(translated)]
        result_tags = "".join(protected.tokens[i] for i in order if protected.kinds[i] == "markup")
        if is_well_nested(source_tags) and not is_well_nested(result_tags):
            raise PlaceholderMismatch((), (), "tags came back out of order")
    result = PLACEHOLDER_RE.sub(lambda m: protected.tokens[int(m.group(1))], translated.strip())
    return protected.lead + result + protected.trail

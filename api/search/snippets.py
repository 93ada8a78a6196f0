"""Snippets: a short excerpt of the matched text, as plain text and as HTML with <mark>.

`highlight` picks the window of the stored text with the most matched words, using
the same analysis that matched them (on SQLite, exactly the indexed terms; on
PostgreSQL, the Python mirror of its configuration), and puts the matched words
between two private-use markers. The text is then escaped and only the markers
become <mark>, and nh3 checks the result allows nothing else: whatever an editor or a
provider wrote, a snippet cannot carry markup of its own. (PostgreSQL's ts_headline
was tried: it silently drops text that looks like a tag, e.g. "<script>" written as
text, and cuts at the first match without context; one highlighter also gives both
engines the same snippets.) (analysis.prepare removes private-use characters from indexed text,
so content cannot forge a marker.)
"""

from __future__ import annotations

import html
import re
from collections.abc import Set
from dataclasses import dataclass

import nh3

from api.search import analysis
from api.search.languages import SearchLanguage

START, STOP = "\ue000", "\ue001"
SNIPPET_WORDS = 30  # words (CJK: bigrams) in a snippet
CONTEXT_WORDS = 4  # words shown before the first match of the excerpt
ELLIPSIS = "…"
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    html: str


def render(marked: str) -> Snippet:
    marked = _SPACE.sub(" ", marked).strip()
    text = marked.replace(START, "").replace(STOP, "")
    escaped = html.escape(marked, quote=True).replace(START, "<mark>").replace(STOP, "</mark>")
    return Snippet(text=text, html=nh3.clean(escaped, tags={"mark"}, attributes={}))


def highlight(text: str, query_terms: Set[str], language: SearchLanguage) -> str:
    """The best window of `text` for these terms, matched words between markers."""
    words = list(analysis.terms(text, language))
    if not words:
        return text[: SNIPPET_WORDS * 8]
    hits = [i for i, word in enumerate(words) if word.term in query_terms]
    start = max(0, min(_best_window(hits) - CONTEXT_WORDS, len(words) - SNIPPET_WORDS))
    end = min(len(words), start + SNIPPET_WORDS)
    first = 0 if start == 0 else words[start].start
    last = len(text) if end == len(words) else words[end - 1].end
    parts = [ELLIPSIS] if start else []
    position = first
    for span_start, span_end in _merged(
        (w.start, w.end) for w in words[start:end] if w.term in query_terms
    ):
        parts += [text[position:span_start], START, text[span_start:span_end], STOP]
        position = span_end
    parts.append(text[position:last])
    if end < len(words):
        parts.append(ELLIPSIS)
    return "".join(parts)


def _best_window(hits: list[int]) -> int:
    """The first word of the SNIPPET_WORDS-long window holding the most hits (earliest wins)."""
    best, best_count, j = 0, 0, 0
    for i, hit in enumerate(hits):
        while j < len(hits) and hits[j] < hit + SNIPPET_WORDS:
            j += 1
        if j - i > best_count:
            best, best_count = hit, j - i
    return best


def _merged(spans) -> list[tuple[int, int]]:
    """Overlapping spans (CJK bigrams) become one mark."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged

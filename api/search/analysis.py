"""Text analysis in Python: what PostgreSQL's `guide_<language>` configurations do, for SQLite.

For each word: fold diacritics with PostgreSQL's own `unaccent.rules` (the unaccent
dictionary runs first in the configuration), lower-case, drop it if it is in the
language's stop-word list (checked after folding, as PostgreSQL's Snowball dictionary
sees the folded word), else stem it with the same Snowball algorithm. SQLite's FTS5 then indexes and matches these stems, so a
query behaves the same on both engines. CJK text becomes overlapping character bigrams
on both engines. The highlighter uses the same terms to mark what matched.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import snowballstemmer

from api.search.languages import SearchLanguage


def _mark_ranges() -> str:
    """Combining marks (Unicode category M*) of the BMP, as a regex character class body.

    They belong to the word they sit on (Arabic harakat, Devanagari vowel signs); Python's
    `\\w` does not include them, which would cut words apart.
    """
    ranges: list[tuple[int, int]] = []
    for cp in range(0x300, 0x10000):
        if unicodedata.category(chr(cp)).startswith("M"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


_TOKEN = re.compile(f"(?:[^\\W_]|[{_mark_ranges()}])+")
# Kana, CJK ideographs (and extensions A, compatibility) and Hangul.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_CJK_RUN = re.compile(f"[{_CJK}]+|[^{_CJK}]+")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")


class Term(NamedTuple):
    """One word (or CJK bigram) of a text: its search term, None for a stop word."""

    term: str | None
    start: int
    end: int


def prepare(text: str) -> str:
    """NFC, with control, surrogate and private-use characters replaced by spaces.

    PostgreSQL refuses NUL in text; the private-use area holds the highlighter's markers.
    """
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", text or ""))


@lru_cache(maxsize=1)
def _unaccent_table() -> dict[int, str | None]:
    """PostgreSQL's own `unaccent.rules` (shipped beside this module): the same folding.

    Each line maps one character to its replacement; a line with no replacement
    (combining marks) deletes the character.
    """
    text = resources.files(__package__).joinpath("unaccent.rules").read_text("utf-8")
    table: dict[int, str | None] = {}
    for line in text.splitlines():
        source, _, target = line.partition("\t")
        if len(source) == 1:
            table[ord(source)] = target.strip() or None
    return table


def unaccent(word: str) -> str:
    return word if word.isascii() else word.translate(_unaccent_table())


@lru_cache(maxsize=32)
def stopwords(name: str) -> frozenset[str]:
    """PostgreSQL's list for a Snowball language (`tsearch_data/<name>.stop`)."""
    text = resources.files(__package__).joinpath("stopwords", f"{name}.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


# Snowball stemmer objects keep state while stemming: one per thread. snowballstemmer
# hands out PyStemmer's C implementation of the same algorithms when it is installed.
_local = threading.local()


def stem(algorithm: str, word: str) -> str:
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(algorithm)
    if stemmer is None:
        stemmer = stemmers[algorithm] = snowballstemmer.stemmer(algorithm)
    return stemmer.stemWord(word)


@lru_cache(maxsize=65536)
def normalize(word: str, language: SearchLanguage) -> str | None:
    """One word's search term, or None when it is a stop word (memoized: a guide's
    vocabulary is small and every snippet analyses its text again)."""
    folded = unaccent(word).lower()  # the order of PostgreSQL's configuration
    if language.stopwords and folded in stopwords(language.stopwords):
        return None
    return stem(language.snowball, folded) if language.snowball else folded


def terms(text: str, language: SearchLanguage) -> Iterator[Term]:
    """Every word of `text` (already `prepare`d) with its term and position."""
    for match in _TOKEN.finditer(text):
        token = match.group()
        if language.segmentation == "bigrams" and _CJK_CHAR.search(token):
            yield from _split_cjk(token, match.start(), language)
        else:
            yield Term(normalize(token, language), match.start(), match.end())


def _split_cjk(token: str, offset: int, language: SearchLanguage) -> Iterator[Term]:
    for run in _CJK_RUN.finditer(token):
        start = offset + run.start()
        chars = run.group()
        if not _CJK_CHAR.match(chars):
            yield Term(normalize(chars, language), start, start + len(chars))
        elif len(chars) == 1:
            yield Term(chars, start, start + 1)
        else:
            for i in range(len(chars) - 1):
                yield Term(chars[i : i + 2], start + i, start + i + 2)


def index_text(text: str, language: SearchLanguage) -> str:
    """The terms of `text` as one space-separated string (what FTS5 indexes)."""
    return " ".join(t.term for t in terms(prepare(text), language) if t.term)


def bigram_text(text: str, language: SearchLanguage) -> str:
    """CJK text as bigrams, other words as they are (PostgreSQL analyses those itself)."""
    prepared = prepare(text)
    out = []
    for match in _TOKEN.finditer(prepared):
        token = match.group()
        if _CJK_CHAR.search(token):
            out.extend(t.term for t in _split_cjk(token, 0, language) if t.term)
        else:
            out.append(token)
    return " ".join(out)


def unique(values: Iterator[str | None]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return list(seen)


def query_words(text: str) -> list[str]:
    """The words of a query as typed (PostgreSQL analyses each with the configuration)."""
    return unique(m.group() for m in _TOKEN.finditer(prepare(text)))


def query_terms(text: str, language: SearchLanguage) -> list[str]:
    """The distinct search terms of a query, stop words dropped, in order."""
    return unique(t.term for t in terms(prepare(text), language))


def several_terms(words: list[str]) -> bool:
    """More than one thing to match: several words, or a CJK run of several bigrams."""
    return len(words) > 1 or any(len(w) > 2 and _CJK_CHAR.search(w) for w in words)

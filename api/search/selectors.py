"""The request path's search: parse the query, ask the engine, build hits with snippets.

Reads only SearchEntry rows and their snapshots (what the read model serves). Unlike
the guide endpoints this queries the database on every request: a search cannot be
served from a cache of prepared answers. `SearchResults` is what the view hands to
DRF's paginator: it counts first (choosing the match mode), then fetches one page.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings

from api.read_model.store import CachedGuide
from api.search import analysis
from api.search.engines import Branch, Mode, Row, engine
from api.search.languages import search_language
from api.search.snippets import Snippet, highlight, render
from locales.registry import LocaleInfo, get_registry

DEFAULT_MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 16


class EmptyQuery(ValueError):
    """No query, or only whitespace."""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    text: str  # what is searched: the query as typed, cut to the maximum length
    truncated: bool
    words: list[str]  # its words (at most MAX_QUERY_WORDS), syntax characters dropped


def max_query_chars() -> int:
    return getattr(settings, "API_SEARCH_MAX_QUERY_LENGTH", DEFAULT_MAX_QUERY_CHARS)


def parse_query(raw: str | None) -> SearchQuery:
    """Raise EmptyQuery for no query or only whitespace; cut long queries (never an error).

    A query of only control characters is not empty (nothing matches it).
    """
    if not (raw or "").strip():
        raise EmptyQuery("The query `q` is empty.")
    text = analysis.prepare(raw).strip()
    limit = max_query_chars()
    truncated = len(text) > limit
    if truncated:
        text = text[:limit].rstrip()
    return SearchQuery(text, truncated, analysis.query_words(text)[:MAX_QUERY_WORDS])


@dataclass(frozen=True, slots=True)
class SearchHit:
    row: Row
    snippet: Snippet


class SearchResults:
    """Hits of one query, lazily: `count()` then one slice (what Django's Paginator does).

    Every word must match ("all"); when nothing has all of them, any word may ("any"):
    hits with more of the words first, then by relevance, so a question typed in full
    still finds its answer.
    """

    def __init__(self, query: SearchQuery, requested: LocaleInfo, guide: CachedGuide | None):
        self.query = query
        self.requested = requested
        self.branches = branches(requested, guide)
        self._engine = engine()
        self._terms_by_locale: dict[str, frozenset[str]] = {}

    @cached_property
    def _counted(self) -> tuple[Mode, int]:
        words = self.query.words
        total = self._engine.count(self.branches, words, "all")
        if total == 0 and analysis.several_terms(words):
            return "any", self._engine.count(self.branches, words, "any")
        return "all", total

    @property
    def match(self) -> Mode:
        return self._counted[0]

    def count(self) -> int:
        return self._counted[1]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[SearchHit]:
        if not isinstance(window, slice) or window.step not in (None, 1):
            raise TypeError("SearchResults supports plain slices only.")
        offset = window.start or 0
        limit = max(0, (window.stop if window.stop is not None else self.count()) - offset)
        if limit == 0 or self.count() == 0:
            return []
        rows = self._engine.page(self.branches, self.query.words, self.match, offset, limit)
        return [SearchHit(row, self._snippet(row)) for row in rows]

    def _snippet(self, row: Row) -> Snippet:
        language = search_language(row.locale)
        return render(highlight(row.body, self._terms(row.locale), language))

    def _terms(self, locale: str) -> frozenset[str]:
        """The query's terms as a hit's language analyses them (at most two languages)."""
        if locale not in self._terms_by_locale:
            text = " ".join(self.query.words)
            self._terms_by_locale[locale] = frozenset(
                analysis.query_terms(text, search_language(locale))
            )
        return self._terms_by_locale[locale]


def branches(requested: LocaleInfo, guide: CachedGuide | None) -> list[Branch]:
    """Where to look: the guide the read model serves, or every guide as `requested` sees it."""
    if guide is not None:
        return [
            Branch(
                locale=guide.locale,
                language=search_language(guide.locale),
                fallback=guide.locale != requested.code,
                requested=requested.code,
                guide_id=uuid.UUID(guide.guide_id),
            )
        ]
    found = [Branch(requested.code, search_language(requested), False, requested.code)]
    source = get_registry().source
    if source.code != requested.code:
        found.append(Branch(source.code, search_language(source), True, requested.code))
    return found

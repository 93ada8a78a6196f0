"""Which search configuration a locale gets: one table, read by both database engines.

PostgreSQL analyses text itself with a text search configuration; migration 0003
creates one `guide_<name>` configuration per row below: the built-in configuration
with `unaccent` in front of the Snowball stemmer (so `caida` finds `caída`, and case
never matters). SQLite's FTS5 stems only English, so on SQLite `analysis.py` does the
same steps in Python with the same Snowball algorithm and the same stop-word list
(PostgreSQL's, shipped in `stopwords/`), and FTS5 indexes the result.

Languages Snowball does not cover are matched word by word (`simple`, Arabic among
them); Chinese, Japanese and Korean have no spaces between words, so they are
indexed and queried as overlapping character bigrams (as Lucene's CJK analyzer does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from locales.registry import LocaleInfo


@dataclass(frozen=True, slots=True)
class SearchLanguage:
    pg_config: str  # text search configuration created by api/migrations/0003_search_index
    snowball: str | None  # Snowball algorithm (PostgreSQL's `<name>_stem`); None: no stemming
    segmentation: Literal["words", "bigrams"] = "words"

    @property
    def stopwords(self) -> str | None:
        """The stop-word list: PostgreSQL's Snowball dictionaries use the one of their name."""
        return self.snowball


# Snowball languages PostgreSQL ships with a stop-word list. Their configurations are
# created by the migration; adding a row here needs a migration that creates its
# `guide_<name>` configuration too (tests/api/test_search_engine.py checks they exist).
_SNOWBALL = (
    "danish",
    "dutch",
    "english",
    "finnish",
    "french",
    "german",
    "hungarian",
    "italian",
    "norwegian",
    "portuguese",
    "russian",
    "spanish",
    "swedish",
    "turkish",
)
_ISO = {
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "hu": "hungarian",
    "it": "italian",
    "nb": "norwegian",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ru": "russian",
    "es": "spanish",
    "sv": "swedish",
    "tr": "turkish",
}
SIMPLE = SearchLanguage(pg_config="guide_simple", snowball=None)
BIGRAMS = SearchLanguage(pg_config="guide_simple", snowball=None, segmentation="bigrams")

LANGUAGES: dict[str, SearchLanguage] = {
    **{code: SearchLanguage(f"guide_{name}", name) for code, name in _ISO.items()},
    "ar": SIMPLE,  # no stemming: word matching with diacritics kept (see docs/api.md)
    "zh": BIGRAMS,
    "ja": BIGRAMS,
    "ko": BIGRAMS,
}

# Every configuration the migration creates: guide_<snowball name> and guide_simple.
PG_CONFIGS = (*(f"guide_{name}" for name in _SNOWBALL), "guide_simple")


def search_language(locale: LocaleInfo | str) -> SearchLanguage:
    """The table row for a locale (`pt-BR` -> Portuguese); unknown languages match words."""
    code = locale.language if isinstance(locale, LocaleInfo) else locale.split("-", 1)[0]
    return LANGUAGES.get(code.lower(), SIMPLE)

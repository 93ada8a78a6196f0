"""Full-text search over the read model: FAQ items and guide titles/intros per locale.

- `languages`: the one table mapping a locale's language to its PostgreSQL text search
  configuration and Snowball stemmer.
- `analysis`: the Python side of that table (tokens, unaccent, stop words, stems,
  CJK bigrams) for SQLite FTS5, for highlighting and for CJK on PostgreSQL.
- `indexing`: the writer (`update_search_index`), called where the read model is rebuilt.
- `engines`: the SQL for each database engine (PostgreSQL FTS, SQLite FTS5).
- `selectors`: the request path's read (`search`), `snippets`: marked, sanitized excerpts.
"""

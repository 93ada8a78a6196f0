"""The search index's only writer: SearchEntry rows from the read model's stored documents.

Called by `api.read_model.rebuild.rebuild_guides` inside its transaction, right after the
snapshots are written, so the index holds exactly what the read model serves (a
machine draft, an unpublished or private guide has no snapshot, hence no entry) and
a reader never sees one without the other. Never on the request path.

A snapshot is re-indexed only when its content version or the analysis changed
(`index_version`); `rebuild_search_index` re-indexes everything (`rebuild_api`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from api.models import GuideSnapshot, SearchEntry
from api.search import analysis
from api.search.languages import SearchLanguage, search_language

# Bump when analysis.py or the configurations change what is indexed: the next
# `migrate` (every deploy runs it) re-indexes every snapshot whose entries were built
# otherwise (`refresh_search_index`), as does `manage.py rebuild_api`.
ANALYSIS_VERSION = "1"


def update_search_index(guide_ids: Iterable[uuid.UUID | str]) -> int:
    """Bring the entries of these guides' snapshots up to date; return snapshots indexed."""
    ids = {str(g) for g in guide_ids}
    if not ids:
        return 0
    return _index(GuideSnapshot.objects.filter(guide_id__in=ids), force=False)


def rebuild_search_index() -> int:
    """Re-index every snapshot (after a deploy that changed the analysis, or to repair).

    On PostgreSQL the table's statistics are refreshed too: with none (a new table, or
    autovacuum off) the planner scans a locale's rows instead of using the GIN index.
    """
    indexed = _index(GuideSnapshot.objects.all(), force=True)
    _analyze()
    return indexed


def refresh_search_index() -> int:
    """Index the snapshots with no entries, or entries built by another analysis (an
    ANALYSIS_VERSION, a language's configuration, another engine): run after migrate,
    so a deploy that changed the analysis never leaves old rows that queries miss."""
    if SearchEntry._meta.db_table not in connection.introspection.table_names():
        return 0  # not migrated this far
    indexed = _index(GuideSnapshot.objects.all(), force=False)
    if indexed:
        _analyze()
    return indexed


def _analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE api_searchentry")


def _index(snapshots, *, force: bool) -> int:
    with transaction.atomic():
        current = dict(
            SearchEntry.objects.filter(snapshot__in=snapshots, position=0).values_list(
                "snapshot_id", "index_version"
            )
        )
        stale = [
            pk
            for pk, locale, version in snapshots.values_list("pk", "locale", "version")
            if force or current.get(pk) != index_version(locale, version)
        ]
        if not stale:
            return 0
        SearchEntry.objects.filter(snapshot_id__in=stale).delete()
        entries: list[SearchEntry] = []
        fields = ("id", "guide_id", "locale", "version", "document")
        for snapshot in GuideSnapshot.objects.filter(pk__in=stale).only(*fields):
            entries += entries_for(snapshot)
        SearchEntry.objects.bulk_create(entries, batch_size=500)
    return len(stale)


def index_version(locale: str, version: str) -> str:
    language = search_language(locale)
    return f"{version}:{language.pg_config}:{ANALYSIS_VERSION}:{connection.vendor}"


def entries_for(snapshot: GuideSnapshot) -> list[SearchEntry]:
    """One row for the guide (title and intro) and one per FAQ item."""
    document: dict[str, Any] = json.loads(bytes(snapshot.document))
    language = search_language(snapshot.locale)
    version = index_version(snapshot.locale, snapshot.version)
    rows = [(SearchEntry.KIND_GUIDE, None, None, document["title"], document["intro"]["text"])]
    for group in document["groups"]:
        for item in group["items"]:
            question, answer = item["question"], item["answer"]["text"]
            rows.append((SearchEntry.KIND_ITEM, item["id"], item["number"], question, answer))
    return [
        SearchEntry(
            snapshot=snapshot,
            locale=snapshot.locale,
            kind=kind,
            item_id=item_id,
            number=number,
            position=position,
            question=analysis.prepare(question),
            body=analysis.prepare(body),
            config=language.pg_config,
            index_title=engine_text(question, language),
            index_body=engine_text(body, language),
            index_version=version,
        )
        for position, (kind, item_id, number, question, body) in enumerate(rows)
    ]


def engine_text(text: str, language: SearchLanguage) -> str:
    """What the database engine indexes: PostgreSQL analyses words itself; FTS5 gets stems."""
    if connection.vendor == "postgresql":
        if language.segmentation == "bigrams":
            return analysis.bigram_text(text, language)
        return analysis.prepare(text)
    return analysis.index_text(text, language)

"""The API's own tables: the read model's persistent copy, its change log, and partner keys.

The read model lives in the Django cache; `GuideSnapshot` is its durable copy so a
cold process (or a cleared Redis) refills the cache without touching the page tree,
and `GuideChange` is the append-only log whose monotonic ids are the sync tokens.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone

KEY_PREFIX = "gk"


class GuideSnapshot(models.Model):
    """The serialized, live state of one guide in one locale (what the API serves)."""

    guide_id = models.UUIDField(db_index=True, help_text="The guide's Wagtail translation_key.")
    locale = models.CharField(max_length=35, help_text="BCP 47 code of the served locale.")
    slug = models.SlugField(max_length=255)
    page_id = models.PositiveIntegerField()
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    updated_at = models.DateTimeField()
    version = models.CharField(max_length=64)
    document = models.BinaryField(help_text="UTF-8 JSON of the guide detail.")
    jsonld = models.BinaryField(help_text="UTF-8 schema.org FAQPage JSON-LD.")
    format = models.PositiveSmallIntegerField(
        default=1,
        help_text="api.documents.builder.DOCUMENT_FORMAT when built; older rows are rebuilt on migrate.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guide_id", "locale"], name="api_snapshot_guide_locale")
        ]
        indexes = [models.Index(fields=["locale", "slug"], name="api_snapshot_locale_slug")]

    def __str__(self) -> str:
        return f"{self.slug} [{self.locale}] {self.version[:12]}"


class GuideChange(models.Model):
    """The latest change of one guide (any locale). `seq` only grows: it is the sync token.

    Only the newest row per guide is kept: "which guides changed after token T" is
    then still exact, so tokens never expire and the table holds one row per guide.
    `seq` is allocated under a row lock on `SyncSequence`, so a sequence number is
    never committed after a larger one (an auto-increment id could be).
    """

    seq = models.BigIntegerField(primary_key=True)
    guide_id = models.UUIDField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.guide_id}"


class SyncSequence(models.Model):
    """A single-row counter for GuideChange.seq, locked for the length of a rebuild."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode("utf-8")).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self) -> ApiKeyQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A partner's key. Only its sha256 is stored; the raw key is shown once, at creation."""

    name = models.CharField(max_length=255, help_text="Partner (clinic) name.")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    allowed_origins = models.TextField(
        blank=True,
        help_text="Browser origins allowed to call the API with CORS, one per line "
        "(e.g. https://clinic.example).",
    )
    rate = models.CharField(
        max_length=32,
        blank=True,
        help_text="Throttle rate like 1000/hour; blank uses the API_KEY_RATE setting.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def origins(self) -> list[str]:
        return [o.strip().rstrip("/") for o in self.allowed_origins.splitlines() if o.strip()]

    @staticmethod
    def generate() -> tuple[str, str]:
        """A new raw key and its visible prefix: `gk_<prefix>_<secret>`."""
        prefix = secrets.token_hex(4)
        return f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}", prefix


class SearchEntry(models.Model):
    """One searchable unit of a snapshot: an FAQ item, or the guide's title and intro.

    Rows are written from `GuideSnapshot.document` by `api.search.indexing` in the same
    transaction as the snapshot, and go with it (cascade): the index can only ever hold
    what the read model serves. The engine's own index lives beside this table and is
    kept in step by triggers (migration 0003): a `tsvector` column with a GIN index on
    PostgreSQL, an external-content FTS5 table on SQLite. A later migration that
    rebuilds this table on SQLite (Django remakes tables to alter them) must re-create
    those triggers; tests/api/test_search_engine.py checks they are there.
    """

    KIND_GUIDE = "guide"
    KIND_ITEM = "item"

    snapshot = models.ForeignKey(
        GuideSnapshot, on_delete=models.CASCADE, related_name="search_entries"
    )
    locale = models.CharField(max_length=35)
    kind = models.CharField(max_length=5, choices=[(KIND_GUIDE, "guide"), (KIND_ITEM, "item")])
    item_id = models.UUIDField(null=True, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(help_text="Order within the guide (0: the guide).")
    question = models.TextField(help_text="The item's question, or the guide's title.")
    body = models.TextField(help_text="The answer's text, or the guide's intro.")
    config = models.CharField(
        max_length=63, help_text="PostgreSQL text search configuration (api/search/languages.py)."
    )
    index_title = models.TextField(help_text="What the engine indexes for `question`.")
    index_body = models.TextField(help_text="What the engine indexes for `body`.")
    index_version = models.CharField(
        max_length=128, help_text="Snapshot version + analysis: unchanged means up to date."
    )

    class Meta:
        verbose_name_plural = "search entries"
        indexes = [models.Index(fields=["locale", "snapshot"], name="api_search_locale_snapshot")]

    def __str__(self) -> str:
        return f"[{self.locale}] {self.question[:60]}"

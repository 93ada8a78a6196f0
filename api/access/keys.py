"""Partner API keys: create (raw key returned once), revoke, and the cached lookup.

The request path resolves a key from this process's copy, then Redis, then the database
(api.read_model.tiers), so an authenticated request costs no round trip once warm. Every key change
(create, edit, revoke, delete) raises the *keys generation* in the database, in the same
transaction: the changing process drops its copy at once, every other process within
API_GENERATION_POLL_SECONDS, and Redis entries from before the change are refused even if
Redis was down when it happened. A revoked key is refused everywhere within a second.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from api.models import ApiKey, SyncSequence, hash_key
from api.read_model import generation
from api.read_model.tiers import Tier

_ABSENT = "absent"
ORIGINS_KEY = "api:v1:partner-origins"

# Key lookups are small: about 200 bytes each, so 2 MiB hold about 10,000 keys (including
# remembered unknown keys, which a client sending random keys would otherwise turn into
# one query each).
_tier = Tier("keys", 2 * 1024 * 1024)


def _key_cache_key(hashed: str) -> str:
    return f"api:v1:key:{hashed}"


@dataclass(frozen=True, slots=True)
class PartnerKey:
    """What a request needs to know about its key (no secret, no model instance)."""

    id: int
    name: str
    prefix: str
    rate: str
    origins: tuple[str, ...]


@dataclass(frozen=True)
class CreatedKey:
    key: ApiKey
    raw_key: str  # show once; only its hash is stored


@transaction.atomic
def create_api_key(name: str, *, origins: list[str] | None = None, rate: str = "") -> CreatedKey:
    raw, prefix = ApiKey.generate()
    key = ApiKey.objects.create(
        name=name,
        prefix=prefix,
        hashed_key=hash_key(raw),
        allowed_origins="\n".join(origins or []),
        rate=rate,
    )
    return CreatedKey(key=key, raw_key=raw)


def revoke_api_key(key: ApiKey) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])  # post_save: key_changed()
    return key


def key_changed(key: ApiKey) -> None:
    """A key row was saved or deleted: raise the keys generation, drop cached lookups."""
    with transaction.atomic():
        row, _ = SyncSequence.objects.select_for_update().get_or_create(pk=generation.KEYS_ROW)
        row.value += 1
        row.save(update_fields=["value"])
    _tier.forget([_key_cache_key(key.hashed_key), ORIGINS_KEY])
    value = row.value
    transaction.on_commit(lambda: generation.committed(keys=value), robust=True)


def _size(value) -> int:
    return 200 if not isinstance(value, frozenset) else 64 * (len(value) + 1)


def find_active_key(raw_key: str) -> PartnerKey | None:
    hashed = hash_key(raw_key)

    def build():
        row = ApiKey.objects.active().filter(hashed_key=hashed).first()
        if row is None:
            return _ABSENT
        return PartnerKey(
            id=row.pk,
            name=row.name,
            prefix=row.prefix,
            rate=row.rate,
            origins=tuple(row.origins()),
        )

    hit = _tier.get(_key_cache_key(hashed), build, _size)
    return None if hit == _ABSENT else hit


def partner_origins() -> frozenset[str]:
    """Origins of all active keys (CORS preflights carry no key, only an Origin)."""

    def build():
        return frozenset(
            origin.lower() for key in ApiKey.objects.active() for origin in key.origins()
        )

    return _tier.get(ORIGINS_KEY, build, _size)


def clear_process_copy() -> None:
    _tier.local.clear()

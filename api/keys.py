"""Partner API keys: create (raw key returned once), revoke, and the cached lookup.

The request path resolves a key from the cache (a revoked key is dropped from it at
once), so an authenticated request costs no database query once warm.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from .models import ApiKey, hash_key

_ABSENT = "absent"
ORIGINS_KEY = "api:v1:partner-origins"


def _cache():
    return caches[getattr(settings, "API_CACHE_ALIAS", "default")]


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
        key.save(update_fields=["revoked_at"])
    forget_key(key)
    return key


def forget_key(key: ApiKey) -> None:
    _cache().delete_many([_key_cache_key(key.hashed_key), ORIGINS_KEY])


def find_active_key(raw_key: str) -> PartnerKey | None:
    hashed = hash_key(raw_key)
    cache = _cache()
    hit = cache.get(_key_cache_key(hashed))
    if hit is None:
        row = ApiKey.objects.active().filter(hashed_key=hashed).first()
        hit = (
            PartnerKey(
                id=row.pk,
                name=row.name,
                prefix=row.prefix,
                rate=row.rate,
                origins=tuple(row.origins()),
            )
            if row
            else _ABSENT
        )
        cache.set(_key_cache_key(hashed), hit, 300)
    return None if hit == _ABSENT else hit


def partner_origins() -> frozenset[str]:
    """Origins of all active keys (CORS preflights carry no key, only an Origin)."""
    cache = _cache()
    hit = cache.get(ORIGINS_KEY)
    if hit is None:
        hit = frozenset(
            origin.lower() for key in ApiKey.objects.active() for origin in key.origins()
        )
        cache.set(ORIGINS_KEY, hit, 300)
    return hit

"""CORS per partner: a browser origin is allowed when an active API key lists it.

django-cors-headers' static allow-lists cannot follow keys created and revoked in the
admin, so its `check_request_enabled` signal asks us. A preflight carries no key, so
any active partner's origin passes it; a real request that sends a key must come
from one of that key's own origins.
"""

from __future__ import annotations

from corsheaders.signals import check_request_enabled

from .authentication import raw_key_from
from .keys import find_active_key, partner_origins

API_PREFIX = "/api/"


def origin_allowed(request, **kwargs) -> bool:
    if not request.path_info.startswith(API_PREFIX):
        return False
    origin = (request.headers.get("origin") or "").rstrip("/").lower()
    if not origin or origin not in partner_origins():
        return False
    raw = raw_key_from(request)
    if raw is None:
        return True
    partner = find_active_key(raw)
    return partner is not None and origin in {o.lower() for o in partner.origins}


def connect() -> None:
    check_request_enabled.connect(origin_allowed, dispatch_uid="api.cors.partner_origins")

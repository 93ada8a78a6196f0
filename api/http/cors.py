"""CORS: who may read API responses in a browser, and where a key may be used.

The content is public health information: when anonymous reads are allowed
(`API_ALLOW_ANONYMOUS`, the default) any web page may read it without a key, which is
what lets a clinic paste the embed snippet without asking for one. CORS is no
protection for public data (the same request works from curl); what must hold is
that a key only works from its own origins, and the permission enforces that (403
`origin_not_allowed`). Such refusals, and a 401 for a wrong key, are readable by the
page so it can say why; they carry no content. When anonymous reads are off, only
the origins listed on active keys are CORS-enabled (django-cors-headers' static lists
cannot follow keys created and revoked in the admin, hence this signal handler).
A key listing no origins is for servers and apps, never CORS-enabled.
"""

from __future__ import annotations

from corsheaders.signals import check_request_enabled
from django.conf import settings

from api.access.authentication import raw_key_from
from api.access.keys import find_active_key, partner_origins

API_PREFIX = "/api/"


def origin_allowed(request, **kwargs) -> bool:
    if not request.path_info.startswith(API_PREFIX):
        return False
    origin = (request.headers.get("origin") or "").rstrip("/").lower()
    if not origin:
        return False
    open_to_all = getattr(settings, "API_ALLOW_ANONYMOUS", True)
    raw = raw_key_from(request)
    partner = find_active_key(raw) if raw is not None else None
    if partner is None:  # no key (reads, preflights) or a wrong one (a 401)
        return open_to_all or origin in partner_origins()
    # The key's own origin is served; any other gets the permission's readable 403.
    return bool(partner.origins)


def connect() -> None:
    check_request_enabled.connect(origin_allowed, dispatch_uid="api.http.cors.partner_origins")

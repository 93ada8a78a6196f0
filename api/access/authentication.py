"""`Authorization: Api-Key <key>` or `X-API-Key: <key>` -> request.auth (a PartnerKey).

No key is anonymous (allowed or not by the permission); a wrong or revoked key is
a 401, never silently anonymous, so a partner notices a revoked key at once.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from api.access.keys import PartnerKey, find_active_key

SCHEME = "Api-Key"


def raw_key_from(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() == SCHEME.lower() and value.strip():
            return value.strip()
    value = request.META.get("HTTP_X_API_KEY", "").strip()
    return value or None


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request) -> tuple[AnonymousUser, PartnerKey] | None:
        raw = raw_key_from(request)
        if raw is None:
            return None
        partner = find_active_key(raw)
        if partner is None:
            raise exceptions.AuthenticationFailed(
                "Invalid or revoked API key.", code="invalid_api_key"
            )
        return AnonymousUser(), partner

    def authenticate_header(self, request) -> str:
        return f'{SCHEME} realm="api"'

"""Who may read: any valid key; anonymous clients if API_ALLOW_ANONYMOUS (default on),
since the content is public health information that a mobile app cannot protect
with a secret anyway. A key bound to browser origins is refused (403) when a browser
sends it from another origin: a key copied off a clinic's page is useless elsewhere.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework import exceptions
from rest_framework.permissions import BasePermission

from api.access.keys import PartnerKey


class HasApiKeyOrAnonymousAllowed(BasePermission):
    message = "An API key is required: send `Authorization: Api-Key <key>` or `X-API-Key`."
    code = "api_key_required"

    def has_permission(self, request, view) -> bool:
        partner = request.auth
        if isinstance(partner, PartnerKey):
            origin = (request.META.get("HTTP_ORIGIN") or "").rstrip("/").lower()
            if origin and partner.origins and origin not in {o.lower() for o in partner.origins}:
                raise exceptions.PermissionDenied(
                    f"This API key may not be used from origin {origin!r}.",
                    code="origin_not_allowed",
                )
            return True
        return bool(getattr(settings, "API_ALLOW_ANONYMOUS", True))

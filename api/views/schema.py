"""drf-spectacular glue: the delivery API's own schema (not Wagtail's admin API), key auth."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension

API_PATH_PREFIX = "/api/v1/"


def only_delivery_api(endpoints: list, **kwargs) -> list:
    """Preprocessing hook: Wagtail's admin and localize endpoints are DRF views too."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PATH_PREFIX)]


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.access.authentication.ApiKeyAuthentication"
    name = ["ApiKeyHeader", "ApiKeyAuthorization"]

    def get_security_definition(self, auto_schema):
        return [
            {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "`Api-Key <key>`",
            },
        ]

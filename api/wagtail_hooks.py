"""Wagtail admin registrations for the delivery API (partner keys)."""

from wagtail.snippets.models import register_snippet

from api.access.admin_views import ApiKeyViewSet

register_snippet(ApiKeyViewSet)

"""The API key screens' field names and listing columns, translated.

The model's own verbose names stay English (changing them would be a migration for
words only); the form and the listing take these instead.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn

LABELS = {
    "name": _("Name"),
    "allowed_origins": _("Allowed origins"),
    "rate": _("Rate"),
}
HELP_TEXTS = {
    "name": _("Partner (clinic) name."),
    "allowed_origins": _(
        "Browser origins allowed to call the API with CORS, one per line "
        "(e.g. https://clinic.example)."
    ),
    "rate": _("Throttle rate like 1000/hour; blank uses the API_KEY_RATE setting."),
}


def list_columns() -> list[Column]:
    """The listing's columns, headed in the admin's language."""
    return [
        Column("name", label=LABELS["name"], sort_key="name"),
        Column("prefix", label=_("Prefix")),
        Column("allowed_origins", label=LABELS["allowed_origins"]),
        Column("rate", label=LABELS["rate"]),
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
        DateColumn("revoked_at", label=_("Revoked"), sort_key="revoked_at"),
    ]

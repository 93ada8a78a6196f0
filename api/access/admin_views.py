"""Wagtail admin for partner API keys: create (key shown once), list, revoke.

Keys are never editable secrets: creating one generates it server-side and renders
it on the response page only (no redirect, no flash message that would carry the
secret through the session); editing changes name, origins or rate, or revokes.
"""

from __future__ import annotations

import re

from django import forms
from django.template.response import TemplateResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from api.access.admin_labels import HELP_TEXTS, LABELS, list_columns
from api.access.keys import revoke_api_key
from api.models import ApiKey, hash_key

_MAX_RATE = 999_999_999
_RATE = re.compile(r"[1-9][0-9]{0,8}/(s|sec|second|min|minute|h|hour|d|day)")


class ApiKeyForm(WagtailAdminModelForm):
    revoke = forms.BooleanField(
        required=False,
        label=gettext_lazy("Revoke this key"),
        help_text=gettext_lazy(
            "Requests with it are refused at once (401). This cannot be undone."
        ),
    )

    class Meta:
        model = ApiKey
        fields = ["name", "allowed_origins", "rate"]
        labels = LABELS
        help_texts = HELP_TEXTS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None or self.instance.revoked_at is not None:
            del self.fields["revoke"]  # nothing to revoke yet / already revoked

    def clean_rate(self) -> str:
        """Blank (the API_KEY_RATE setting) or N/period with N from 1. The throttle's own
        parser reads only the period's first letter and any integer, so `-1/min` (every
        request refused), `0/min` or `5/month` (read as per minute) would have been saved."""
        rate = self.cleaned_data["rate"].strip()
        if rate and not _RATE.fullmatch(rate):
            raise forms.ValidationError(
                _(
                    "Bad throttle rate %(rate)s: use N/s, N/min, N/hour or N/day, with N a "
                    "whole number from 1 to %(max)s."
                )
                % {"rate": repr(rate), "max": number_format(_MAX_RATE, force_grouping=True)}
            )
        return rate

    def clean_allowed_origins(self) -> str:
        lines = [o.strip().rstrip("/") for o in self.cleaned_data["allowed_origins"].splitlines()]
        bad = [o for o in lines if o and not o.startswith(("https://", "http://"))]
        if bad:
            raise forms.ValidationError(
                _("Origins must start with https:// or http://: %(origins)s") % {"origins": bad}
            )
        return "\n".join(o for o in lines if o)


class ApiKeyCreateView(CreateView):
    def save_instance(self):
        raw, prefix = ApiKey.generate()
        self.form.instance.prefix = prefix
        self.form.instance.hashed_key = hash_key(raw)
        self.raw_key = raw
        return super().save_instance()

    def save_action(self):
        return TemplateResponse(
            self.request,
            "api/key_created.html",
            {
                "key": self.object,
                "raw_key": self.raw_key,
                "index_url": self.get_success_url(),
                "page_title": _("API key for %(name)s") % {"name": self.object.name},
                "header_icon": "key",
            },
        )


class ApiKeyEditView(EditView):
    def save_instance(self):
        instance = super().save_instance()
        if self.form.cleaned_data.get("revoke"):
            revoke_api_key(instance)
        return instance  # every save reaches api.access.keys.key_changed through post_save


class ApiKeyViewSet(SnippetViewSet):
    model = ApiKey
    icon = "key"
    menu_label = gettext_lazy("API keys")
    menu_order = 310
    add_to_admin_menu = True
    add_view_class = ApiKeyCreateView
    edit_view_class = ApiKeyEditView
    list_display = list_columns()
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("allowed_origins"),
            FieldPanel("rate"),
            FieldPanel("revoke"),
        ],
        base_form_class=ApiKeyForm,
    )

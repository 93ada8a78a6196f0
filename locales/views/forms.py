"""The machine-translate form, shared by the single-guide screen and the bulk action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from locales.locale_names import display_name
from locales.registry import get_registry


class MachineTranslateForm(forms.Form):
    locales = forms.MultipleChoiceField(
        label=_("Translate into"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each locale gets an unpublished draft that a reviewer must approve."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locales"].choices = [
            (info.code, f"{display_name(info)} ({info.code})") for info in get_registry().targets
        ]


class BulkMachineTranslateForm(MachineTranslateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locales"].help_text = _(
            "One background job per guide and locale; each writes an unpublished draft."
        )

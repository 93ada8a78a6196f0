"""The admin's sign-off form: what a clinician records about their review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clinical.selectors import today


class SignOffForm(forms.Form):
    reviewed_on = forms.DateField(
        label=_("Reviewed on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day you reviewed this language version; not in the future."),
    )
    credentials = forms.CharField(
        label=_("Your credentials"),
        max_length=255,
        required=False,
        help_text=_("Shown to readers after your name, e.g. “MD, Dermatology”."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.CharField(
        label=_("Evidence sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One citation or URL per line."),
    )

    def clean_reviewed_on(self):
        value = self.cleaned_data["reviewed_on"]
        if value > today():
            raise forms.ValidationError(_("A review date cannot be in the future."))
        return value

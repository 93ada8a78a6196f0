"""Pages → select guides → "Machine-translate": Wagtail's bulk action for the page listing."""

from __future__ import annotations

from django import forms
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction

from .bulk import start_bulk_machine_translation
from .guard import is_guarded
from .registry import get_registry
from .review_permissions import can_machine_translate


class MachineTranslateForm(forms.Form):
    locales = forms.MultipleChoiceField(
        label="Translate into",
        widget=forms.CheckboxSelectMultiple,
        help_text="One background job per guide and locale; each writes an unpublished draft.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locales"].choices = [
            (info.code, f"{info.english_name} ({info.code})") for info in get_registry().targets
        ]


class MachineTranslateBulkAction(PageBulkAction):
    display_name = "Machine-translate"
    action_type = "machine_translate"
    aria_label = "Machine-translate selected guides"
    template_name = "locales/bulk_machine_translate.html"
    action_priority = 60
    form_class = MachineTranslateForm

    def check_perm(self, page):
        from content.models import GuidePage

        specific = page.specific_deferred
        return (
            isinstance(specific, GuidePage)
            and not specific.alias_of_id
            and not is_guarded(specific)
            and can_machine_translate(self.request.user, specific)
        )

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "locales": self.cleaned_form.cleaned_data["locales"],
        }

    @classmethod
    def execute_action(cls, objects, locales=(), user=None, **kwargs):
        result = start_bulk_machine_translation(objects, locales, user=user)
        return len(result.started), len(result.already_queued)

    def get_success_message(self, num_parent_objects, num_child_objects):
        message = f"Started {num_parent_objects} machine-translation job(s)."
        if num_child_objects:
            message += f" {num_child_objects} already queued or running, not repeated."
        return message

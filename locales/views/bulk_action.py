"""Pages → select guides → "Machine-translate": Wagtail's bulk action for the page listing."""

from __future__ import annotations

from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction

from locales.machine_translation.bulk import (
    machine_translate_refusal,
    start_bulk_machine_translation,
)
from locales.views.forms import BulkMachineTranslateForm


class MachineTranslateBulkAction(PageBulkAction):
    display_name = "Machine-translate"
    action_type = "machine_translate"
    aria_label = "Machine-translate selected guides"
    template_name = "locales/bulk_machine_translate.html"
    action_priority = 60
    form_class = BulkMachineTranslateForm

    def check_perm(self, page):
        return machine_translate_refusal(page.specific_deferred, self.request.user) is None

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

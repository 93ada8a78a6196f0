"""Pages → select guides → "Machine-translate": Wagtail's bulk action for the page listing."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction

from locales.machine_translation.bulk import (
    machine_translate_refusal,
    start_bulk_machine_translation,
)
from locales.machine_translation.bulk_words import started_summary
from locales.views.forms import BulkMachineTranslateForm


class MachineTranslateBulkAction(PageBulkAction):
    display_name = gettext_lazy("Machine-translate")
    action_type = "machine_translate"
    aria_label = gettext_lazy("Machine-translate selected guides")
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
        return started_summary(num_parent_objects, num_child_objects)

"""The admin home panel: sign-off states per locale, each a link to the filtered report."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from wagtail.admin.ui.components import Component

from content.locale_hooks import locale_registry as get_registry

from .report import STATES, locale_name, report_rows, totals
from .states import ReviewState


def report_url(**params: str) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("clinical:report") + (f"?{query}" if query else "")


class MedicalReviewPanel(Component):
    name = "medical_review"
    template_name = "clinical/dashboard_panel.html"
    order = 125

    def get_context_data(self, parent_context):
        from .views.report import source_guides

        context = super().get_context_data(parent_context)
        counts = totals(
            report_rows(
                source_guides().only("id", "translation_key", "medical_review_interval_days")
            )
        )
        context["locales"] = [
            {
                "code": info.code,
                "name": locale_name(info),
                "items": [
                    {
                        "state": state,
                        "label": ReviewState.labels[state],
                        "count": counts[info.code][state],
                        "text": ReviewState.counted(state, counts[info.code][state]),
                        "url": report_url(locale=info.code, state=state),
                    }
                    for state in STATES
                    if counts.get(info.code, {}).get(state)
                ],
            }
            for info in get_registry().all
            if info.code in counts
        ]
        return context

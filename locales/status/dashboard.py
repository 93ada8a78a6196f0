"""The admin home panel: per-locale totals of the translation status, for the user's locales."""

from __future__ import annotations

from wagtail.admin.ui.components import Component

from locales.review.permissions import reviewable_locales
from locales.status.report import CellState, source_guides, translation_status

# What a reviewer acts on, in the order the panel names it.
_SHOWN = [
    (CellState.MACHINE_DRAFT, "draft to review", "drafts to review"),
    (CellState.LIVE_DRAFT_PENDING, "newer draft to review", "newer drafts to review"),
    (CellState.READY, "ready to publish", "ready to publish"),
    (CellState.LIVE_OUTDATED, "outdated", "outdated"),
    (CellState.JOB_FAILED, "failed job", "failed jobs"),
    (CellState.JOB_RUNNING, "job running", "jobs running"),
    (CellState.NOT_STARTED, "not started", "not started"),
    (CellState.LIVE, "live", "live"),
]


class TranslationStatusPanel(Component):
    name = "translation_status"
    template_name = "locales/dashboard_panel.html"
    order = 120

    def get_context_data(self, parent_context):
        from locales.views.status_report import report_url

        context = super().get_context_data(parent_context)
        locales = reviewable_locales(parent_context["request"].user)
        matrix = translation_status(
            source_guides().only("id", "translation_key", "locale_id"), locales
        )
        context["locales"] = [
            {
                "code": info.code,
                "name": info.english_name,
                "url": report_url(locale=info.code),
                "items": [
                    {
                        "count": matrix.totals[info.code][state],
                        "text": one if matrix.totals[info.code][state] == 1 else many,
                        "state": state,
                        "url": report_url(locale=info.code, state=state),
                    }
                    for state, one, many in _SHOWN
                    if matrix.totals[info.code][state]
                ],
            }
            for info in locales
        ]
        return context

"""The admin home panel: per-locale totals of the translation status, for the user's locales."""

from __future__ import annotations

from django.utils.translation import ngettext_lazy
from wagtail.admin.ui.components import Component

from locales.review.permissions import reviewable_locales
from locales.status.report import CellState, source_guides, translation_status

# What a reviewer acts on, in the order the panel names it.
# Each a whole phrase with its number, so every language can agree the words with it.
_SHOWN = [
    (
        CellState.MACHINE_DRAFT,
        ngettext_lazy("%(count)s draft to review", "%(count)s drafts to review", "count"),
    ),
    (
        CellState.LIVE_DRAFT_PENDING,
        ngettext_lazy(
            "%(count)s newer draft to review", "%(count)s newer drafts to review", "count"
        ),
    ),
    (
        CellState.READY,
        ngettext_lazy("%(count)s ready to publish", "%(count)s ready to publish", "count"),
    ),
    (CellState.LIVE_OUTDATED, ngettext_lazy("%(count)s outdated", "%(count)s outdated", "count")),
    (CellState.JOB_FAILED, ngettext_lazy("%(count)s failed job", "%(count)s failed jobs", "count")),
    (
        CellState.JOB_RUNNING,
        ngettext_lazy("%(count)s job running", "%(count)s jobs running", "count"),
    ),
    (
        CellState.NOT_STARTED,
        ngettext_lazy("%(count)s not started", "%(count)s not started", "count"),
    ),
    (CellState.LIVE, ngettext_lazy("%(count)s live", "%(count)s live", "count")),
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
                        "text": words % {"count": matrix.totals[info.code][state]},
                        "state": state,
                        "url": report_url(locale=info.code, state=state),
                    }
                    for state, words in _SHOWN
                    if matrix.totals[info.code][state]
                ],
            }
            for info in locales
        ]
        return context

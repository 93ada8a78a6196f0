"""Reports → Translation status: every source guide by target locale, with the next step.

A Wagtail `ReportView` (filters, search, pagination, CSV/XLSX export). The whole
matrix comes from `locales.status.report.translation_status` in a fixed number of queries;
the state filter and the per-locale totals work on that matrix, and only the page of
rows being shown gets its action links.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict
from urllib.parse import urlencode

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView

from content.models import GuidePage
from locales.locale_names import display_name
from locales.registry import get_registry
from locales.review.permissions import reviewable_locales
from locales.status.report import (
    Cell,
    CellState,
    GuideRow,
    StatusMatrix,
    source_guides,
    translation_status,
)


def _target_choices():
    return [(info.code, f"{display_name(info)} ({info.code})") for info in get_registry().targets]


class TranslationStatusFilterSet(WagtailFilterSet):
    # Both narrow the matrix, not the guide queryset: the view applies them.
    locale = django_filters.ChoiceFilter(
        label=gettext_lazy("Locale"),
        choices=_target_choices,
        empty_label=gettext_lazy("All locales"),
        method="keep",
    )
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"),
        choices=CellState.choices,
        empty_label=gettext_lazy("Any state"),
        method="keep",
    )

    class Meta:
        model = GuidePage
        fields: list[str] = []

    def keep(self, queryset, name, value):
        return queryset


def report_url(**params: str) -> str:
    """The report filtered by `params` (locale=, state=), for links from cells and panels."""
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("locales:translation_status") + (f"?{query}" if query else "")


def cell_action(cell: Cell) -> tuple[str, str]:
    """(label, url) of the step that moves this cell on."""
    translate = reverse("locales:machine_translate", args=[cell.guide_id]) + f"?locale={cell.code}"
    review = reverse("locales:review", args=[cell.translation_id]) if cell.translation_id else ""
    if cell.state == CellState.JOB_RUNNING and cell.job is not None:
        return _("Follow job"), reverse("locales:job", args=[cell.job.id])
    if cell.state == CellState.JOB_FAILED:
        return _("Retry"), translate
    if cell.state == CellState.NOT_STARTED or not review:
        return pgettext("status cell action", "Machine-translate"), translate
    if cell.state == CellState.LIVE_OUTDATED:
        return _("Update draft"), translate
    if cell.state == CellState.READY:
        return _("Publish"), review + "#publish"
    if cell.state == CellState.LIVE:
        return _("Open review"), review
    return _("Review"), review


class TranslationStatusReportView(ReportView):
    page_title = gettext_lazy("Translation status")
    header_icon = "site"
    template_name = "locales/status_report.html"
    results_template_name = "locales/status_report_results.html"
    index_url_name = "locales:translation_status"
    index_results_url_name = "locales:translation_status_results"
    filterset_class = TranslationStatusFilterSet
    is_searchable = True
    search_fields = ["title"]
    search_backend_name = None  # plain icontains on the title
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not self.user_locales:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def user_locales(self):
        return reviewable_locales(self.request.user)

    @cached_property
    def shown_locales(self):
        wanted = self.filters.form.cleaned_data.get("locale") if self.filters.is_valid() else ""
        return [info for info in self.user_locales if not wanted or info.code == wanted]

    @cached_property
    def wanted_state(self) -> str:
        return (
            (self.filters.form.cleaned_data.get("state") or "") if self.filters.is_valid() else ""
        )

    def get_base_queryset(self):
        return source_guides().only(
            "id", "title", "draft_title", "slug", "translation_key", "locale_id", "live",
            "medical_review_interval_days",
        )  # fmt: skip

    def get_filtered_queryset(self):
        self.matrix: StatusMatrix = translation_status(
            super().get_filtered_queryset(), self.shown_locales
        )
        if not self.wanted_state:
            return self.matrix.rows
        return [
            row
            for row in self.matrix.rows
            if any(cell.state == self.wanted_state for cell in row.cells.values())
        ]

    @cached_property
    def medical(self):
        """Sign-off state and readability per (guide, locale), from clinical/ (fixed queries)."""
        from clinical.selectors import review_matrix

        return review_matrix([row.guide for row in self.matrix.rows], self.shown_locales)

    def decorate_paginated_queryset(self, object_list):
        codes = self.matrix.codes
        for row in object_list:
            row.display_cells = []
            for cell in row.cell_list(codes):
                label, url = cell_action(cell)
                medical = self.medical[(row.guide.translation_key, cell.code)]
                row.display_cells.append(
                    {"cell": cell, "action": label, "url": url, "medical": medical}
                )
        return object_list

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        query = self.request.GET.copy()
        for key in ("_w_filter_fragment", "export"):
            query.pop(key, None)
        context.update(
            return_url=self.index_url + (f"?{query.urlencode()}" if query else ""),
            locales=self.shown_locales,
            totals=self.totals(),
            states=CellState.choices,
            poll_interval_ms=2000,
        )
        return context

    def totals(self) -> list[dict]:
        """One row per state, one cell per shown locale, each linking to the filtered report."""
        return [
            {
                "state": state,
                "label": label,
                "items": [
                    {
                        "code": info.code,
                        "count": self.matrix.totals[info.code][state],
                        "url": report_url(locale=info.code, state=state),
                    }
                    for info in self.shown_locales
                ],
            }
            for state, label in CellState.choices
        ]

    # --- CSV / XLSX export (Wagtail's SpreadsheetExportMixin) -------------------------------

    @property
    def list_export(self):
        codes = [info.code for info in self.shown_locales]
        return ["title", "slug", *codes, *(f"{code}:sign_off" for code in codes)]

    @property
    def export_headings(self):
        return {
            "title": _("Guide"),
            "slug": _("Slug"),
            **{info.code: f"{display_name(info)} ({info.code})" for info in self.shown_locales},
            **{
                f"{info.code}:sign_off": _("%(language)s (%(code)s) medical sign-off")
                % {"language": display_name(info), "code": info.code}
                for info in self.shown_locales
            },
        }

    def to_row_dict(self, item: GuideRow):
        row = OrderedDict(title=item.guide.title, slug=item.guide.slug)
        for code in self.matrix.codes:
            row[code] = item.cells[code].text
        for code in self.matrix.codes:
            row[f"{code}:sign_off"] = self.medical[(item.guide.translation_key, code)].status.label
        return row

    def get_filename(self):
        return f"translation-status-{datetime.date.today():%Y-%m-%d}"

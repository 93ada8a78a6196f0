"""Reports → Medical review: every guide x locale, its sign-off state and readability.

A Wagtail `ReportView` (filters by locale and state, title search, pagination, CSV/XLSX
export) over `clinical.report.report_rows`, which reads everything in a fixed number of
queries whatever the number of guides.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView

from clinical.report import STATES, ReportRow, locale_name, report_rows, totals
from clinical.states import ReviewState
from content.locale_hooks import locale_registry as get_registry
from content.models import GuidePage

VIEW_PERMISSIONS = ("clinical.sign_off_medically", "clinical.view_medicalsignoff")


def can_view_report(user) -> bool:
    return user.is_active and (user.is_superuser or any(user.has_perm(p) for p in VIEW_PERMISSIONS))


def _locale_choices():
    return [(info.code, f"{locale_name(info)} ({info.code})") for info in get_registry().all]


class MedicalReviewFilterSet(WagtailFilterSet):
    locale = django_filters.ChoiceFilter(
        label=_("Locale"), choices=_locale_choices, empty_label=_("All locales"), method="keep"
    )
    state = django_filters.ChoiceFilter(
        label=_("Sign-off"), choices=ReviewState.choices, empty_label=_("Any state"), method="keep"
    )

    class Meta:
        model = GuidePage
        fields: list[str] = []

    def keep(self, queryset, name, value):
        return queryset  # both narrow the rows, which the view builds


def source_guides():
    source = get_registry().source
    return GuidePage.objects.filter(locale__language_code=source.django_code).order_by(
        "title", "pk"
    )


def _in_language(lines, language):
    while True:
        with translation.override(language):
            line = next(lines, None)
        if line is None:
            return
        yield line


class MedicalReviewReportView(ReportView):
    page_title = _("Medical review")
    header_icon = "doc-full-inverse"
    template_name = "clinical/report.html"
    results_template_name = "clinical/report_results.html"
    index_url_name = "clinical:report"
    index_results_url_name = "clinical:report_results"
    filterset_class = MedicalReviewFilterSet
    is_searchable = True
    search_fields = ["title"]
    search_backend_name = None
    paginate_by = 100

    def dispatch(self, request, *args, **kwargs):
        if not can_view_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _filter(self, name: str) -> str:
        return (self.filters.form.cleaned_data.get(name) or "") if self.filters.is_valid() else ""

    @cached_property
    def shown_locales(self):
        wanted = self._filter("locale")
        return [info for info in get_registry().all if not wanted or info.code == wanted]

    def get_base_queryset(self):
        return source_guides().only(
            "id", "title", "draft_title", "slug", "translation_key", "locale_id",
            "medical_review_interval_days",
        )  # fmt: skip

    def get_filtered_queryset(self):
        rows = report_rows(super().get_filtered_queryset(), self.shown_locales)
        self.totals = totals(rows)
        wanted = self._filter("state")
        return [row for row in rows if not wanted or row.state == wanted]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["states"] = [(s, ReviewState.labels[s]) for s in STATES]
        context["totals"] = [
            {
                "code": info.code,
                "name": locale_name(info),
                "counts": [self.totals.get(info.code, {}).get(s, 0) for s in STATES],
            }
            for info in self.shown_locales
        ]
        context["sign_off_url"] = reverse("clinical:sign_off", args=[0]).removesuffix("0/")
        return context

    # --- CSV / XLSX export ---------------------------------------------------------------

    list_export = [
        "title", "slug", "locale", "state", "reviewer", "credentials", "last_reviewed",
        "next_review_due", "readability_formula", "readability_grade", "above_target",
    ]  # fmt: skip
    export_headings = {
        "title": _("Guide"), "slug": _("Slug"), "locale": _("Locale"), "state": _("Sign-off"),
        "reviewer": _("Reviewer"), "credentials": _("Credentials"),
        "last_reviewed": _("Last reviewed"), "next_review_due": _("Next review due"),
        "readability_formula": _("Readability formula"),
        "readability_grade": _("Readability grade"), "above_target": _("Above target grade"),
    }  # fmt: skip

    def stream_csv(self, queryset):
        """Wagtail streams the CSV after the view has returned, when the admin's language is
        no longer active: each line is written in the language of the request, as the XLSX
        (built inside the view) is."""
        return _in_language(super().stream_csv(queryset), translation.get_language())

    def to_row_dict(self, item: ReportRow):
        sign_off = item.sign_off
        due = item.cell.status.next_due
        return OrderedDict(
            title=item.guide.title,
            slug=item.guide.slug,
            locale=item.locale.code,
            state=item.label,
            reviewer=sign_off.reviewer_name if sign_off else "",
            credentials=sign_off.credentials if sign_off else "",
            last_reviewed=sign_off.reviewed_on.isoformat() if sign_off else "",
            next_review_due=due.isoformat() if due else "",
            readability_formula=item.cell.readability.get("formula", ""),
            readability_grade="" if item.grade is None else item.grade,
            # Translators: the "Above target grade" column of the report's CSV/XLSX export.
            above_target=str(_("yes")) if item.above_target else "",
        )

    def get_filename(self):
        return f"medical-review-{datetime.date.today():%Y-%m-%d}"

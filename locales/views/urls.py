"""Admin URLs of the translation workflow, mounted by wagtail_hooks under /admin/translations/."""

from django.urls import path

from locales.views import bulk, machine_translate, reports, review, status_report, xliff

app_name = "locales"

urlpatterns = [
    path(
        "machine-translate/<int:page_id>/",
        machine_translate.machine_translate,
        name="machine_translate",
    ),
    path("jobs/<int:job_id>/", machine_translate.job_detail, name="job"),
    path("jobs/<int:job_id>/status/", machine_translate.job_status, name="job_status"),
    path("review/<int:translation_id>/", review.review, name="review"),
    path("review/<int:translation_id>/action/", review.review_action, name="review_action"),
    path("reports/outdated/", reports.outdated_report, name="outdated_report"),
    path(
        "reports/status/",
        status_report.TranslationStatusReportView.as_view(),
        name="translation_status",
    ),
    path(
        "reports/status/results/",
        status_report.TranslationStatusReportView.as_view(results_only=True),
        name="translation_status_results",
    ),
    path("bulk-translate/", bulk.bulk_translate, name="bulk_translate"),
    path("xliff/export/", xliff.export_view, name="xliff_export"),
    path("xliff/import/", xliff.import_view, name="xliff_import"),
]

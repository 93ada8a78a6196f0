"""Admin URLs of the translation workflow, mounted by wagtail_hooks under /admin/translations/."""

from django.urls import path

from . import machine_translate, reports, review

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
]

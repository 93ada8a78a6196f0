"""Admin URLs of clinical review, mounted under /admin/clinical/ by wagtail_hooks."""

from django.urls import path

from clinical.views import report, sign_off

app_name = "clinical"
urlpatterns = [
    path("sign-off/<int:page_id>/", sign_off.sign_off, name="sign_off"),
    path("report/", report.MedicalReviewReportView.as_view(), name="report"),
    path(
        "report/results/",
        report.MedicalReviewReportView.as_view(results_only=True),
        name="report_results",
    ),
]

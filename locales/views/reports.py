"""Reports menu: guides whose translations fell behind their source."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from locales.review.selectors import outdated_translations


def outdated_report(request):
    if not request.user.has_perm("locales.review_translation") and not request.user.is_superuser:
        raise PermissionDenied
    return TemplateResponse(
        request,
        "locales/outdated_report.html",
        {"rows": outdated_translations(), "page_title": _("Outdated translations")},
    )

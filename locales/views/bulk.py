"""Start machine translation for the guides and locales selected in the status report."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from locales.machine_translation.bulk import start_bulk_machine_translation
from locales.machine_translation.providers.errors import UnknownProvider
from locales.registry import UnknownLocale
from locales.views.status_report import report_url

MAX_ID = 2**31 - 1  # a page id is a 32-bit integer column


def selected_ids(values: list[str]) -> list[int]:
    """The page ids among posted values: ASCII digits within the column's range. Anything
    else (`²` passes str.isdigit but not int(); an id past the range overflows SQLite's
    and PostgreSQL's integers: both were 500s) is no page anyone could have selected."""
    return [int(v) for v in values if v.isascii() and v.isdigit() and 0 < int(v) <= MAX_ID]


def _next_url(request) -> str:
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return report_url()


@require_POST
def bulk_translate(request):
    ids = selected_ids(request.POST.getlist("guides"))
    if not ids:
        messages.error(request, _("Select at least one guide."))
        return redirect(_next_url(request))
    try:
        result = start_bulk_machine_translation(
            Page.objects.filter(pk__in=ids).order_by("title"),
            request.POST.getlist("locales"),
            user=request.user,
        )
    except (UnknownLocale, UnknownProvider) as exc:
        messages.error(request, _("Nothing was started: %(reason)s.") % {"reason": exc})
    else:
        (messages.success if result.started else messages.warning)(request, result.summary())
    return redirect(_next_url(request))

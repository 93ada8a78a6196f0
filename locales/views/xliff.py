"""Download guides as XLIFF 1.2 for an agency, and upload the agency's file back."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Page
from wagtail_localize.models import Translation

from locales.handoff import INSTALL_HINT, xliff_available
from locales.machine_translation.drafts import DraftError
from locales.registry import UnknownLocale
from locales.review.permissions import can_review, can_review_locale, reviewable_locales
from locales.views.bulk import _next_url, selected_ids

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _unavailable(request):
    """Without the optional extra the buttons still show; they say what to install."""
    messages.error(request, INSTALL_HINT)
    return redirect(_next_url(request))


@require_POST
def export_view(request):
    if not xliff_available():
        return _unavailable(request)
    from locales.handoff.export import export_filename, export_xliff
    from locales.handoff.format import CONTENT_TYPE

    codes = request.POST.getlist("locales")
    ids = selected_ids(request.POST.getlist("guides"))
    if len(codes) != 1 or not ids:
        messages.error(request, _("To export XLIFF, select guides and exactly one target locale."))
        return redirect(_next_url(request))
    try:
        if not can_review_locale(request.user, codes[0]):
            raise PermissionDenied
        pages = list(Page.objects.filter(pk__in=ids).order_by("title"))
        data = export_xliff(pages, codes[0])
    except (DraftError, UnknownLocale) as exc:
        messages.error(request, _("Nothing was exported: %(reason)s") % {"reason": exc})
        return redirect(_next_url(request))
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(pages, codes[0])}"'
    return response


class XliffUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("XLIFF file"),
        help_text=gettext_lazy("The .xlf/.xliff file the agency returned."),
    )


def import_view(request):
    if not reviewable_locales(request.user):
        raise PermissionDenied
    if not xliff_available():
        return _unavailable(request)
    from locales.handoff.importing import XliffImportError, import_xliff

    expected = None
    if request.GET.get("translation"):  # the review screen's import: that translation only
        ids = selected_ids([request.GET["translation"]])
        if not ids:
            raise Http404(_("No such translation."))
        expected = get_object_or_404(
            Translation.objects.select_related("source", "target_locale"), pk=ids[0]
        )
        if not can_review(request.user, expected):
            raise PermissionDenied
    form = XliffUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            problems = [
                _("The file is larger than %(size)s MB.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            ]
        else:
            try:
                result = import_xliff(
                    upload.read(), user=request.user, expected=expected, source_name=upload.name
                )
            except XliffImportError as exc:
                problems = exc.problems
            else:
                messages.success(request, result.summary())
                if len(result.translations) == 1:
                    return redirect("locales:review", result.translations[0].translation.pk)
                return redirect("locales:translation_status")
    title = _("Import XLIFF")
    if expected is not None:
        title = _("Import XLIFF: %(guide)s (%(locale)s)") % {
            "guide": expected.source.object_repr,
            "locale": expected.target_locale.language_code,
        }
    return TemplateResponse(
        request,
        "locales/xliff_import.html",
        {"form": form, "problems": problems, "expected": expected, "page_title": title},
        status=400 if problems else 200,
    )

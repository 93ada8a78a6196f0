"""Medical sign-off of one guide page (one locale): its status, its history, the form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from clinical.forms import SignOffForm
from clinical.readability import page_readability
from clinical.report import locale_name
from clinical.selectors import page_review_status, sign_off_history, today
from clinical.services import SignOffRefused, can_sign_off, record_sign_off, reviewer_identity
from content.locale_hooks import describe_locale
from content.models import GuidePage


def _locale_name(page) -> str:
    """The page's language in the admin's language ("Español" for a Spanish reviewer)."""
    info = describe_locale(page.locale.language_code)
    return locale_name(info) if info is not None else page.locale.get_display_name()


def sign_off(request, page_id: int):
    page = get_object_or_404(GuidePage.objects.select_related("locale"), pk=page_id)
    if not can_sign_off(request.user):
        raise PermissionDenied
    name, credentials = reviewer_identity(request.user)
    form = SignOffForm(
        request.POST or None, initial={"reviewed_on": today(), "credentials": credentials}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_sign_off(
                page,
                request.user,
                reviewed_on=data["reviewed_on"],
                credentials=data["credentials"],
                notes=data["notes"],
                evidence=data["evidence"],
                recorded_by=request.user,
            )
        except SignOffRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Medical sign-off of “%(title)s” (%(locale)s) recorded for %(name)s.")
                % {"title": page.title, "locale": page.locale.language_code, "name": name},
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
    latest = page.get_latest_revision_as_object()
    return TemplateResponse(
        request,
        "clinical/sign_off.html",
        {
            "page": page,
            "locale_name": _locale_name(page),
            "form": form,
            "reviewer_name": name,
            "status": page_review_status(latest),
            "history": sign_off_history(page.translation_key, page.locale_id)[:20],
            "readability": page_readability(latest),
            "page_title": _("Medical sign-off: %(title)s (%(locale)s)")
            % {"title": page.title, "locale": page.locale.language_code},
        },
    )

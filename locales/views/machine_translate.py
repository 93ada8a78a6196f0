"""Start a machine-translation job for a source guide and follow its progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail_localize.models import Translation

from locales.machine_translation.jobs import TranslationJob
from locales.machine_translation.providers.errors import UnknownProvider
from locales.machine_translation.recovery import recover
from locales.machine_translation.tasks import start_machine_translation
from locales.registry import UnknownLocale, get_registry
from locales.review.permissions import can_machine_translate
from locales.views.forms import MachineTranslateForm
from locales.views.job_words import job_title, progress_text, review_link_text, status_text


def machine_translate(request, page_id: int):
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_machine_translate(request.user, page):
        raise PermissionDenied
    form = MachineTranslateForm(
        request.POST or None, initial={"locales": request.GET.getlist("locale")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = start_machine_translation(page, form.cleaned_data["locales"], user=request.user)
        except (UnknownLocale, UnknownProvider) as exc:
            messages.error(request, str(exc))
        else:
            return redirect("locales:job", job.pk)
    return TemplateResponse(
        request,
        "locales/machine_translate.html",
        {
            "page": page,
            "form": form,
            "page_title": _("Machine-translate “%(title)s”") % {"title": page.title},
        },
    )


def _job_for(request, job_id: int) -> TranslationJob:
    job = get_object_or_404(TranslationJob.objects.select_related("page"), pk=job_id)
    if not can_machine_translate(request.user, job.page.specific):
        raise PermissionDenied
    recover(job)  # a run whose process died ends as failed, with a message
    return job


def _review_links(job: TranslationJob) -> list[dict]:
    registry = get_registry()
    links = []
    for code in job.done_locales:
        translation = Translation.objects.filter(
            source__object_id=job.page.translation_key,
            target_locale__language_code=registry.get(code).django_code,
        ).first()
        if translation is not None:
            links.append(
                {
                    "code": code,
                    "url": reverse("locales:review", args=[translation.pk]),
                    "label": review_link_text(code),
                }
            )
    return links


def job_detail(request, job_id: int):
    job = _job_for(request, job_id)
    return TemplateResponse(
        request,
        "locales/job.html",
        {
            "job": job,
            "links": _review_links(job),
            "status_text": status_text(job),
            "progress_text": progress_text(job),
            "page_title": job_title(job.page.title),
        },
    )


def job_status(request, job_id: int):
    """Polled by the job page until the job finishes."""
    job = _job_for(request, job_id)
    return JsonResponse(
        {
            **job.as_dict(),
            "status_text": status_text(job),
            "progress_text": progress_text(job),
            "review_links": _review_links(job),
        }
    )

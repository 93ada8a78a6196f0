"""wagtail-localize's own "Machine translate" button, routed through the project's pipeline.

Its stock view sends every untranslated segment to the translator, the URL slug included
(a pseudo-translated slug became `exosoe-hair-loss` on live pages), and stores the
answers with no review record. This view answers the same URL instead (registered ahead
of wagtail-localize's, see wagtail_hooks.py) and starts the same job as Actions →
Machine-translate: same providers, protection, review states and provenance, never the
slug, and only for people who may machine-translate the source guide.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail_localize.models import Translation

from locales.machine_translation.providers.errors import UnknownProvider
from locales.machine_translation.tasks import start_machine_translation
from locales.registry import UnknownLocale, get_registry
from locales.review.permissions import can_machine_translate


@require_POST
def localize_machine_translate(request, translation_id: int):
    from content.models import GuidePage

    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"), pk=translation_id
    )
    back = get_valid_next_url_from_request(request) or "wagtailadmin_home"
    try:
        source = translation.source.get_source_instance()
    except ObjectDoesNotExist:
        source = None
    if not isinstance(source, GuidePage):
        messages.error(
            request,
            _(
                "Machine translation runs through the guide review pipeline; this item is "
                "not a guide, so translate it by hand."
            ),
        )
        return redirect(back)
    if not can_machine_translate(request.user, source):
        raise PermissionDenied
    info = get_registry().find(translation.target_locale.language_code)
    if info is None or info.is_source:
        messages.error(request, _("This locale is not a translation target of the project."))
        return redirect(back)
    try:
        job = start_machine_translation(source, [info.code], user=request.user)
    except (UnknownLocale, UnknownProvider) as exc:
        messages.error(request, str(exc))
        return redirect(back)
    return redirect("locales:job", job.pk)

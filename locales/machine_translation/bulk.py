"""Bulk machine translation: one background job per (guide, locale).

The report's selection and the page listing's bulk action both call
`start_bulk_machine_translation`. Every pair becomes its own `TranslationJob` (so the
report shows progress and failure per cell) run by the existing task (`tasks.run_job`
→ `drafts.create_machine_draft`), which never overwrites reviewed wording.

Duplicates are refused by the database, not by a check in Python: the partial unique
constraint `one_active_job_per_guide_locale` allows one queued or running job per guide
and locale, so a second click while jobs are queued, or two requests at the same
moment, insert nothing for the pairs already queued (each insert runs in a savepoint
and its IntegrityError means "already queued").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail.models import Page

from locales.gate.guard import is_guarded
from locales.machine_translation.jobs import ACTIVE_STATUSES, TranslationJob
from locales.machine_translation.providers import get_provider
from locales.machine_translation.tasks import enqueue_on_commit
from locales.registry import UnknownLocale, get_registry
from locales.review.permissions import can_machine_translate


@dataclass
class BulkResult:
    started: list[TranslationJob] = field(default_factory=list)
    already_queued: list[tuple[Page, str]] = field(default_factory=list)
    refused: list[tuple[Page, str]] = field(default_factory=list)  # (page, reason)

    def summary(self) -> str:
        from locales.machine_translation.bulk_words import refused_line, started_summary

        parts = [started_summary(len(self.started), len(self.already_queued))]
        parts.extend(refused_line(page.title, reason) for page, reason in self.refused)
        return " ".join(parts)


def machine_translate_refusal(page: Page, user) -> str | None:
    """Why this page cannot be machine-translated by `user` (None: it can)."""
    from content.models import GuidePage

    if not isinstance(page, GuidePage) or page.alias_of_id:
        return _("not a guide.")
    if is_guarded(page):
        return _("a translation; choose its source guide.")
    if user is not None and not can_machine_translate(user, page):
        return _("you may not edit this guide.")
    return None


def _covered_by_multi_locale_job(page_ids: list[int]) -> set[tuple[int, str]]:
    """Pairs an active job of the single-guide form (several locales in one job) covers."""
    covered = set()
    for job in TranslationJob.objects.filter(
        page_id__in=page_ids, locale="", status__in=ACTIVE_STATUSES
    ).only("page_id", "target_locales", "done_locales"):
        covered |= {(job.page_id, c) for c in job.target_locales if c not in job.done_locales}
    return covered


@transaction.atomic
def start_bulk_machine_translation(
    pages: Iterable[Page],
    targets: Sequence[str],
    *,
    user=None,
    provider: str | None = None,
) -> BulkResult:
    """Queue one job per (guide, target locale); jobs start when this transaction commits.

    Raises UnknownLocale / UnknownProvider before anything is written.
    """
    registry = get_registry()
    codes = list(dict.fromkeys(registry.get(code).code for code in targets))
    if not codes:
        raise UnknownLocale(_("choose at least one target locale"))
    for code in codes:
        if registry.get(code).is_source:
            raise UnknownLocale(
                _("%(code)s is the source locale; choose a target locale") % {"code": code}
            )
    get_provider(provider)

    result = BulkResult()
    guides = []
    for page in pages:
        page = page.specific
        reason = machine_translate_refusal(page, user)
        if reason:
            result.refused.append((page, reason))
        else:
            guides.append(page)
    covered = _covered_by_multi_locale_job([page.pk for page in guides])
    creator = user if user is not None and user.is_authenticated else None
    for page in guides:
        for code in codes:
            if (page.pk, code) in covered:
                result.already_queued.append((page, code))
                continue
            try:
                with transaction.atomic():  # a savepoint: the failed insert alone rolls back
                    job = TranslationJob.objects.create(
                        page=page,
                        locale=code,
                        target_locales=[code],
                        provider=provider or "",
                        created_by=creator,
                    )
            except IntegrityError:
                result.already_queued.append((page, code))
                continue
            enqueue_on_commit(job)
            result.started.append(job)
    return result

"""Where every guide stands in every target locale: the translation status matrix.

One cell per (source guide, target locale), in a fixed number of queries whatever the
number of guides: the translations, the target pages, the latest jobs and the segment
counts (`segment_counts`, one SQL statement) are each fetched once for all guides, and
the cell states are decided here in Python from those rows. The report, its export and
the dashboard panel read this; none of them queries per cell.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext, gettext_lazy, ngettext
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

from locales.machine_translation.jobs import ACTIVE_STATUSES, JobStatus, TranslationJob
from locales.registry import LocaleInfo, get_registry
from locales.status.counts import SegmentCounts, segment_counts


class CellState:
    """The states of a cell, in the order the report lists them."""

    NOT_STARTED = "not_started"
    JOB_RUNNING = "job_running"
    JOB_FAILED = "job_failed"
    MACHINE_DRAFT = "machine_draft"
    READY = "ready"
    LIVE = "live"
    LIVE_OUTDATED = "live_outdated"
    LIVE_DRAFT_PENDING = "live_draft_pending"

    labels = {
        NOT_STARTED: gettext_lazy("Not started"),
        JOB_RUNNING: gettext_lazy("Job running"),
        JOB_FAILED: gettext_lazy("Job failed"),
        MACHINE_DRAFT: gettext_lazy("Machine draft"),
        READY: gettext_lazy("Ready to publish"),
        LIVE: gettext_lazy("Live"),
        LIVE_OUTDATED: gettext_lazy("Live · outdated"),
        LIVE_DRAFT_PENDING: gettext_lazy("Live · newer draft pending"),
    }
    choices = list(labels.items())


@dataclass(frozen=True, slots=True)
class JobInfo:
    id: int
    status: str
    percent: int
    message: str
    finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class Cell:
    guide_id: int
    code: str
    state: str
    translation_id: int | None = None
    target_page_id: int | None = None
    counts: SegmentCounts | None = None
    job: JobInfo | None = None

    @property
    def label(self) -> str:
        return str(CellState.labels[self.state])

    @property
    def detail(self) -> str:
        """The short text after the state: progress, message or segment counts."""
        if self.state == CellState.JOB_RUNNING and self.job is not None:
            if self.job.status == JobStatus.QUEUED:
                return gettext("queued")
            return gettext("%(percent)s%%") % {"percent": self.job.percent}
        if self.state == CellState.JOB_FAILED and self.job is not None:
            return self.job.message
        if self.counts is None:
            return ""
        if self.state in {CellState.MACHINE_DRAFT, CellState.LIVE_DRAFT_PENDING}:
            return gettext("reviewed %(reviewed)s of %(total)s") % {
                "reviewed": self.counts.reviewed,
                "total": self.counts.total,
            }
        if self.state == CellState.LIVE_OUTDATED:
            return ngettext("%(count)s segment", "%(count)s segments", self.counts.stale) % {
                "count": self.counts.stale
            }
        return ""

    @property
    def text(self) -> str:
        """One line for exports: "Machine draft (reviewed 3 of 36)"."""
        if not self.detail:
            return self.label
        return gettext("%(state)s (%(detail)s)") % {"state": self.label, "detail": self.detail}


@dataclass
class GuideRow:
    guide: Page
    cells: dict[str, Cell]

    def cell_list(self, codes: Sequence[str]) -> list[Cell]:
        return [self.cells[code] for code in codes]


@dataclass
class StatusMatrix:
    locales: list[LocaleInfo]
    rows: list[GuideRow]
    totals: dict[str, Counter] = field(default_factory=dict)  # code -> Counter(state)

    @property
    def codes(self) -> list[str]:
        return [info.code for info in self.locales]


@dataclass(frozen=True, slots=True)
class _Target:
    id: int
    live: bool
    has_unpublished_changes: bool
    latest_revision_created_at: datetime | None


_JOB_FIELDS = (
    "id", "page_id", "locale", "target_locales", "done_locales", "status", "message",
    "progress_done", "progress_total", "finished_at",
)  # fmt: skip
_TARGET_FIELDS = (
    "id", "translation_key", "locale_id", "live", "has_unpublished_changes",
    "latest_revision_created_at",
)  # fmt: skip


def _latest_jobs(page_ids: list[int]) -> dict[tuple[int, str], TranslationJob]:
    """The newest job per (guide, locale); locale "" holds the newest multi-locale job."""
    jobs = (
        TranslationJob.objects.filter(page_id__in=page_ids)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("page_id"), F("locale")], order_by=F("id").desc()
            )
        )
        .filter(rank=1)
        .only(*_JOB_FIELDS)
    )
    return {(job.page_id, job.locale): job for job in jobs}


def _job_for(jobs: dict, guide_id: int, code: str) -> TranslationJob | None:
    single = jobs.get((guide_id, code))
    multi = jobs.get((guide_id, ""))
    if multi is not None and code not in multi.target_locales:
        multi = None
    candidates = [job for job in (single, multi) if job is not None]
    return max(candidates, key=lambda job: job.pk) if candidates else None


def _job_state(job: TranslationJob | None, code: str, target: _Target | None) -> str | None:
    if job is None or code in job.done_locales:
        return None
    if job.status in ACTIVE_STATUSES:
        return CellState.JOB_RUNNING
    if job.status == JobStatus.FAILED:
        moved_on = (
            target is not None
            and target.latest_revision_created_at is not None
            and job.finished_at is not None
            and target.latest_revision_created_at > job.finished_at
        )
        return None if moved_on else CellState.JOB_FAILED
    return None


def _translation_state(target: _Target | None, counts: SegmentCounts | None) -> str:
    if target is None or counts is None:
        return CellState.LIVE if target is not None and target.live else CellState.NOT_STARTED
    if target.live:
        if counts.stale:
            return CellState.LIVE_OUTDATED
        if target.has_unpublished_changes or counts.needs_review:
            return CellState.LIVE_DRAFT_PENDING
        return CellState.LIVE
    return CellState.READY if counts.needs_review == 0 else CellState.MACHINE_DRAFT


def translation_status(
    guides: Iterable[Page], locales: Sequence[LocaleInfo] | None = None
) -> StatusMatrix:
    """The status of every guide in `guides` (source-locale pages) by `locales` (targets)."""
    guides = list(guides)
    locales = list(get_registry().targets if locales is None else locales)
    matrix = StatusMatrix(locales=locales, rows=[], totals={i.code: Counter() for i in locales})
    if not guides or not locales:
        matrix.rows = [GuideRow(guide=g, cells={}) for g in guides]
        return matrix

    wagtail_locales = {
        loc.language_code: loc.pk
        for loc in Locale.objects.filter(language_code__in=[i.django_code for i in locales])
    }
    locale_ids = {info.code: wagtail_locales.get(info.django_code) for info in locales}
    keys = {guide.translation_key: guide for guide in guides}

    translations = {
        (row["source__object_id"], row["target_locale_id"]): row["id"]
        for row in Translation.objects.filter(
            source__object_id__in=list(keys),
            source__locale_id__in={guide.locale_id for guide in guides},
            target_locale_id__in=[pk for pk in locale_ids.values() if pk],
            enabled=True,
        ).values("id", "source__object_id", "target_locale_id")
    }
    targets = {
        (row["translation_key"], row["locale_id"]): _Target(
            id=row["id"],
            live=row["live"],
            has_unpublished_changes=row["has_unpublished_changes"],
            latest_revision_created_at=row["latest_revision_created_at"],
        )
        for row in Page.objects.filter(
            translation_key__in=list(keys),
            locale_id__in=[pk for pk in locale_ids.values() if pk],
            alias_of__isnull=True,
        ).values(*_TARGET_FIELDS)
    }
    counts = segment_counts(translations.values())
    jobs = _latest_jobs([guide.pk for guide in guides])

    for guide in guides:
        cells = {}
        for info in locales:
            locale_id = locale_ids[info.code]
            translation_id = translations.get((guide.translation_key, locale_id))
            target = targets.get((guide.translation_key, locale_id))
            job = _job_for(jobs, guide.pk, info.code)
            state = _job_state(job, info.code, target) or _translation_state(
                target, counts.get(translation_id) if translation_id else None
            )
            cells[info.code] = Cell(
                guide_id=guide.pk,
                code=info.code,
                state=state,
                translation_id=translation_id,
                target_page_id=target.id if target else None,
                counts=counts.get(translation_id) if translation_id else None,
                job=JobInfo(job.pk, job.status, job.percent, job.message, job.finished_at)
                if job is not None
                else None,
            )
            matrix.totals[info.code][state] += 1
        matrix.rows.append(GuideRow(guide=guide, cells=cells))
    return matrix


def source_guides():
    """Every guide in the source locale (the report's rows), by title."""
    from content.models import GuidePage

    source = get_registry().source
    return GuidePage.objects.filter(locale__language_code=source.django_code).order_by(
        "title", "pk"
    )

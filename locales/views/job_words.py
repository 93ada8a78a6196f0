"""The job page's words, shared by the page and its polling endpoint (job.js shows what the
server wrote, so the page stays in the reviewer's language as it updates)."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_lazy, ngettext

from locales.locale_names import name_for_code
from locales.machine_translation.jobs import JobStatus, TranslationJob

STATUS_WORDS = {
    JobStatus.QUEUED: gettext_lazy("Queued"),
    JobStatus.RUNNING: gettext_lazy("Running"),
    JobStatus.SUCCEEDED: gettext_lazy("Succeeded"),
    JobStatus.FAILED: gettext_lazy("Failed"),
}


def status_text(job: TranslationJob) -> str:
    return str(STATUS_WORDS.get(job.status, job.status))


def progress_text(job: TranslationJob) -> str:
    """ "2 of 6 locales done", with the plural of the total."""
    done, total = job.progress
    return ngettext(
        "%(done)s of %(total)s locale done.", "%(done)s of %(total)s locales done.", total
    ) % {"done": done, "total": total}


def review_link_text(code: str) -> str:
    return gettext("Review %(locale)s") % {"locale": name_for_code(code)}


def job_title(title: str) -> str:
    return gettext("Machine translation of “%(title)s”") % {"title": title}

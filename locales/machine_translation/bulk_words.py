"""Sentences that report a bulk machine translation, with real plurals per language."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext


def started_summary(started: int, already_queued: int) -> str:
    """ "Started 3 machine-translation jobs. 1 already queued or running, not repeated." """
    text = ngettext(
        "Started %(count)s machine-translation job.",
        "Started %(count)s machine-translation jobs.",
        started,
    ) % {"count": started}
    if already_queued:
        text += " " + ngettext(
            "%(count)s already queued or running, not repeated.",
            "%(count)s already queued or running, not repeated.",
            already_queued,
        ) % {"count": already_queued}
    return text


def refused_line(title: str, reason: str) -> str:
    """One refused guide and why."""
    return gettext("“%(title)s”: %(reason)s") % {"title": title, "reason": reason}

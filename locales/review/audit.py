"""The review audit trail, in Wagtail's own log: every decision on a translated page's text
shows in that page's history and in Reports → Site history (filter by action or user,
export as CSV/XLSX), naming the user, the locale and the segment ("Group 2 · Q5 answer").

The services (review.py, drafts.py) call the `log_*` functions inside their own
transaction, so an entry exists exactly when the change does. A refused publish is the
exception: the guard refuses inside the publishing transaction, which then rolls back, so
the refusal is queued here and written once that transaction is over (by the service that
published, by PublishRefusalLogMiddleware at the end of any request, or on commit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from asgiref.local import Local
from django.db import connection, transaction
from wagtail import hooks
from wagtail.log_actions import LogFormatter, get_active_log_context, log
from wagtail.models import Page
from wagtail_localize.models import Translation

from locales.registry import get_registry
from locales.review.labels import label, labels_for, numbering
from locales.review.selectors import segment_rows, translation_for_page
from locales.review.state import SegmentRow

MAX_TEXT = 2000  # characters of a reviewer's wording kept in an entry's data


# --- Registered actions and their messages -------------------------------------------------


def _places(data: dict) -> str:
    return ", ".join(data.get("locations") or []) or "no segments"


def _formatter(title: str, message: Callable[[dict], str]) -> type[LogFormatter]:
    class Formatter(LogFormatter):
        label = title

        def format_message(self, log_entry):
            try:
                return message(log_entry.data)
            except (KeyError, TypeError):
                return title

    return Formatter


ACTIONS: dict[str, tuple[str, Callable[[dict], str]]] = {
    "locales.approve_segment": (
        "Translation: approve segment",
        lambda d: f"Approved “{d['location']}” ({d['locale']})",
    ),
    "locales.edit_segment": (
        "Translation: edit segment",
        lambda d: (
            f"Edited {'and approved ' if d.get('approved') else ''}“{d['location']}” "
            f"({d['locale']})"
        ),
    ),
    "locales.approve_all": (
        "Translation: approve all without warnings",
        lambda d: (
            f"Approved {d['count']} {'agency ' if d.get('origin') == 'agency' else ''}"
            f"segments without warnings ({d['locale']}): "
            f"{_places(d)}. {d['skipped']} with warnings left for review; "
            f"{d['remaining']} still need review"
        ),
    ),
    "locales.machine_draft": (
        "Translation: machine draft",
        lambda d: (
            f"Machine draft ({d['locale']}, {d['provider'] or 'no provider call'}): "
            f"{d['sent']} segments machine-translated ({_places(d)}), {d['reused']} reused "
            f"from reviewed translations, {d['kept']} kept"
        ),
    ),
    "locales.approve_page_text": (
        "Translation: approve page text",
        lambda d: f"Approved text on the page “{d['location']}” ({d['locale']}): {d['text']}",
    ),
    "locales.publish_refused": (
        "Translation: publish refused",
        lambda d: (
            f"Publish refused ({d['locale']}): {d['count']} segment"
            f"{'' if d['count'] == 1 else 's'} not reviewed ({_places(d)})"
        ),
    ),
    "locales.publish_translation": (
        "Translation: publish",
        lambda d: (
            f"Published the reviewed translation ({d['locale']}): {d['count']} reviewed segments"
        ),
    ),
    "locales.agency_import": (
        "Translation: agency import",
        lambda d: (
            f"Imported {d['count']} segments from the agency file “{d['source']}” "
            f"({d['locale']}): {_places(d)}"
            + (f"; {d['skipped']} skipped" if d.get("skipped") else "")
        ),
    ),
}


@hooks.register("register_log_actions")
def register_review_log_actions(actions) -> None:
    for action, (title, message) in ACTIONS.items():
        actions.register_action(action)(_formatter(title, message))


# --- Writing entries --------------------------------------------------------------------


def _locale_code(translation: Translation) -> str:
    info = get_registry().find(translation.target_locale.language_code)
    return info.code if info else translation.target_locale.language_code


def _page(translation: Translation) -> Page:
    """The translated page (its history is where reviewers look), else the source."""
    try:
        return translation.get_target_instance()
    except Page.DoesNotExist:
        return translation.source.get_source_instance()


def _entry(translation: Translation, action: str, user, data: dict) -> None:
    data = {"locale": _locale_code(translation), "translation": translation.pk, **data}
    log(instance=_page(translation), action=action, user=user, data=data)


def _labels(translation: Translation, rows: Iterable[SegmentRow]) -> list[str]:
    names = labels_for(translation)
    return [label(row.path, names) for row in rows]


def log_segment_approved(translation: Translation, row: SegmentRow, user) -> None:
    (where,) = _labels(translation, [row])
    _entry(
        translation, "locales.approve_segment", user, {"location": where, "segment": row.segment.pk}
    )


def log_segment_edited(
    translation: Translation, row: SegmentRow, user, *, previous: str, text: str, approved: bool
) -> None:
    (where,) = _labels(translation, [row])
    _entry(
        translation,
        "locales.edit_segment",
        user,
        {
            "location": where,
            "segment": row.segment.pk,
            "approved": approved,
            "previous": previous[:MAX_TEXT],
            "text": text[:MAX_TEXT],
        },
    )


def log_page_text_approved(translation: Translation, finding, user) -> None:
    from locales.gate.provenance import visible_text

    names = labels_for(translation)
    _entry(
        translation,
        "locales.approve_page_text",
        user,
        {"location": label(finding.path, names), "text": visible_text(finding.text)[:MAX_TEXT]},
    )


def log_approve_all(
    translation: Translation,
    approved: Sequence[SegmentRow],
    user,
    *,
    skipped: int,
    remaining: int,
    origin: str | None = None,
) -> None:
    _entry(
        translation,
        "locales.approve_all",
        user,
        {
            "origin": origin,
            "count": len(approved),
            "locations": _labels(translation, approved),
            "segments": [row.segment.pk for row in approved],
            "skipped": skipped,
            "remaining": remaining,
        },
    )


def log_machine_draft(
    translation: Translation,
    user,
    *,
    sent: Sequence[SegmentRow],
    provider: str,
    reused: int,
    kept: int,
    created: bool,
) -> None:
    _entry(
        translation,
        "locales.machine_draft",
        user,
        {
            "provider": provider,
            "sent": len(sent),
            "locations": _labels(translation, sent),
            "reused": reused,
            "kept": kept,
            "created": created,
        },
    )


def log_translation_published(page: Page, revision=None) -> None:
    """Receiver side of page_published for a translated guide (any publish path)."""
    translation = translation_for_page(page)
    if translation is None:
        return
    user = get_active_log_context().user or getattr(revision, "user", None)
    reviewed = sum(1 for row in segment_rows(translation) if not row.needs_review)
    _entry(translation, "locales.publish_translation", user, {"count": reviewed})


def log_agency_import(
    translation: Translation,
    user,
    *,
    source_name: str,
    segment_ids: Iterable[int],
    skipped: int = 0,
) -> None:
    """One entry for an XLIFF file from a translation agency (called by its import service)."""
    wanted = set(segment_ids)
    rows = [row for row in segment_rows(translation) if row.segment.pk in wanted]
    _entry(
        translation,
        "locales.agency_import",
        user,
        {
            "source": source_name,
            "count": len(rows),
            "locations": _labels(translation, rows),
            "segments": sorted(wanted),
            "skipped": skipped,
        },
    )


# --- Refused publishes: written after the refusing transaction is over --------------------

_pending = Local()


def _queue() -> list[tuple[int, int, tuple[str, ...]]]:
    if not hasattr(_pending, "refusals"):
        _pending.refusals = []
    return _pending.refusals


def note_publish_refused(page: Page, found: Sequence) -> None:
    """Called by the guard as it refuses (with the gate's findings); see the module
    docstring for when it is written."""
    entry = (page.pk, len(found), tuple(_finding_labels(page, found)))
    if not connection.in_atomic_block:
        _write_refusal(*entry, get_active_log_context().user)
        return
    queue = _queue()
    if entry not in queue:
        queue.append(entry)
    transaction.on_commit(flush_publish_refusals)  # a caller caught it and carried on


def _finding_labels(page: Page, found: Sequence) -> list[str]:
    translation = translation_for_page(page)
    names = labels_for(translation) if translation is not None else _own_numbering(page)
    return list(dict.fromkeys(label(f.path, names) for f in found))


def _own_numbering(page: Page) -> dict[str, str]:
    return numbering(page) if hasattr(page, "faq_groups") else {}


def discard_publish_refusals() -> None:
    _queue().clear()


def flush_publish_refusals(user=None) -> int:
    """Write the queued refusals (the refusing transaction has ended); returns how many."""
    queue = _queue()
    written = 0
    while queue:
        page_id, count, locations = queue.pop(0)
        written += _write_refusal(page_id, count, locations, user or get_active_log_context().user)
    return written


def _write_refusal(page_id: int, count: int, locations: Sequence[str], user) -> int:
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0  # the refused page was itself rolled back (a copy, an alias)
    translation = translation_for_page(page)
    data = {"count": count, "locations": list(locations)}
    if translation is not None:
        _entry(translation, "locales.publish_refused", user, data)
    else:
        info = get_registry().find(page.locale.language_code)
        data["locale"] = info.code if info else page.locale.language_code
        log(instance=page.specific, action="locales.publish_refused", user=user, data=data)
    return 1


class PublishRefusalLogMiddleware:
    """Writes refusals queued during a request once its view (and transactions) are done,
    whichever publish path refused: Wagtail's editor, workflows, bulk actions, our screens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        discard_publish_refusals()  # left by work outside any request in this thread
        try:
            return self.get_response(request)
        finally:
            if _queue():
                user = getattr(request, "user", None)
                flush_publish_refusals(user if user is not None and user.is_authenticated else None)

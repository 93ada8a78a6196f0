"""Delta sync for offline apps: tokens over the change log, answers that always converge.

A token is the last change-log sequence number the client has applied, signed and
bound to a locale. An answer lists guides changed since the token (their current
state in that locale, fallbacks included) and guides that left that locale's view;
applying every answer in order reproduces the server's published state exactly.
Sync reads the token first and then a state never older than it: the read model's
copy when this process is already at the token's generation (copies are tagged with
theirs), else the snapshot table. When the database does not answer, sync answers from the read
model instead (api.read_model.store, which every process holds): the token is this process's
content generation, which its copy is never older than; a client already at that token
gets an empty answer, any other a full copy (always a valid answer: it replaces what the
client holds).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from api.http.errors import ApiError
from api.models import GuideChange, SyncSequence
from api.read_model import generation
from api.read_model.store import (
    CachedGuide,
    build_bundle,
    get_bundle,
    locale_view,
    locale_view_from_db,
    offer_locale_view,
)
from api.read_model.tiers import ReadModelUnavailable, from_database
from locales.registry import LocaleInfo

SALT = "api.sync.token"


@dataclass(frozen=True)
class SyncAnswer:
    token: str
    full: bool
    changed: list[CachedGuide]
    removed: list[str]


def make_token(locale: LocaleInfo, seq: int) -> str:
    return signing.Signer(salt=SALT).sign(f"{locale.code}:{seq}")


def parse_token(token: str, locale: LocaleInfo) -> int:
    try:
        value = signing.Signer(salt=SALT).unsign(token)
        code, seq_text = value.rsplit(":", 1)
        seq = int(seq_text)
    except (signing.BadSignature, ValueError):
        raise ApiError(
            "The sync token is not valid. Sync again without `since` for a full copy.",
            code="invalid_sync_token",
        ) from None
    if code != locale.code:
        raise ApiError(
            f"This sync token belongs to locale {code!r}, not {locale.code!r}.",
            code="sync_token_locale_mismatch",
            details={"token_locale": code, "locale": locale.code},
        )
    return seq


def current_seq() -> int:
    value = SyncSequence.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def sync(locale: LocaleInfo, since: str | None, bundle: str | None = None) -> SyncAnswer:
    """`bundle`: the version of the bundle the client downloaded first (used without `since`)."""
    seq = parse_token(since, locale) if since else None
    try:
        return from_database(lambda: _sync_from_database(locale, seq, bundle))
    except ReadModelUnavailable:
        return _sync_from_read_model(locale, seq, bundle)


def _sync_from_read_model(locale: LocaleInfo, seq: int | None, bundle: str | None) -> SyncAnswer:
    seen = generation.current()
    if seen is None:
        raise ReadModelUnavailable()
    head = seen.content
    if seq == head:
        return SyncAnswer(make_token(locale, head), False, [], [])
    current = locale_view(locale)
    if seq is None and bundle and build_bundle(locale, current).version == bundle:
        return SyncAnswer(make_token(locale, head), False, [], [])
    return SyncAnswer(make_token(locale, head), True, current, [])


def _sync_from_database(locale: LocaleInfo, seq: int | None, bundle: str | None) -> SyncAnswer:
    # The token is read first: anything committed after it is sent again next time
    # (applying a guide twice is harmless), never skipped.
    head = current_seq()
    if seq is None and bundle:
        return _after_bundle(locale, head, bundle)
    if seq is None or seq > head:
        # No token, or one from a database that was since restored/reset: start over.
        return SyncAnswer(make_token(locale, head), True, _state_at(locale, head), [])
    ids = [
        str(g)
        for g in GuideChange.objects.filter(seq__gt=seq, seq__lte=head).values_list(
            "guide_id", flat=True
        )
    ]
    changed = locale_view_from_db(locale, ids) if ids else []
    present = {g.guide_id for g in changed}
    removed = sorted(g for g in ids if g not in present)
    return SyncAnswer(make_token(locale, head), False, changed, removed)


def _after_bundle(locale: LocaleInfo, head: int, bundle: str) -> SyncAnswer:
    """A client that started from the CDN-cacheable bundle asks for a token to go on with.

    The state is read after the token (never older than it): if the client's bundle is
    that state, nothing needs sending; otherwise the full state.
    """
    if _knows(head):
        if get_bundle(locale).version == bundle:
            return SyncAnswer(make_token(locale, head), False, [], [])
        return SyncAnswer(make_token(locale, head), True, locale_view(locale), [])
    current = _state_at(locale, head)
    if build_bundle(locale, current).version == bundle:
        return SyncAnswer(make_token(locale, head), False, [], [])
    return SyncAnswer(make_token(locale, head), True, current, [])


def _knows(head: int) -> bool:
    """This process's read model is at the token's generation: its copies (process, Redis)
    are never older than the generation they are tagged with, so they hold that state."""
    seen = generation.current()
    return seen is not None and seen.content == head


def _state_at(locale: LocaleInfo, head: int) -> list[CachedGuide]:
    """The locale's guides, no older than `head`: the read model's copy when this process
    is at `head` (no table read), else the table, kept for answering while it is down."""
    if _knows(head):
        return locale_view(locale)
    guides = locale_view_from_db(locale)
    offer_locale_view(locale, guides, head)
    return guides

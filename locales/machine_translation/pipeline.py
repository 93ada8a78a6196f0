"""Translate a list of segment strings: protect, send in batches, restore, verify.

The single way in for machine translation (the draft step, wagtail-localize's
"Machine translate" button and the benchmark all call `translate_texts`). It is
all-or-nothing: either every segment comes back with its markup, numbers and glossary
terms intact, or a TranslationError is raised and the caller writes nothing. Every text
it returns is first recorded in the provenance ledger (provenance.py), so machine text is
recognised wherever it is later copied.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from locales.gate.provenance import record_machine_output
from locales.machine_translation.protection import PlaceholderMismatch, Protected, protect, restore
from locales.machine_translation.providers import get_provider
from locales.machine_translation.providers.batching import translate_all
from locales.machine_translation.providers.errors import TranslationError
from locales.machine_translation.providers.failures import message
from locales.registry import LocaleInfo

if TYPE_CHECKING:
    from locales.glossary import GlossaryTerm
    from locales.machine_translation.providers.base import ProviderSession

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BatchResult:
    translations: list[str]  # same order and length as the input texts
    characters_sent: int
    requests: int
    provider: str


def translate_texts(
    texts: Sequence[str],
    *,
    source: LocaleInfo,
    target: LocaleInfo,
    glossary: Sequence[GlossaryTerm] = (),
    provider: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchResult:
    """Machine-translate `texts` from `source` to `target`; raise TranslationError.

    `progress(done, total)` reports provider requests as they complete.
    """
    backend = get_provider(provider)
    session = backend.session(source, target)  # unsupported pair fails here, before any request
    glossary = list(glossary)
    protected = [protect(text, glossary) for text in texts]
    # Identical segments (a repeated heading, "Yes.") are sent once.
    todo = list(dict.fromkeys(p.text for p in protected if p.needs_translation))
    answers = dict(
        zip(todo, translate_all(todo, session.send, backend.max_chars, progress), strict=True)
    )
    translations = [
        _restore(p, answers[p.text], session) if p.needs_translation else p.untouched()
        for p in protected
    ]
    # Before any caller can store them: every machine text is known as such for good.
    record_machine_output(list(texts), translations, target=target.code, provider=backend.name)
    logger.info(
        "%s %s→%s: %d segments, %d sent, %d chars, %d requests",
        backend.name,
        source.code,
        target.code,
        len(texts),
        len(todo),
        session.characters,
        session.requests,
    )
    return BatchResult(
        translations=translations,
        characters_sent=session.characters,
        requests=session.requests,
        provider=backend.name,
    )


def _restore(protected: Protected, answer: str, session: ProviderSession) -> str:
    """Restore placeholders; a segment whose placeholders were mangled gets one more try alone."""
    try:
        return restore(answer, protected)
    except PlaceholderMismatch as first:
        logger.warning(
            "%s mangled placeholders (%s); re-sending alone", session.provider.name, first
        )
    answer = session.send(protected.text)
    try:
        return restore(answer, protected)
    except PlaceholderMismatch as again:
        excerpt = protected.untouched()
        excerpt = excerpt if len(excerpt) <= 80 else excerpt[:77] + "..."
        raise TranslationError(
            "invalid_response",
            message(
                "invalid_response",
                session.provider.display_name,
                status=None,
                detail=f" (it {again} in the segment “{excerpt}”, so numbers, terms or "
                "formatting would have been lost)",
                credentials="",
            ),
            provider=session.provider.name,
        ) from again

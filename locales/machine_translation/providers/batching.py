"""Fit many segments into few requests, and long segments into the size limit.

Segments are packed into one request text with `SEPARATOR` between them up to the
provider's character limit; a segment longer than the limit is cut at sentence ends
(then at spaces) and its pieces translated separately and re-joined. If a provider
returns a different number of pieces than it was sent (merged or dropped a separator),
that request is re-sent one segment at a time, so a misbehaving provider costs
requests, never a wrong segment-to-translation pairing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from locales.machine_translation.providers.base import SEPARATOR, SEPARATOR_PATTERN

logger = logging.getLogger(__name__)
_SPLIT = re.compile(SEPARATOR_PATTERN)
_SENTENCE_END = re.compile(r"(?<=[.!?;:。\uFF01\uFF1F])(\s+)")
_SPACE = re.compile(r"(\s+)")


@dataclass(frozen=True, slots=True)
class Piece:
    segment: int
    joiner: str  # whitespace that preceded this piece in its segment ("" for the first)
    text: str


def _chunks(text: str, limit: int, pattern: re.Pattern) -> list[tuple[str, str]] | None:
    """Greedy (joiner, chunk) list cut at `pattern`; None if some part alone is too long."""
    parts = pattern.split(text)  # [text, sep, text, sep, ...]
    chunks: list[tuple[str, str]] = []
    joiner, current = "", parts[0]
    for i in range(1, len(parts), 2):
        sep, nxt = parts[i], parts[i + 1]
        if len(current) + len(sep) + len(nxt) <= limit:
            current += sep + nxt
        else:
            chunks.append((joiner, current))
            joiner, current = sep, nxt
    chunks.append((joiner, current))
    return chunks if all(len(c) <= limit for _, c in chunks) else None


def split_segment(text: str, limit: int) -> list[tuple[str, str]]:
    """Cut `text` into (joiner, piece) pairs no longer than `limit` characters."""
    if len(text) <= limit:
        return [("", text)]
    for pattern in (_SENTENCE_END, _SPACE):
        chunks = _chunks(text, limit, pattern)
        if chunks is not None:
            return chunks
    return [("", text[i : i + limit]) for i in range(0, len(text), limit)]


def plan(texts: Sequence[str], limit: int) -> list[list[Piece]]:
    """Requests to send: each a list of pieces whose joined length fits `limit`."""
    requests: list[list[Piece]] = []
    current: list[Piece] = []
    size = 0
    for index, text in enumerate(texts):
        for joiner, chunk in split_segment(text, limit):
            piece = Piece(index, joiner, chunk)
            extra = len(chunk) + (len(SEPARATOR) if current else 0)
            if current and size + extra > limit:
                requests.append(current)
                current, size = [], 0
                extra = len(chunk)
            current.append(piece)
            size += extra
    if current:
        requests.append(current)
    return requests


def translate_all(
    texts: Sequence[str],
    send: Callable[[str], str],
    limit: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Translate `texts` through `send` (one request per call), in as few calls as fit.

    `progress(done, total)` is called after each planned request, for job progress bars.
    """
    results: dict[int, list[tuple[str, str]]] = {i: [] for i in range(len(texts))}
    requests = plan(texts, limit)
    for number, request in enumerate(requests, start=1):
        if len(request) == 1:
            outputs = [send(request[0].text).strip()]
        else:
            answer = send(SEPARATOR.join(piece.text for piece in request))
            outputs = [part.strip() for part in _SPLIT.split(answer.strip())]
            if len(outputs) != len(request):
                logger.warning(
                    "provider returned %d pieces for %d; re-sending one by one",
                    len(outputs),
                    len(request),
                )
                outputs = [send(piece.text).strip() for piece in request]
        for piece, output in zip(request, outputs, strict=True):
            results[piece.segment].append((piece.joiner, output))
        if progress is not None:
            progress(number, len(requests))
    return ["".join(j + t for j, t in results[i]) for i in range(len(texts))]

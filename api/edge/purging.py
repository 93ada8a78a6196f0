"""Wagtail frontend-cache backend for the edge: PURGE every affected URL, then again.

Why twice: the purge is sent right after the publishing transaction commits, but the
other app processes learn of the change by polling the generation (api.read_model.generation,
every API_GENERATION_POLL_SECONDS). A reader whose request reaches the edge in that
window could be answered by a process still holding the old document, and the edge
would keep that answer for s-maxage (an hour). A second purge once every process has
moved (`settle_seconds`, a few polls) drops any such copy, so an edit is served through
the edge within about half a second. Both rounds reuse one keep-alive connection (about
30 URLs per guide); a purge that fails is logged, and the copy then lives at most its
s-maxage (edge.vcl gives a healthy origin no grace).
"""

from __future__ import annotations

import http.client
import logging
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.contrib.frontend_cache.backends import HTTPBackend

logger = logging.getLogger("api.edge")


def settle_seconds() -> float:
    """How long after the first purge every process serves the new generation."""
    configured = getattr(settings, "API_EDGE_PURGE_SETTLE_SECONDS", None)
    if configured is not None:
        return float(configured)
    poll = float(getattr(settings, "API_GENERATION_POLL_SECONDS", 0.2) or 0)
    return 2 * poll + 0.1 if poll else 0.0


class EdgePurgeBackend(HTTPBackend):
    """`HTTPBackend` (PURGE <path> with the public Host) in batches, sent twice."""

    def purge(self, url: str) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls: Iterable[str]) -> None:
        urls = list(urls)
        if not urls:
            return
        self._send(urls)
        settle = settle_seconds()
        if settle > 0:
            time.sleep(settle)
            self._send(urls)

    def _send(self, urls: list[str]) -> None:
        connection: http.client.HTTPConnection | None = None
        for url in urls:
            parts = urlsplit(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            host = parts.hostname or ""
            if parts.port:
                host += f":{parts.port}"
            try:
                if connection is None:
                    connection = self._connect()
                connection.request("PURGE", path, headers={"Host": host})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    logger.error("edge refused purge of %s: %s", url, response.status)
            except (OSError, http.client.HTTPException) as exc:
                logger.error("could not purge %s from the edge: %s", url, exc)
                if connection is not None:
                    connection.close()
                connection = None
        if connection is not None:
            connection.close()

    def _connect(self) -> http.client.HTTPConnection:
        host, _, port = self.cache_netloc.partition(":")
        if self.cache_scheme == "https":
            return http.client.HTTPSConnection(host, int(port or 443), timeout=5)
        return http.client.HTTPConnection(host, int(port or 80), timeout=5)

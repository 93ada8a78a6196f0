"""Stand-ins shared by tests and benchmarks.

The production tests and the fault benchmark (bench/faults.py) need a translation provider
that holds a request open (so a worker can be killed mid-job) and the children of a
process they started (gunicorn workers, an RQ work-horse). Workflow tests that approve in
bulk need a provider whose output is in the target language (`SampleLanguageProvider`):
the pseudo provider's output is flagged by QA for every target.
"""

from __future__ import annotations

import json
import re
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from locales.machine_translation.providers.base import Provider
from locales.machine_translation.providers.pseudo import _KEEP, _SEPARATOR_LINE
from tests.providers.language_samples import SAMPLES

# Real words of each sample language; Chinese as characters (no spaces between words).
_WORDS = {
    lang: (
        [ch for ch in "".join(texts) if ch.isalpha() and not ch.isascii()]
        if lang == "zh"
        else [
            w
            for w in re.findall(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?", " ".join(texts))
            if len(w) > 1
        ]
    )
    for lang, texts in SAMPLES.items()
}


def sample_language_text(text: str, language: str) -> str:
    """Each run of words in `text` becomes as many real words of `language` (deterministic).

    Tags, entities and `{{n}}` placeholders stay where they are, so numbers, doses,
    glossary terms and markup come back exactly; Chinese comes out at ~35 % of the length.
    """
    words = _WORDS[language]
    unspaced = language == "zh"

    def swap(run: str) -> str:
        core = run.strip()
        if not any(ch.isalpha() for ch in core):
            return run
        wanted = max(1, round(len(core) * (0.35 if unspaced else 1.0)))
        start = zlib.crc32(core.encode()) % len(words)
        out: list[str] = []
        while len("".join(out) if unspaced else " ".join(out)) < wanted:
            out.append(words[(start + len(out)) % len(words)])
        body = ("" if unspaced else " ").join(out)
        lead = run[: len(run) - len(run.lstrip())]
        trail = run[len(run.rstrip()) :]
        return f"{lead}{body}{trail}"

    out, pos = [], 0
    for match in _KEEP.finditer(text):
        out.append(swap(text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(swap(text[pos:]))
    return "".join(out)


class SampleLanguageProvider(Provider):
    """An offline provider that writes real words of the target language (not a translation).

    Enough for the QA checks to see Spanish in a Spanish draft, which the pseudo
    provider's accented English never is. `TRANSLATION_PROVIDER="tests.doubles.SampleLanguageProvider"`.
    """

    display_name = "Sample-language stand-in"
    max_chars = 5000
    http = False

    def client(self, source_code: str, target_code: str) -> Any:
        return target_code.split("-", 1)[0].lower()

    def request(self, client: Any, text: str) -> str:
        parts = _SEPARATOR_LINE.split(text)
        return "".join(
            part if i % 2 else sample_language_text(part, client) for i, part in enumerate(parts)
        )


class SlowLibreTranslate:
    """Answers POST /translate like LibreTranslate, but holds each request until released."""

    def __init__(self, *, hold: float = 300) -> None:
        self.arrived = threading.Event()
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                query = parse_qs(urlsplit(self.path).query)
                length = int(self.headers.get("Content-Length") or 0)
                query.update(parse_qs(self.rfile.read(length).decode()))
                server.arrived.set()
                server.release.wait(timeout=hold)
                body = json.dumps({"translatedText": f"FR:{query.get('q', [''])[0]}"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.http.shutdown()
        self.http.server_close()


def children_of(pid: int) -> list[int]:
    """Pids whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found

"""Wall time of machine-translating the demo guide into 6 locales: pipeline vs naive loop.

Starts a LibreTranslate-compatible stub on 127.0.0.1 that waits 100 ms per request (a
realistic provider round trip), imports the demo guide into a throw-away SQLite
database, extracts its segments exactly as wagtail-localize does, then translates them
into the 6 configured target locales twice:

  pipeline  locales.machine_translation.pipeline.translate_texts (protection + batching), provider "libretranslate"
  naive     one deep-translator LibreTranslator.translate() request per segment

and prints wall time, requests and characters for each (counted by the stub server,
and, for the pipeline, also as reported in BatchResult). Bounded: 6 locales x the
guide's segments, then the server stops.

Run: .venv/bin/python bench/translation_wall_time.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LATENCY = 0.100
_WORD = re.compile(r"[^\W\d_]+")


class Stub(BaseHTTPRequestHandler):
    """POST /translate?q=...&source=..&target=.. -> {"translatedText": ...} after 100 ms."""

    requests = 0
    characters = 0
    lock = threading.Lock()

    def do_POST(self):
        params = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        text = params.get("q", "")
        with Stub.lock:
            Stub.requests += 1
            Stub.characters += len(text)
        time.sleep(LATENCY)
        body = json.dumps({"translatedText": _WORD.sub(lambda m: m.group(0).upper(), text)})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass

    @classmethod
    def reset(cls) -> tuple[int, int]:
        with cls.lock:
            counts = (cls.requests, cls.characters)
            cls.requests = cls.characters = 0
        return counts


def demo_segments() -> list[str]:
    from django.core.management import call_command
    from wagtail_localize.segments import StringSegmentValue
    from wagtail_localize.segments.extract import extract_segments

    from content.services import import_guide_file
    from locales.services import sync_locales

    call_command("migrate", verbosity=0)
    sync_locales()
    fixture = ROOT / "content" / "fixtures" / "exosome-hair-loss-guide.txt"
    page = import_guide_file(fixture, slug="exosome-hair-loss", publish=True).page
    return [s.string.data for s in extract_segments(page) if isinstance(s, StringSegmentValue)]


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="bench-translation-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from deep_translator import LibreTranslator
    from django.test import override_settings

    from locales.machine_translation.pipeline import translate_texts
    from locales.machine_translation.providers import get_provider
    from locales.registry import get_registry

    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        segments = demo_segments()
        registry = get_registry()
        targets = registry.targets[:6]
        print(f"demo guide: {len(segments)} segments, {sum(map(len, segments))} characters")
        print(
            f"targets: {', '.join(t.code for t in targets)}; stub latency {LATENCY * 1000:.0f} ms/request"
        )

        providers = {
            "libretranslate": {
                "BACKEND": "locales.machine_translation.providers.libretranslate.LibreTranslateProvider",
                "OPTIONS": {"URL": url},
            }
        }
        Stub.reset()
        reported_requests = reported_chars = 0
        with override_settings(TRANSLATION_PROVIDERS=providers):
            started = time.perf_counter()
            for target in targets:
                result = translate_texts(
                    segments, source=registry.source, target=target, provider="libretranslate"
                )
                reported_requests += result.requests
                reported_chars += result.characters_sent
            pipeline_time = time.perf_counter() - started
            pipeline_requests, pipeline_chars = Stub.reset()

            provider = get_provider("libretranslate")
            started = time.perf_counter()
            for target in targets:
                source_code, target_code = provider.codes_for(registry.source, target)
                client = LibreTranslator(
                    source="en", target="es", api_key="unused", custom_url=url + "/"
                )
                client.api_key = ""
                client.source, client.target = source_code, target_code
                for text in segments:
                    if text.strip():
                        client.translate(text)
            naive_time = time.perf_counter() - started
            naive_requests, naive_chars = Stub.reset()
    finally:
        server.shutdown()
        server.server_close()
        from django.db import connections

        connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(f"{'':28}{'wall time':>12}{'requests':>10}{'characters':>12}")
    print(
        f"{'pipeline (batched)':28}{pipeline_time:>11.2f}s{pipeline_requests:>10}{pipeline_chars:>12}"
    )
    print(
        f"{'naive (1 request/segment)':28}{naive_time:>11.2f}s{naive_requests:>10}{naive_chars:>12}"
    )
    print(
        f"speed-up: {naive_time / pipeline_time:.1f}x; BatchResult reported {reported_requests} requests, "
        f"{reported_chars} characters (server counted {pipeline_requests}, {pipeline_chars})"
    )


if __name__ == "__main__":
    main()

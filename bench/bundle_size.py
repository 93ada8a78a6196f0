"""Bundle size: the demo guide's offline bundle in every locale, with and without `nodes`.

Builds the demo guide in a throwaway SQLite database, machine-translates it into every
target locale (pseudo provider: its output is ~30% longer than the source, so the
translated rows overstate a real translation a little), approves and publishes each
through the review workflow, then fetches /api/v1/bundles/<locale>/ and prints its size
raw and gzipped (gzip -6, what GZipMiddleware sends), and the same bundle with every
`nodes` removed, re-encoded the way the API encodes (compact JSON, UTF-8).

    .venv/bin/python bench/bundle_size.py
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_tmp = tempfile.TemporaryDirectory(prefix="bench-bundle-")
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from content.services import import_guide_file  # noqa: E402
from locales.machine_translation.drafts import create_machine_draft  # noqa: E402
from locales.registry import get_registry  # noqa: E402
from locales.review.actions import approve_segment, publish_translation  # noqa: E402
from locales.review.selectors import segment_rows, translation_for_page  # noqa: E402
from locales.services import sync_locales  # noqa: E402

SEED = ROOT / "content" / "fixtures" / "exosome-hair-loss-guide.txt"


def without_nodes(value):
    if isinstance(value, dict):
        return {k: without_nodes(v) for k, v in value.items() if k != "nodes"}
    if isinstance(value, list):
        return [without_nodes(v) for v in value]
    return value


def encode(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def main() -> None:
    call_command("migrate", verbosity=0)
    sync_locales()
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "pw")
    source = import_guide_file(SEED, slug="exosome-hair-loss", publish=True).page
    for info in get_registry().targets:
        draft = create_machine_draft(source, info.code, user=user).page
        translation = translation_for_page(draft)
        for row in segment_rows(translation):
            approve_segment(translation, row.segment.pk, user)
        publish_translation(translation, user)

    client = Client()
    rows = []
    for info in get_registry().all:
        body = client.get(f"/api/v1/bundles/{info.code}/").content
        data = json.loads(body)
        assert data["guides"][0]["locale"] == info.code, "every locale has its own translation"
        assert encode(data) == body, "re-encoding reproduces the served bytes"
        bare = encode(without_nodes(data))
        rows.append((info.code, len(body), gz(body), len(bare), gz(bare)))

    print("Demo guide bundle (/api/v1/bundles/<locale>/), bytes")
    print(
        f"{'locale':8} {'raw':>8} {'gzip':>7} {'raw, no nodes':>14} {'gzip, no nodes':>15} {'raw +':>7} {'gzip +':>7}"
    )
    totals = [0, 0, 0, 0]
    for code, raw, zipped, bare, bare_zipped in rows:
        totals = [t + v for t, v in zip(totals, (raw, zipped, bare, bare_zipped), strict=True)]
        print(
            f"{code:8} {raw:8} {zipped:7} {bare:14} {bare_zipped:15}"
            f" {raw / bare - 1:7.0%} {zipped / bare_zipped - 1:7.0%}"
        )
    raw, zipped, bare, bare_zipped = totals
    print(
        f"{'all 7':8} {raw:8} {zipped:7} {bare:14} {bare_zipped:15}"
        f" {raw / bare - 1:7.0%} {zipped / bare_zipped - 1:7.0%}"
    )


if __name__ == "__main__":
    main()

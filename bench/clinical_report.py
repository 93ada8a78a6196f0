"""Medical review report at scale: render time and query count, 300 guides x (source + 6).

Builds the data set with bulk inserts (the report reads rows, not page content): one real
guide imported and published, then 300 guides in the source locale and in each of the six
target locales (Page + GuidePage rows sharing a translation key), their LiveText rows, and
sign-offs in mixed states: signed, due soon, overdue, changed since review, never. Then
the report is requested through Django's test client as a superuser, the way the admin
serves it:

    .venv/bin/python bench/clinical_report.py            # throwaway SQLite (default)
    .venv/bin/python bench/clinical_report.py --postgres postgres://postgres@127.0.0.1:5432

Prints the report page (page 1, totals over all cells), the CSV export (every cell) and
the admin home (the dashboard panel): median wall time of 5 runs after a warm-up, and the
number of SQL queries.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--postgres", help="PostgreSQL server URL (without database name)")
parser.add_argument("--guides", type=int, default=300)
parser.add_argument("--runs", type=int, default=5)
ARGS = parser.parse_args()

_tmp = tempfile.TemporaryDirectory(prefix="bench-clinical-")
PG_DB = f"guide_cms_bench_clinical_{os.getpid()}"
if ARGS.postgres:
    import psycopg

    with psycopg.connect(f"{ARGS.postgres}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{PG_DB}"')
    os.environ["DATABASE_URL"] = f"{ARGS.postgres}/{PG_DB}"
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page  # noqa: E402

from clinical.models import LiveText, MedicalSignOff  # noqa: E402
from clinical.report import report_rows  # noqa: E402
from clinical.views.report import source_guides  # noqa: E402
from content.models import GuideIndexPage, GuidePage  # noqa: E402
from content.services import import_guide_file  # noqa: E402
from locales.registry import get_registry  # noqa: E402
from locales.services import sync_locales  # noqa: E402

SEED = ROOT / "content" / "fixtures" / "exosome-hair-loss-guide.txt"
TODAY = timezone.localdate()
# Sign-off age in days and whether the live text still matches, cycling over the cells.
MIX = [(30, True), (350, True), (400, True), (60, False), (None, None)]


def _paths(parent: Page, count: int) -> list[str]:
    last = parent.get_last_child()
    start = Page._str2int(last.path[-Page.steplen :]) if last else 0
    return [Page._get_path(parent.path, parent.depth + 1, start + i + 1) for i in range(count)]


def build(template: GuidePage, keys: list[uuid.UUID], reviewer) -> None:
    now = timezone.now()
    table = connection.ops.quote_name(GuidePage._meta.db_table)
    body = GuidePage._meta.get_field("body").get_db_prep_value(template.body, connection)
    registry = get_registry()
    sign_offs, live_texts = [], []
    for info in registry.all:
        parent = GuideIndexPage.objects.get(locale__language_code=info.django_code)
        parent = Page.objects.get(pk=parent.pk)
        pages = [
            Page(
                title=f"Guide {n:03d} [{info.code}]",
                draft_title=f"Guide {n:03d}",
                slug=f"guide-{n}",
                content_type_id=template.content_type_id,
                live=True,
                url_path=f"{parent.url_path}guide-{n}/",
                locale_id=parent.locale_id,
                translation_key=key,
                path=path,
                depth=parent.depth + 1,
                numchild=0,
                first_published_at=now,
                last_published_at=now,
            )
            for n, (key, path) in enumerate(zip(keys, _paths(parent, len(keys)), strict=True))
        ]
        Page.objects.bulk_create(pages, batch_size=500)
        Page.objects.filter(pk=parent.pk).update(numchild=parent.get_children().count())
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (page_ptr_id, intro, body, conclusion, disclaimer) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(p.pk, template.intro, body, template.conclusion, "") for p in pages],
            )
        for n, page in enumerate(pages):
            age, same = MIX[(n + len(info.code)) % len(MIX)]
            text = f"{page.translation_key}-{info.code}"
            live_texts.append(
                LiveText(
                    page_id=page.pk,
                    translation_key=page.translation_key,
                    locale_id=page.locale_id,
                    content_hash=text,
                    published_at=now,
                    readability={
                        "formula": "flesch-kincaid",
                        "score": 60.0,
                        "grade": 7.0 + n % 4,
                        "target_grade": 8,
                        "above_target": 7.0 + n % 4 > 8,
                    },
                )
            )
            if age is None:
                continue
            for extra in (400, 0):  # an older sign-off in the history, then the current one
                sign_offs.append(
                    MedicalSignOff(
                        translation_key=page.translation_key,
                        locale_id=page.locale_id,
                        page_id=page.pk,
                        reviewer=reviewer,
                        reviewer_name="Dr. Bench",
                        credentials="MD",
                        content_hash=text if same else "other",
                        reviewed_on=TODAY - datetime.timedelta(days=age + extra),
                    )
                )
    LiveText.objects.bulk_create(live_texts, batch_size=1000)
    MedicalSignOff.objects.bulk_create(sign_offs, batch_size=1000)


def measure(client: Client, url: str, runs: int) -> tuple[float, int]:
    def once():
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code == 200, (url, response.status_code)
        return time.perf_counter() - started

    once()
    times = [once() for _ in range(runs)]
    with CaptureQueriesContext(connection) as queries:
        once()
    return statistics.median(times), len(queries)


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    sync_locales()
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")
    template = import_guide_file(SEED, slug="template-guide", publish=True).page
    with transaction.atomic():
        build(template, [uuid.uuid4() for _ in range(ARGS.guides)], user)
    print(f"data set built in {time.perf_counter() - started:.1f} s")
    client = Client()
    client.force_login(user)
    report = reverse("clinical:report")
    cells = len(report_rows(source_guides()))
    page_time, page_queries = measure(client, report, ARGS.runs)
    csv_time, csv_queries = measure(client, report + "?export=csv", ARGS.runs)
    state_time, state_queries = measure(client, report + "?state=overdue&locale=es", ARGS.runs)
    home_time, home_queries = measure(client, reverse("wagtailadmin_home"), ARGS.runs)
    print(f"guides {ARGS.guides + 1} x locales {len(get_registry().all)}: {cells} cells")
    print(f"report page 1      {page_time * 1000:7.0f} ms  {page_queries:3d} queries")
    print(f"report filtered    {state_time * 1000:7.0f} ms  {state_queries:3d} queries")
    print(f"CSV (every cell)   {csv_time * 1000:7.0f} ms  {csv_queries:3d} queries")
    print(f"admin home (panel) {home_time * 1000:7.0f} ms  {home_queries:3d} queries")
    states = Counter(row.state for row in report_rows(source_guides()))
    print("states:", dict(states))
    print(f"database: {connection.vendor}; total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        if ARGS.postgres:
            import psycopg

            with psycopg.connect(f"{ARGS.postgres}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')

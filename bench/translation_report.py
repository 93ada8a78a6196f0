"""Translation status report at scale: render time and query count, 300 guides x 6 locales.

Builds the data set quickly: ONE guide goes through the real pipeline (import, machine
drafts into the six targets with the pseudo provider, reviews, publishes, a source edit)
so its rows hold every state the report shows; then its wagtail-localize rows (source,
contexts, segments, translations, string translations), its review records and its pages
are cloned with bulk inserts for the other guides, plus job history (queued and failed
jobs on some guides). Then the report is requested through Django's test client as a
superuser, the way the admin serves it, at 5, 50 and 300 guides:

    .venv/bin/python bench/translation_report.py            # throwaway SQLite (default)
    .venv/bin/python bench/translation_report.py --postgres postgres://postgres@127.0.0.1:5432

With --postgres a database named guide_cms_bench_report_<pid> is created and dropped.
Prints, per size: the report page (page 1, 50 rows, totals over all guides), the CSV
export (every guide) and the admin home (dashboard panel): median wall time of 5 runs
after a warm-up, and the number of SQL queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--postgres", help="PostgreSQL server URL (without database name)")
parser.add_argument("--guides", type=int, default=300)
parser.add_argument("--runs", type=int, default=5)
parser.add_argument("--keep", action="store_true", help="keep the database (to inspect it)")
parser.add_argument("--profile", action="store_true", help="cProfile one report request at the end")
ARGS = parser.parse_args()

_tmp = tempfile.TemporaryDirectory(prefix="bench-report-")
PG_DB = f"guide_cms_bench_report_{os.getpid()}"
if ARGS.postgres:
    import psycopg

    with psycopg.connect(f"{ARGS.postgres}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{PG_DB}"')
    os.environ["DATABASE_URL"] = f"{ARGS.postgres}/{PG_DB}"
else:
    _dir = _tmp.name if not ARGS.keep else tempfile.mkdtemp(prefix="bench-report-kept-")
    os.environ["DATABASE_URL"] = f"sqlite:///{_dir}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail_localize.models import (  # noqa: E402
    StringSegment,
    StringTranslation,
    TranslatableObject,
    Translation,
    TranslationContext,
    TranslationSource,
)

from content.models import GuidePage  # noqa: E402
from content.services import import_guide_file  # noqa: E402
from locales.machine_translation.drafts import create_machine_draft  # noqa: E402
from locales.machine_translation.jobs import JobStatus, TranslationJob  # noqa: E402
from locales.review.actions import approve_segment, edit_segment, publish_translation  # noqa: E402
from locales.review.selectors import segment_rows, translation_for_page  # noqa: E402
from locales.review.state import SegmentReview  # noqa: E402
from locales.services import sync_locales  # noqa: E402
from locales.status.report import source_guides, translation_status  # noqa: E402

SEED = ROOT / "content" / "fixtures" / "exosome-hair-loss-guide.txt"


def build_template(user):
    """One guide in every state, through the real pipeline."""
    guide = import_guide_file(SEED, slug="template", publish=True).page

    def draft(code):
        return translation_for_page(create_machine_draft(guide, code, user=user).page)

    def approve(translation, share=1.0):
        rows = segment_rows(translation)
        for row in rows[: int(len(rows) * share)]:
            if row.needs_review:
                approve_segment(translation, row.segment.pk, user)

    zh = draft("zh-Hans")
    approve(zh)
    publish_translation(zh, user)
    edited = guide.get_latest_revision_as_object()  # the source moves on: zh is outdated
    raw = edited.body.raw_data
    raw[0]["value"]["items"][0]["value"]["answer"] = "<p>A revised answer: 2 sessions.</p>"
    edited.body = raw
    edited.save_revision().publish()
    guide = GuidePage.objects.get(pk=guide.pk)
    draft("es")  # machine draft
    approve(draft("fr"), 0.5)  # half reviewed
    approve(draft("de"))  # ready to publish
    pt = draft("pt-BR")
    approve(pt)
    publish_translation(pt, user)  # live
    ar = draft("ar")
    approve(ar)
    publish_translation(ar, user)
    title = next(r for r in segment_rows(ar) if r.path == "title")
    edit_segment(ar, title.segment.pk, "عنوان جديد", user)  # live, newer draft pending
    return GuidePage.objects.get(pk=guide.pk)


def _tree_paths(parent: Page, count: int) -> list[str]:
    last = parent.get_last_child()
    start = Page._str2int(last.path[-Page.steplen :]) if last else 0
    return [Page._get_path(parent.path, parent.depth + 1, start + i + 1) for i in range(count)]


def _bulk_pages(template: Page, parent: Page, keys: list[uuid.UUID], numbers: list[int]):
    """Page + GuidePage rows under `parent`, copies of `template` (multi-table: two inserts)."""
    paths = _tree_paths(parent, len(keys))
    pages = []
    for key, n, path in zip(keys, numbers, paths, strict=True):
        page = Page(
            title=f"{template.title} {n:03d}", draft_title=f"{template.title} {n:03d}",
            slug=f"{template.slug}-{n}", content_type_id=template.content_type_id,
            live=template.live, has_unpublished_changes=template.has_unpublished_changes,
            url_path=f"{parent.url_path}{template.slug}-{n}/", locale_id=template.locale_id,
            translation_key=key, path=path, depth=parent.depth + 1, numchild=0,
            first_published_at=template.first_published_at,
            last_published_at=template.last_published_at,
            latest_revision_created_at=template.latest_revision_created_at,
        )  # fmt: skip
        pages.append(page)
    Page.objects.bulk_create(pages, batch_size=500)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.get_children().count())
    table = connection.ops.quote_name(GuidePage._meta.db_table)
    columns = [
        "page_ptr_id",
        "intro",
        "body",
        "conclusion",
        "medical_review_interval_days",
        "disclaimer",
    ]
    body = GuidePage._meta.get_field("body").get_db_prep_value(template.body, connection)
    values = [
        (p.pk, template.intro, body, template.conclusion,
         template.medical_review_interval_days, template.disclaimer)
        for p in pages
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
            values,
        )
    return pages


def clone(template: GuidePage, numbers: list[int]) -> None:
    """Copies of the template guide with all its translation rows, review records and pages."""
    source = TranslationSource.objects.get(
        object_id=template.translation_key, locale=template.locale
    )
    obj = TranslatableObject.objects.get(translation_key=template.translation_key)
    contexts = list(TranslationContext.objects.filter(object=obj))
    segments = list(StringSegment.objects.filter(source=source))
    translations = list(Translation.objects.filter(source=source))
    targets = {
        p.locale_id: p
        for p in GuidePage.objects.filter(translation_key=template.translation_key).exclude(
            locale_id=template.locale_id
        )
    }
    sts = list(
        StringTranslation.objects.filter(context__in=contexts).exclude(locale_id=template.locale_id)
    )
    reviews = list(SegmentReview.objects.filter(translation__in=translations))
    keys = [uuid.uuid4() for _ in numbers]

    with transaction.atomic():
        TranslatableObject.objects.bulk_create(
            [
                TranslatableObject(translation_key=k, content_type_id=obj.content_type_id)
                for k in keys
            ]
        )
        _bulk_pages(template, template.get_parent(), keys, numbers)
        for _locale_id, target in targets.items():
            _bulk_pages(target, target.get_parent(), keys, numbers)
        new_sources = TranslationSource.objects.bulk_create(
            [
                TranslationSource(
                    object_id=k,
                    specific_content_type_id=source.specific_content_type_id,
                    locale_id=source.locale_id,
                    object_repr=f"{source.object_repr} {n:03d}",
                    content_json=source.content_json,
                    schema_version=source.schema_version,
                    last_updated_at=source.last_updated_at,
                )
                for k, n in zip(keys, numbers, strict=True)
            ]
        )
        new_contexts = {}
        for k in keys:
            for c in contexts:
                new_contexts[(k, c.pk)] = TranslationContext(
                    object_id=k, path_id=c.path_id, path=c.path, field_path=c.field_path
                )
        TranslationContext.objects.bulk_create(new_contexts.values(), batch_size=2000)
        StringSegment.objects.bulk_create(
            [
                StringSegment(
                    source=s,
                    context=new_contexts[(s.object_id, seg.context_id)],
                    order=seg.order,
                    string_id=seg.string_id,
                    attrs=seg.attrs,
                )
                for s in new_sources
                for seg in segments
            ],
            batch_size=2000,
        )
        new_translations = {}
        for s in new_sources:
            for t in translations:
                new_translations[(s.object_id, t.pk)] = Translation(
                    source=s, target_locale_id=t.target_locale_id, enabled=t.enabled
                )
        Translation.objects.bulk_create(new_translations.values(), batch_size=2000)
        new_sts = {}
        for k in keys:
            for st in sts:
                new_sts[(k, st.pk)] = StringTranslation(
                    translation_of_id=st.translation_of_id, locale_id=st.locale_id,
                    context=new_contexts[(k, st.context_id)], data=st.data,
                    translation_type=st.translation_type, tool_name=st.tool_name,
                    has_error=st.has_error,
                )  # fmt: skip
        StringTranslation.objects.bulk_create(new_sts.values(), batch_size=2000)
        SegmentReview.objects.bulk_create(
            [
                SegmentReview(
                    translation=new_translations[(k, r.translation_id)],
                    context=new_contexts[(k, r.context_id)],
                    slot=r.slot,
                    string_id=r.string_id,
                    string_translation=new_sts.get((k, r.string_translation_id)),
                    source_hash=r.source_hash,
                    translation_hash=r.translation_hash,
                    status=r.status,
                    origin=r.origin,
                    provider=r.provider,
                    translated_at=r.translated_at,
                    reviewed_at=r.reviewed_at,
                    previous_translation=r.previous_translation,
                )
                for k in keys
                for r in reviews
            ],
            batch_size=2000,
        )
        guide_ids = dict(
            Page.objects.filter(translation_key__in=keys, locale_id=template.locale_id).values_list(
                "translation_key", "pk"
            )
        )
        jobs = []
        for k, n in zip(keys, numbers, strict=True):
            page_id = guide_ids[k]
            jobs += [  # history: finished runs, plus queued and failed ones on some guides
                TranslationJob(page_id=page_id, locale=c, target_locales=[c], status=JobStatus.SUCCEEDED, done_locales=[c])
                for c in ("es", "fr", "de")
            ]  # fmt: skip
            if n % 10 == 0:
                jobs.append(TranslationJob(page_id=page_id, locale="es", target_locales=["es"]))
            if n % 7 == 0:
                jobs.append(
                    TranslationJob(page_id=page_id, locale="fr", target_locales=["fr"],
                                   status=JobStatus.FAILED, message="fr: provider timed out")
                )  # fmt: skip
        TranslationJob.objects.bulk_create(jobs, batch_size=2000)


def measure(client: Client, url: str, runs: int) -> tuple[float, int, int]:
    def once():
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, (url, response.status_code)
        return time.perf_counter() - started, len(body)

    once()  # warm-up
    times = []
    for _ in range(runs):
        elapsed, size = once()
        times.append(elapsed)
    with CaptureQueriesContext(connection) as queries:
        once()
    return statistics.median(times), len(queries), size


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    sync_locales()
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")
    template = build_template(user)
    print(f"template guide built through the pipeline in {time.perf_counter() - started:.1f} s")

    client = Client()
    client.force_login(user)
    report = reverse("locales:translation_status")
    have = 1
    print(
        f"{'guides':>6} {'cells':>6}  {'report p.1':>11} {'queries':>7}  "
        f"{'CSV (all)':>10} {'queries':>7}  {'home':>8} {'queries':>7}  {'matrix only':>11}"
    )
    for size in sorted({5, 50, ARGS.guides}):
        t0 = time.perf_counter()
        clone(template, list(range(have, size)))
        have = size
        built = time.perf_counter() - t0
        page_time, page_queries, _ = measure(client, report, ARGS.runs)
        csv_time, csv_queries, _ = measure(client, report + "?export=csv", ARGS.runs)
        home_time, home_queries, _ = measure(client, reverse("wagtailadmin_home"), ARGS.runs)
        t0 = time.perf_counter()
        matrix = translation_status(source_guides())
        matrix_time = time.perf_counter() - t0
        cells = sum(len(row.cells) for row in matrix.rows)
        assert len(matrix.rows) == size
        print(
            f"{size:>6} {cells:>6}  {page_time * 1000:>8.0f} ms {page_queries:>7}  "
            f"{csv_time * 1000:>7.0f} ms {csv_queries:>7}  {home_time * 1000:>5.0f} ms "
            f"{home_queries:>7}  {matrix_time * 1000:>8.0f} ms   (data set +{built:.1f} s)"
        )
    if ARGS.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(client.get, report)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    totals = matrix.totals
    print("states at the largest size:", {code: dict(c) for code, c in totals.items()})
    if ARGS.keep:
        print(f"kept database {connection.settings_dict['NAME']}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average during the run: {load} on {os.cpu_count()} cores")
    print(f"database: {connection.vendor}; total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        if ARGS.postgres and not ARGS.keep:
            import psycopg

            with psycopg.connect(f"{ARGS.postgres}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')

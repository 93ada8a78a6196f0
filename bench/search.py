"""Search latency and throughput on both stacks: 300 guides in English, 50 also in Spanish.

For each stack (SQLite + local memory; PostgreSQL + Redis) this script builds a fresh
database through the real write path: `migrate`, then 300 guides imported from the demo
text (content.services.import_guide_text, published: each publish rebuilds the read
model and the search index exactly as in production), each with one made-up word of its
own in the intro so rare queries have one answer; 50 of them get a Spanish translation
published the plain Wagtail way (copy_for_translation + publish, as a human translator
would), whose two side-effect/sessions items carry reviewed Spanish wording and whose
other items keep the English text (the volume of a real translation, not its language).
Then gunicorn (cms/gunicorn.conf.py, production settings) serves it and a pool of
keep-alive client threads sends a fixed number of requests per query:

  common    q=side effects            (every guide matches: ~900 hits, count + first page)
  question  q=how many sessions do I need   (no item has every word: "any" mode, 2 counts)
  rare      q=<one guide's own word>  (one hit)
  es        q=caida del cabello, locale=es (50 Spanish guides + 250 English fallbacks)
  es-guide  q=sesiones, locale=es, guide=<a translated guide>

and prints requests/s and p50/p95/p99 latency per query and stack in one table. Both
servers run at once and take turns (ROUNDS per query), so load from anything else on the
machine hits both alike. Client and server share this machine's cores: the figures
compare stacks and queries; they are not capacity numbers.

Run: .venv/bin/python bench/search.py [--requests 400] [--concurrency 4] [--workers 2]
     [--pg-db guide_cms_search_bench] [--cache-db 13] [--queue-db 12]
The PostgreSQL database named by --pg-db is dropped and recreated; the stack is skipped
with a message when PostgreSQL or Redis does not answer.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stacks import (
    BIN,
    ROOT,
    Figures,
    base_env,
    embedded_env,
    load,
    production_env,
    request,
    serve,
)

GUIDES = 300
SPANISH = 50
ROUNDS = 4


def rare_word(n: int) -> str:
    """A made-up word per guide ("zorvex0150"), so a rare query has one answer."""
    return f"zorvex{n:04d}"


def queries() -> list[tuple[str, str]]:
    return [
        ("common", "/api/v1/search/?" + urlencode({"q": "side effects", "locale": "en"})),
        (
            "question",
            "/api/v1/search/?" + urlencode({"q": "how many sessions do I need", "locale": "en"}),
        ),
        ("rare", "/api/v1/search/?" + urlencode({"q": rare_word(150), "locale": "en"})),
        ("es", "/api/v1/search/?" + urlencode({"q": "caida del cabello", "locale": "es"})),
        (
            "es-guide",
            "/api/v1/search/?"
            + urlencode({"q": "sesiones", "locale": "es", "guide": "guide-0007"}),
        ),
    ]


# --- data set (runs inside the stack's environment: `python bench/search.py --build`) -----


def build() -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Locale

    from content.services import import_guide_text
    from locales.registry import get_registry

    call_command("sync_locales", verbosity=0)
    text = (ROOT / "content/fixtures/exosome-hair-loss-guide.txt").read_text(encoding="utf-8")
    first_line, rest = text.split("\n", 1)
    spanish_locale = Locale.objects.get(language_code=get_registry().get("es").django_code)
    started = time.perf_counter()
    for n in range(GUIDES):
        own = f"{first_line} This guide's own word is {rare_word(n)}.\n{rest}"
        page = import_guide_text(
            own, slug=f"guide-{n:04d}", title=f"Exosome hair loss guide {n}", publish=True
        ).page
        if n < SPANISH:
            translate(page, spanish_locale)
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load (it is off on some shared servers).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"built {GUIDES} guides ({SPANISH} in Spanish) in {time.perf_counter() - started:.0f} s")


SPANISH_ITEMS = {
    7: (
        "¿Cuántas sesiones se necesitan?",
        "<p>La mayoría de los pacientes necesita varias sesiones, con algunas semanas "
        "entre una y otra.</p>",
    ),
    8: (
        "¿Cuáles son los posibles efectos secundarios?",
        "<p>Algunas personas notan un enrojecimiento leve o una caída del cabello temporal "
        "que desaparece en pocos días.</p>",
    ),
}


def translate(page, locale) -> None:
    target = page.copy_for_translation(locale)
    target.title = f"Guía de pérdida de cabello {page.slug}"
    body = page.body.raw_data
    for n, (question, answer) in SPANISH_ITEMS.items():
        body[0]["value"]["items"][n]["value"].update(question=question, answer=answer)
    target.body = body
    target.save_revision().publish()


# --- stacks -----------------------------------------------------------------------------


def prepare(name: str, env: dict[str, str]) -> None:
    # Publishing queues purge tasks: run them in-process, not on a queue nobody drains.
    setup_env = {**env, "TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    print(f"[{name}] migrate + {GUIDES} guides ...", flush=True)
    subprocess.run(
        [str(BIN / "python"), "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=setup_env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    done = subprocess.run(
        [str(BIN / "python"), __file__, "--build"],
        cwd=ROOT,
        env=setup_env,
        check=True,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    print(f"[{name}] {done.stdout.strip().splitlines()[-1]}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="per query per stack")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--pg-db", default="guide_cms_search_bench")
    parser.add_argument("--cache-db", type=int, default=13)
    parser.add_argument("--queue-db", type=int, default=12)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        return build()

    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    servers: list[tuple[str, subprocess.Popen, int, Path]] = []
    rows: list[tuple[str, str, Figures]] = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        var_dir = Path(tmp)
        try:
            stacks = [("SQLite FTS5 + locmem", {**base_env(var_dir), **embedded_env(var_dir)})]
            prod = production_env(
                var_dir, db=args.pg_db, cache_db=args.cache_db, queue_db=args.queue_db
            )
            if prod is not None:
                stacks.append(("PostgreSQL FTS + Redis", {**base_env(var_dir), **prod}))
            for name, env in stacks:
                prepare(name, env)
            for n, (name, env) in enumerate(stacks):
                log = var_dir / f"gunicorn-{n}.log"
                proc, port = serve(env, args.workers, log)
                servers.append((name, proc, port, log))
            for label, path in queries():
                for name, proc, port, log in servers:  # check, and warm up
                    if proc.poll() is not None:
                        raise SystemExit(f"[{name}] gunicorn exited:\n{log.read_text()[-3000:]}")
                    status, _, body = request(port, path)
                    if status != 200 or b'"count":0' in body:
                        raise SystemExit(f"[{name}] {label} answered {status}: {body[:200]!r}")
                    load(port, path, {}, 200, 50, args.concurrency)
                totals = {name: Figures(0, 0.0, [], 0) for name, *_ in servers}
                per_turn = max(1, args.requests // ROUNDS)
                for _ in range(ROUNDS):
                    for name, _, port, _ in servers:
                        fig = load(port, path, {}, 200, per_turn, args.concurrency)
                        total = totals[name]
                        total.requests += fig.requests
                        total.seconds += fig.seconds
                        total.latencies_ms += fig.latencies_ms
                        total.errors += fig.errors
                for name, *_ in servers:
                    print(f"[{name}] {label}: {totals[name].rps:,.0f} req/s", flush=True)
                    rows.append((label, name, totals[name]))
        finally:
            for _, proc, _, _ in servers:
                proc.terminate()
                proc.wait(timeout=30)

    print()
    print(
        f"{GUIDES} guides (English), {SPANISH} also in Spanish; gunicorn gthread "
        f"{args.workers} processes; {args.concurrency} keep-alive clients; {args.requests} "
        f"requests per row in {ROUNDS} turns; {os.cpu_count()} CPU cores shared by client and "
        f"server; load average now {os.getloadavg()[0]:.2f}"
    )
    header = (
        f"{'query':<9} {'stack':<24} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'errors':>7}"
    )
    print(header)
    print("-" * len(header))
    for label, name, fig in rows:
        print(
            f"{label:<9} {name:<24} {fig.rps:>7,.0f} {fig.pct(0.5):>8.2f} "
            f"{fig.pct(0.95):>8.2f} {fig.pct(0.99):>8.2f} {fig.errors:>7}"
        )


if __name__ == "__main__":
    main()

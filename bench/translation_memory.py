"""Translation memory benchmark: what reaches the provider on a first run and a re-run.

Builds the demo guide in a throwaway SQLite database, machine-translates it into every
target locale (pseudo provider unless TRANSLATION_PROVIDER says otherwise), has a
reviewer approve and publish everything, edits ONE answer of the source, publishes it
and runs the draft step again. Prints characters and requests per run; the re-run
should send only the edited answer's characters, once per locale.

    .venv/bin/python bench/translation_memory.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_tmp = tempfile.TemporaryDirectory(prefix="bench-tm-")
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from wagtail_localize.models import TranslationSource  # noqa: E402

from content.services import import_guide_file  # noqa: E402
from locales.machine_translation.drafts import create_machine_draft  # noqa: E402
from locales.machine_translation.protection import protect  # noqa: E402
from locales.registry import get_registry  # noqa: E402
from locales.review.actions import (  # noqa: E402
    approve_all_without_warnings,
    approve_segment,
    publish_translation,
)
from locales.review.selectors import segment_rows, source_segments, translation_for_page  # noqa: E402
from locales.services import sync_locales  # noqa: E402

SEED = ROOT / "content" / "fixtures" / "exosome-hair-loss-guide.txt"
EDITED_ANSWER = (
    "<p>Most patients need 3 to 6 sessions, spaced 4 to 6 weeks apart; your clinician "
    "will adjust the plan to how your scalp responds.</p>"
)


def run_all(source, user) -> tuple[int, int, int, float]:
    characters = requests = segments = 0
    started = time.perf_counter()
    for info in get_registry().targets:
        result = create_machine_draft(source, info.code, user=user)
        characters += result.characters_sent
        requests += result.requests
        segments += result.segments_sent
    return characters, requests, segments, time.perf_counter() - started


def review_and_publish(source, user) -> None:
    from content.models import GuidePage

    for page in GuidePage.objects.filter(translation_key=source.translation_key).exclude(
        locale=source.locale
    ):
        translation = translation_for_page(page)
        approve_all_without_warnings(translation, user)
        for row in segment_rows(translation):  # a human looks at whatever QA flagged
            if row.needs_review:
                approve_segment(translation, row.segment.pk, user)
        publish_translation(translation, user)


def main() -> None:
    call_command("migrate", verbosity=0)
    sync_locales()
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")
    source = import_guide_file(SEED, slug="exosome-hair-loss", publish=True).page
    targets = [info.code for info in get_registry().targets]
    translation_source, _ = TranslationSource.get_or_create_from_instance(source)
    rows = source_segments(translation_source)
    source_chars = sum(len(segment.string.data) for segment, _slot in rows)

    print(
        f"provider: {os.environ.get('TRANSLATION_PROVIDER', 'pseudo')}; locales: {', '.join(targets)}"
    )
    print(f"demo guide: {len(rows)} reviewable segments, {source_chars} source characters")

    chars, reqs, segs, secs = run_all(source, user)
    print(
        f"first translation into {len(targets)} locales: {chars} characters, {reqs} requests, "
        f"{segs} segments sent ({secs:.2f} s)"
    )

    review_and_publish(source, user)
    again, again_reqs, again_segs, _ = run_all(source, user)
    print(
        f"re-run with no source change: {again} characters, {again_reqs} requests, {again_segs} segments sent"
    )

    draft = source.get_latest_revision_as_object()
    raw = draft.body.raw_data
    raw[0]["value"]["items"][7]["value"]["answer"] = EDITED_ANSWER
    draft.body = raw
    draft.save_revision().publish()
    answer_text = EDITED_ANSWER.removeprefix("<p>").removesuffix("</p>")
    answer_chars = len(answer_text)
    chars, reqs, segs, secs = run_all(source, user)
    print(
        f"re-run after editing one answer ({answer_chars} characters): {chars} characters, "
        f"{reqs} requests, {segs} segments sent ({secs:.2f} s)"
    )
    sent_form = len(protect(answer_text, []).text)
    print(
        f"  = {chars / len(targets):.0f} characters per locale; the edited answer is "
        f"{answer_chars} characters, {sent_form} once numbers are protected by placeholders"
    )


if __name__ == "__main__":
    main()

"""An RQ worker killed with SIGKILL in the middle of a machine-translation job.

The job is caught while its provider request is in flight (a local LibreTranslate stand-in
that holds the request), then the worker is killed: either its work-horse alone (the
worker survives and records the failure), or the worker and its work-horse together (a
lost machine: nobody records anything). Either way the job ends failed with a message an
editor can act on, the previous draft and every reviewed segment are exactly as before,
and running the job again works.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator

import pytest
from django.test import Client

from tests.doubles import SlowLibreTranslate, children_of
from tests.production.conftest import wait_until

pytestmark = pytest.mark.production


@pytest.fixture
def slow_libre() -> Iterator[SlowLibreTranslate]:
    server = SlowLibreTranslate(hold=120)
    yield server
    server.close()


def reviewed_state(translation) -> list[tuple]:
    from locales.models import SegmentReview, SegmentStatus

    return sorted(
        (r.pk, r.string_id, r.translation_hash, r.reviewed_by_id, r.string_translation.data)
        for r in SegmentReview.objects.filter(
            translation=translation, status=SegmentStatus.REVIEWED
        ).select_related("string_translation")
    )


@pytest.mark.parametrize("killed", ["work-horse", "worker and work-horse"])
def test_a_killed_worker_leaves_drafts_and_reviews_intact_and_the_job_can_run_again(
    demo_guide, start_worker, slow_libre, django_user_model, killed
):
    from locales.machine_translation.drafts import create_machine_draft
    from locales.machine_translation.jobs import JobStatus
    from locales.machine_translation.tasks import start_machine_translation
    from locales.review.selectors import translation_for_page
    from tests.translation.conftest import approve_everything, edit_source_answer

    editor = django_user_model.objects.create_superuser("editor", "e@example.com", "pw")
    draft = create_machine_draft(demo_guide, "fr", user=editor)  # pseudo provider, here
    translation = translation_for_page(draft.page)
    approve_everything(translation, editor, except_paths=(".answer",))
    edit_source_answer(demo_guide, 0, 0, "<p>A first answer the reviewer has not seen.</p>")
    reviewed_before = reviewed_state(translation)
    assert reviewed_before, "the setup approved segments"
    fr_page = draft.page
    revision_before = fr_page.get_latest_revision().pk

    env = {
        "TRANSLATION_PROVIDER": "libretranslate",
        "LIBRETRANSLATE_URL": slow_libre.url,
        "TRANSLATION_MAX_ATTEMPTS": "1",
        "TRANSLATION_TIMEOUT": "120",
    }
    worker = start_worker(**env)
    job = start_machine_translation(demo_guide, ["fr"], user=editor)
    assert slow_libre.arrived.wait(timeout=60), "the job never called the provider"
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    horses = children_of(worker.pid)
    assert horses, "RQ runs each job in a forked work-horse"
    if killed == "worker and work-horse":
        os.kill(worker.pid, signal.SIGKILL)
    for horse in horses:
        os.kill(horse, signal.SIGKILL)
    slow_libre.release.set()

    # The editor's job page polls this: it ends the job, with a message.
    client = Client()
    client.force_login(editor)

    def status() -> dict:
        return client.get(f"/admin/translations/jobs/{job.pk}/status/").json()

    wait_until(lambda: status()["finished"], timeout=60, what="the job to be ended")
    answer = status()
    assert answer["status"] == JobStatus.FAILED
    assert "stopped before it finished" in answer["message"]
    assert "previous draft and every reviewed segment are unchanged" in answer["message"]
    assert "Start Machine-translate again" in answer["message"]
    fr_page.refresh_from_db()
    assert fr_page.get_latest_revision().pk == revision_before
    assert reviewed_state(translation) == reviewed_before
    assert not fr_page.live

    # Run it again, on a worker that is alive, with a provider that answers.
    slow_libre.arrived.clear()
    start_worker(**env)
    retry = start_machine_translation(demo_guide, ["fr"], user=editor)

    def finished() -> bool:
        retry.refresh_from_db()
        return retry.finished

    wait_until(finished, timeout=120, what=f"the retried job {retry.pk}")
    assert retry.status == JobStatus.SUCCEEDED, retry.message
    fr_page.refresh_from_db()
    latest = fr_page.get_latest_revision()
    assert latest.pk != revision_before
    assert "FR:" in json.dumps(latest.content), "the new answer came from the provider"
    assert reviewed_state(translation) == reviewed_before  # a machine never overwrote them

"""Editor actions for bench/faults.py, run as a separate process against the fault stack.

    python bench/fault_actions.py publish "New title"
    python bench/fault_actions.py prepare-translation     # fr draft, reviews, a changed source
    python bench/fault_actions.py state                   # the fr draft and its reviews
    python bench/fault_actions.py start-job               # machine-translate into fr
    python bench/fault_actions.py job ID                  # its status (ending it if abandoned)

Each prints one JSON object. The environment (production settings) comes from faults.py.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time

import django

SLUG = "exosome-hair-loss"


def source_guide():
    from content.models import GuidePage
    from locales.registry import get_registry

    source = get_registry().source.django_code
    return GuidePage.objects.get(slug=SLUG, locale__language_code=source)


def editor():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def fr_translation():
    from wagtail_localize.models import Translation

    from locales.registry import get_registry

    return Translation.objects.get(
        source__object_id=source_guide().translation_key,
        target_locale__language_code=get_registry().get("fr").django_code,
    )


def state() -> dict:
    from locales.models import SegmentReview, SegmentStatus

    translation = fr_translation()
    page = translation.get_target_instance()
    reviewed = sorted(
        (r.pk, r.string_id, r.translation_hash, r.string_translation.data)
        for r in SegmentReview.objects.filter(
            translation=translation, status=SegmentStatus.REVIEWED
        ).select_related("string_translation")
    )
    digest = hashlib.sha256(json.dumps(reviewed).encode()).hexdigest()[:16]
    return {
        "revision": page.get_latest_revision().pk,
        "reviewed": len(reviewed),
        "reviewed_digest": digest,
        "live": page.live,
    }


def main(action: str, *args: str) -> dict:
    if action == "publish":
        page = source_guide().get_latest_revision_as_object()
        page.title = args[0]
        page.save_revision().publish()
        return {"published": args[0], "at": time.time()}  # committed (bench/edge.py)
    if action == "prepare-translation":
        from locales.machine_translation.drafts import create_machine_draft
        from locales.review.actions import approve_segment
        from locales.review.selectors import segment_rows

        user = editor()
        draft = create_machine_draft(source_guide(), "fr", provider="pseudo", user=user)
        from locales.review.selectors import translation_for_page

        translation = translation_for_page(draft.page)
        for row in segment_rows(translation):
            if row.needs_review and not row.path.endswith(".answer"):
                approve_segment(translation, row.segment.pk, user)
        page = source_guide().get_latest_revision_as_object()
        raw = page.body.raw_data
        raw[0]["value"]["items"][0]["value"]["answer"] = "<p>A first answer nobody reviewed.</p>"
        page.body = raw
        page.save_revision().publish()
        return state()
    if action == "state":
        return state()
    if action == "start-job":
        from locales.machine_translation.tasks import start_machine_translation

        return {"job": start_machine_translation(source_guide(), ["fr"], user=editor()).pk}
    if action == "job":
        from locales.machine_translation.jobs import TranslationJob
        from locales.machine_translation.recovery import recover

        job = TranslationJob.objects.get(pk=int(args[0]))
        recover(job)
        return {"status": job.status, "message": job.message}
    raise SystemExit(f"unknown action {action!r}")


if __name__ == "__main__":
    django.setup()
    print(json.dumps(main(*sys.argv[1:])))

"""`manage.py translate_guide`: the same service from the command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError

from content.models import GuidePage
from locales.review.state import SegmentReview
from tests.translation.conftest import libre_500

pytestmark = pytest.mark.django_db


def test_translates_into_several_locales_then_sends_nothing(demo_guide, run_command):
    out = run_command("translate_guide", "exosome-hair-loss", "--to", "es,pt_br")
    assert "es: draft created" in out and "pt-BR: draft created" in out
    again = run_command("translate_guide", "exosome-hair-loss", "--to", "es")
    assert "0 segments, 0 characters in 0 requests sent" in again and "36 kept" in again
    assert GuidePage.objects.filter(translation_key=demo_guide.translation_key).count() == 3


def test_provider_failure_exits_non_zero_and_changes_nothing(demo_guide, run_command, libre):
    libre_500(libre)
    with pytest.raises(CommandError, match=r"es: .*500.*Nothing was changed for es"):
        run_command(
            "translate_guide", "exosome-hair-loss", "--to", "es", "--provider", "libretranslate"
        )
    assert not GuidePage.objects.filter(
        locale__language_code="es", translation_key=demo_guide.translation_key
    ).exists()
    assert SegmentReview.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-guide", "--to", "es"], "No en guide with slug 'no-such-guide'"),
        (["exosome-hair-loss", "--to", "tlh"], "enabled locales"),
        (["exosome-hair-loss", "--to", "es", "--provider", "nope"], "unknown translation provider"),
    ],
)
def test_bad_arguments_are_explained(demo_guide, run_command, args, message):
    with pytest.raises(CommandError, match=message):
        run_command("translate_guide", *args)


def test_a_fully_reviewed_published_translation_is_left_alone(
    demo_guide, run_command, admin_user, approve
):
    """Issue 11: a run with nothing to send writes nothing and says so (no pending draft)."""
    from locales.review.actions import publish_translation
    from locales.review.selectors import translation_for_page

    run_command("translate_guide", "exosome-hair-loss", "--to", "es")
    spanish = GuidePage.objects.get(
        translation_key=demo_guide.translation_key, locale__language_code="es"
    )
    translation = translation_for_page(spanish)
    approve(translation, admin_user)
    publish_translation(translation, admin_user)
    revisions = spanish.revisions.count()

    for _ in range(2):
        out = run_command("translate_guide", "exosome-hair-loss", "--to", "es")
        assert "es: nothing to do, no revision written" in out and "draft updated" not in out
    spanish.refresh_from_db()
    assert spanish.revisions.count() == revisions
    assert spanish.live and not spanish.has_unpublished_changes


def test_an_unknown_provider_is_refused_up_front(demo_guide, run_command):
    run_command("translate_guide", "exosome-hair-loss", "--to", "es")
    # nothing would be sent now, and the name is still refused before anything runs
    with pytest.raises(
        CommandError, match=r"unknown translation provider 'nope'.*Nothing was changed"
    ):
        run_command("translate_guide", "exosome-hair-loss", "--to", "es", "--provider", "nope")
    with pytest.raises(CommandError, match="unknown translation provider 'nope'"):
        run_command("translate_guide", "exosome-hair-loss", "--to", "fr", "--provider", "nope")
    assert not GuidePage.objects.filter(
        locale__language_code="fr", translation_key=demo_guide.translation_key
    ).exists()

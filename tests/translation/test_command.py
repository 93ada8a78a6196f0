"""`manage.py translate_guide`: the same service from the command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError

from content.models import GuidePage
from locales.review_state import SegmentReview

from .conftest import libre_500

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

"""`record_medical_review`: what it records, and every refusal (non-zero exit, clear message)."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError
from django.utils import timezone
from wagtail.models import PageLogEntry

from clinical.models import MedicalSignOff
from clinical.selectors import current_sign_off

SLUG = "exosome-hair-loss"


def test_records_a_sign_off_with_revision_credentials_and_audit_entry(
    demo_guide, clinician, run_command
):
    out = run_command(
        "record_medical_review", SLUG, "--locale", "en", "--reviewer", "ada",
        "--date", "2026-11-01", "--notes", "Checked against the 2025 review.",
        "--credentials", "MD, PhD",
    )  # fmt: skip
    assert "signed off by Dr. Ada Example on 2026-11-01" in out
    sign_off = current_sign_off(demo_guide.translation_key, demo_guide.locale_id)
    assert sign_off.reviewer == clinician
    assert sign_off.reviewer_name == "Dr. Ada Example"
    assert sign_off.credentials == "MD, PhD"
    assert sign_off.revision_id == demo_guide.get_latest_revision().pk
    assert sign_off.notes == "Checked against the 2025 review."
    assert len(sign_off.content_hash) == 64
    entry = PageLogEntry.objects.get(page=demo_guide, action="clinical.sign_off")
    assert entry.user == clinician
    assert entry.data["reviewed_on"] == "2026-11-01" and entry.data["locale"] == "en"
    assert "Medically signed off by Dr. Ada Example, MD, PhD" in entry.message


def test_a_later_date_replaces_the_current_sign_off_and_history_is_kept(
    demo_guide, clinician, run_command
):
    for date in ("2026-01-10", "2026-06-01"):
        run_command("record_medical_review", SLUG, "--locale", "en", "--reviewer", "ada",
                    "--date", date)  # fmt: skip
    current = current_sign_off(demo_guide.translation_key, demo_guide.locale_id)
    assert current.reviewed_on == datetime.date(2026, 6, 1)
    assert MedicalSignOff.objects.count() == 2
    assert PageLogEntry.objects.filter(action="clinical.sign_off").count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--reviewer", "nobody"], "There is no user “nobody”"),
        (["--reviewer", "eve"], "eve may not sign off guides medically"),
        (["--reviewer", "ada", "--date", "2999-01-01"], "cannot be in the future"),
        (["--reviewer", "ada", "--date", "01/02/2026"], "--date must be YYYY-MM-DD"),
        (["--reviewer", "ada", "--locale", "xx-nope"], "Unknown locale"),
        (["--reviewer", "ada", "--locale", "es"], "has no es version to sign off"),
    ],
)
def test_refusals(demo_guide, clinician, editor, run_command, args, message):
    argv = ["record_medical_review", SLUG, "--locale", "en", *args]
    with pytest.raises(CommandError, match=message):
        run_command(*argv)
    assert not MedicalSignOff.objects.exists()
    assert not PageLogEntry.objects.filter(action="clinical.sign_off").exists()


def test_refuses_an_unknown_guide(locales, clinician, run_command):
    with pytest.raises(CommandError, match="no guide with the slug 'nope'"):
        run_command("record_medical_review", "nope", "--locale", "en", "--reviewer", "ada")


def test_refuses_an_inactive_reviewer(demo_guide, clinician, run_command):
    clinician.is_active = False
    clinician.save()
    with pytest.raises(CommandError, match="ada may not sign off"):
        run_command("record_medical_review", SLUG, "--locale", "en", "--reviewer", "ada")


def test_refuses_a_date_before_the_current_sign_off(demo_guide, clinician, run_command):
    run_command("record_medical_review", SLUG, "--locale", "en", "--reviewer", "ada",
                "--date", "2026-06-01")  # fmt: skip
    with pytest.raises(CommandError, match="already in force"):
        run_command("record_medical_review", SLUG, "--locale", "en", "--reviewer", "ada",
                    "--date", "2026-05-01")  # fmt: skip
    assert MedicalSignOff.objects.count() == 1


def test_default_date_is_today(demo_guide, clinician, run_command):
    run_command("record_medical_review", SLUG, "--locale", "en", "--reviewer", "ada")
    sign_off = current_sign_off(demo_guide.translation_key, demo_guide.locale_id)
    assert sign_off.reviewed_on == timezone.localdate()

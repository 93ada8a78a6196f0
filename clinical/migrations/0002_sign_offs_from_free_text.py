"""The guides' former free-text "medical reviewer" and "last reviewed" fields become
sign-off records (one per page that had a review date), before content drops the fields.

A migrated record names no account (the text named none), keeps the typed name, and has no
text fingerprint, so it never reports "changed since review"; its notes say where it came
from. A name without a date is no record of a review and is not migrated.
"""

from django.db import migrations

NOTE = "Migrated from the guide's former free-text medical reviewer fields; no account, no credentials."


def forwards(apps, schema_editor):
    GuidePage = apps.get_model("content", "GuidePage")
    MedicalSignOff = apps.get_model("clinical", "MedicalSignOff")
    pages = GuidePage.objects.filter(last_reviewed__isnull=False).values(
        "id", "translation_key", "locale_id", "latest_revision_id", "reviewer_name", "last_reviewed"
    )
    MedicalSignOff.objects.bulk_create(
        MedicalSignOff(
            translation_key=row["translation_key"],
            locale_id=row["locale_id"],
            page_id=row["id"],
            revision_id=row["latest_revision_id"],
            content_hash="",
            reviewer_name=(row["reviewer_name"] or "").strip() or "Not recorded",
            reviewed_on=row["last_reviewed"],
            notes=NOTE,
        )
        for row in pages
    )


def backwards(apps, schema_editor):
    GuidePage = apps.get_model("content", "GuidePage")
    MedicalSignOff = apps.get_model("clinical", "MedicalSignOff")
    for sign_off in MedicalSignOff.objects.filter(notes=NOTE):
        GuidePage.objects.filter(pk=sign_off.page_id).update(
            last_reviewed=sign_off.reviewed_on, reviewer_name=sign_off.reviewer_name
        )
    MedicalSignOff.objects.filter(notes=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("clinical", "0001_initial"), ("content", "0002_guide_import")]

    operations = [migrations.RunPython(forwards, backwards)]

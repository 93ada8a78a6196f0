"""The former free-text reviewer fields become sign-off records (clinical migration 0002)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("content", "0002_guide_import"), ("clinical", "0001_initial")]
AFTER = [("content", "0003_medical_review_records"), ("clinical", "0002_sign_offs_from_free_text")]


# Transactional (migrations cannot run inside the test transaction); serialized_rollback
# restores the data migrations wrote (Wagtail's root page) for this and later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_free_text_review_becomes_a_record_and_a_name_without_date_does_not(
    demo_guide, import_guide
):
    other = import_guide("second-guide")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE content_guidepage SET last_reviewed = %s, reviewer_name = %s "
            "WHERE page_ptr_id = %s",
            ["2025-05-01", "Dr. Old Text", demo_guide.pk],
        )
        cursor.execute(
            "UPDATE content_guidepage SET reviewer_name = %s WHERE page_ptr_id = %s",
            ["Name Only", other.pk],
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    from clinical.models import MedicalSignOff
    from clinical.selectors import current_sign_off

    sign_off = current_sign_off(demo_guide.translation_key, demo_guide.locale_id)
    assert sign_off.reviewer_name == "Dr. Old Text" and sign_off.reviewer is None
    assert sign_off.reviewed_on == datetime.date(2025, 5, 1)
    assert sign_off.content_hash == "" and "Migrated" in sign_off.notes
    assert MedicalSignOff.objects.count() == 1  # "Name Only" had no date: no record

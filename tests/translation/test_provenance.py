"""The provenance ledger: machine text is known as such for good, approvals are per locale."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation

from locales.gate.provenance import (
    ApprovedText,
    MachineText,
    approved_fingerprints,
    fingerprint,
    machine_fingerprints,
)
from locales.machine_translation.pipeline import translate_texts
from locales.registry import get_registry
from locales.review.actions import approve_segment
from locales.review.selectors import segment_rows

pytestmark = pytest.mark.django_db


def test_the_pipeline_records_every_output_that_differs_from_its_source(locales):
    registry = get_registry()
    texts = ["Take <b>5 mg</b> daily.", "5 mg", "Minoxidil"]
    result = translate_texts(texts, source=registry.source, target=registry.get("es"))
    recorded = machine_fingerprints(fingerprint(t) for t in result.translations)
    # "5 mg" comes back untouched (numbers only): no machine-written words, not recorded.
    assert recorded == {fingerprint(result.translations[0]), fingerprint(result.translations[2])}
    assert MachineText.objects.get(fingerprint=fingerprint(result.translations[0])).locale == "es"


def test_fingerprints_see_the_words_not_the_markup():
    assert fingerprint('Read <a id="a1">the leaflet</a>.') == fingerprint(
        'Read <a href="https://example.org/x">the   leaflet</a>.'
    )
    assert fingerprint("caf\u00e9 &amp; te") == fingerprint("cafe\u0301 & te")  # NFC, entities
    assert fingerprint("Take 5 mg") != fingerprint("Take 50 mg")


def test_an_approval_is_for_one_locale(draft, es_translation, admin_user):
    row = next(r for r in segment_rows(es_translation) if r.path == "intro")
    approve_segment(es_translation, row.segment.pk, admin_user)
    fp = fingerprint(row.translated_text)
    es = es_translation.target_locale
    pt = Locale.objects.get(language_code=get_registry().get("pt-BR").django_code)
    assert approved_fingerprints(es.pk, [fp]) == {fp}
    assert approved_fingerprints(pt.pk, [fp]) == set()
    approval = ApprovedText.objects.get(locale=es, fingerprint=fp)
    assert approval.approved_by == admin_user


def test_the_migration_brings_existing_data_into_the_ledger(draft, es_translation, admin_user):
    """Machine translations stored before the ledger existed, and approvals given, enter
    it; a machine-made slug translation (left by wagtail-localize's button) is dropped."""
    row = next(r for r in segment_rows(es_translation) if r.path == "intro")
    approve_segment(es_translation, row.segment.pk, admin_user)
    slug = StringTranslation.objects.create(
        translation_of=row.segment.string,  # any string will do for the slug context row
        locale=es_translation.target_locale,
        context=type(row.segment.context).objects.get_or_create(
            object_id=row.segment.context.object_id, path="slug"
        )[0],
        data="exosoe-hair-loss",
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    )
    MachineText.objects.all().delete()
    ApprovedText.objects.all().delete()

    migration = importlib.import_module("locales.migrations.0004_provenance_ledger")
    migration.backfill(apps, None)

    machine = {
        fingerprint(r.translated_text) for r in segment_rows(es_translation) if r.translated_text
    }
    assert machine_fingerprints(machine) == machine
    assert approved_fingerprints(es_translation.target_locale_id, machine) == {
        fingerprint(row.translated_text)
    }
    assert not StringTranslation.objects.filter(pk=slug.pk).exists()

"""What the API says: a locale's own sign-off, overdue, changed since review, JSON-LD."""

from __future__ import annotations

import datetime

from pyld import jsonld as pyld

from clinical.services import record_sign_off
from tests.clinical.conftest import detail, jsonld

SCHEMA = "http://schema.org/"


def _sign(page, user, date=datetime.date(2026, 11, 1)):
    return record_sign_off(page, user, reviewed_on=date)


def test_an_english_sign_off_never_appears_on_a_translation(
    client, demo_guide, clinician, translate
):
    spanish = translate(demo_guide, "es")
    _sign(demo_guide, clinician)
    english = detail(client, "en")["medical_review"]
    assert english["reviewed_by"] == {"name": "Dr. Ada Example", "credentials": "MD, Dermatology"}
    assert english["last_reviewed"] == "2026-11-01"
    assert english["next_review_due"] == "2027-11-01"
    assert english["overdue"] is False and english["content_changed_since"] is False
    assert english["disclaimer"] == demo_guide.disclaimer

    es = detail(client, "es")
    assert es["locale"] == "es" and es["fallback"] is False
    assert es["medical_review"] == {
        "reviewed_by": None,
        "last_reviewed": None,
        "next_review_due": None,
        "overdue": None,
        "content_changed_since": None,
        "disclaimer": spanish.disclaimer,
    }
    assert "reviewedBy" not in jsonld(client, "es")

    # The Spanish sign-off is its own record, with its own date.
    _sign(spanish, clinician, datetime.date(2026, 11, 20))
    assert detail(client, "es")["medical_review"]["last_reviewed"] == "2026-11-20"
    assert detail(client, "en")["medical_review"]["last_reviewed"] == "2026-11-01"


def test_overdue_after_the_interval_and_per_guide_override(
    client, demo_guide, clinician, edit_source, settings
):
    _sign(demo_guide, clinician, datetime.date(2020, 1, 1))
    review = detail(client, "en")["medical_review"]
    assert review["next_review_due"] == "2020-12-31" and review["overdue"] is True

    settings.MEDICAL_REVIEW_INTERVAL_DAYS = 365 * 20
    edit_source(demo_guide, medical_review_interval_days=3 * 365)  # HSE: every three years
    review = detail(client, "en")["medical_review"]
    assert review["next_review_due"] == "2022-12-31" and review["overdue"] is True


def test_changed_since_review_when_a_later_publish_changes_the_text(
    client, demo_guide, clinician, edit_source
):
    _sign(demo_guide, clinician, datetime.date.today())
    assert detail(client, "en")["medical_review"]["content_changed_since"] is False
    edit_source(demo_guide, seo_title="Only metadata changed")  # not medical text
    assert detail(client, "en")["medical_review"]["content_changed_since"] is False
    edit_source(demo_guide, intro="<p>A new claim no clinician has read.</p>")
    review = detail(client, "en")["medical_review"]
    assert review["content_changed_since"] is True and review["overdue"] is False
    # A new sign-off of the new text clears it.
    _sign(demo_guide, clinician, datetime.date.today())
    assert detail(client, "en")["medical_review"]["content_changed_since"] is False


def _schema_org_loader(url, options=None):
    """The schema.org context, offline: its @vocab (what the published context declares)."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": SCHEMA}},
    }


def test_jsonld_is_a_medical_web_page_and_faq_page_with_the_review(client, demo_guide, clinician):
    _sign(demo_guide, clinician)
    data = jsonld(client, "en")
    assert data["@type"] == ["MedicalWebPage", "FAQPage"]
    (page,) = pyld.expand(data, {"documentLoader": _schema_org_loader})
    assert set(page["@type"]) == {SCHEMA + "MedicalWebPage", SCHEMA + "FAQPage"}
    assert page[SCHEMA + "lastReviewed"] == [{"@value": "2026-11-01"}]
    (person,) = page[SCHEMA + "reviewedBy"]
    assert person["@type"] == [SCHEMA + "Person"]
    assert person[SCHEMA + "name"] == [{"@value": "Dr. Ada Example"}]
    assert person[SCHEMA + "honorificSuffix"] == [{"@value": "MD, Dermatology"}]
    (audience,) = page[SCHEMA + "medicalAudience"]
    assert audience["@type"] == [SCHEMA + "Patient"]
    assert page[SCHEMA + "inLanguage"] == [{"@value": "en"}]
    questions = page[SCHEMA + "mainEntity"]
    assert len(questions) == 15 and questions[0]["@type"] == [SCHEMA + "Question"]
    answer = questions[0][SCHEMA + "acceptedAnswer"][0]
    assert answer["@type"] == [SCHEMA + "Answer"] and answer[SCHEMA + "text"][0]["@value"]


def test_bundle_and_sync_carry_the_review(client, demo_guide, clinician):
    import json

    _sign(demo_guide, clinician)
    bundle = json.loads(client.get("/api/v1/bundles/en/").content)
    assert bundle["guides"][0]["medical_review"]["reviewed_by"]["name"] == "Dr. Ada Example"
    sync = json.loads(client.get("/api/v1/sync/?locale=en").content)
    (guide,) = sync["changed"]
    assert guide["medical_review"]["last_reviewed"] == "2026-11-01"

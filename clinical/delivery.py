"""What the API says about a guide's medical review and readability (api/documents/builder.py).

The read model calls these when it builds a guide's document; a translation's review is
its own (the current sign-off of that locale), never the source's.
"""

from __future__ import annotations

import datetime
from typing import Any

from clinical.readability import page_readability
from clinical.selectors import page_review_status


def medical_review(page, on: datetime.date | None = None) -> dict[str, Any]:
    """`medical_review` of a guide document; reviewer, dates and flags null when this locale
    was never signed off."""
    status = page_review_status(page, on)
    sign_off = status.sign_off
    if sign_off is None:
        return {
            "reviewed_by": None,
            "last_reviewed": None,
            "next_review_due": None,
            "overdue": None,
            "content_changed_since": None,
            "disclaimer": page.disclaimer or "",
        }
    return {
        "reviewed_by": {
            "name": sign_off.reviewer_name,
            "credentials": sign_off.credentials or None,
        },
        "last_reviewed": sign_off.reviewed_on.isoformat(),
        "next_review_due": status.next_due.isoformat(),
        "overdue": status.overdue,
        "content_changed_since": status.changed,
        "disclaimer": page.disclaimer or "",
    }


def readability(page) -> dict[str, Any]:
    return page_readability(page).as_dict()


def jsonld_review(review: dict[str, Any]) -> dict[str, Any]:
    """schema.org MedicalWebPage properties from a document's `medical_review`."""
    properties: dict[str, Any] = {"medicalAudience": {"@type": "Patient"}}
    reviewer = review.get("reviewed_by")
    if review.get("last_reviewed"):
        properties["lastReviewed"] = review["last_reviewed"]
    if reviewer:
        person: dict[str, Any] = {"@type": "Person", "name": reviewer["name"]}
        if reviewer.get("credentials"):
            person["honorificSuffix"] = reviewer["credentials"]
        properties["reviewedBy"] = person
    return properties

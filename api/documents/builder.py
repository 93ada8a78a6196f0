"""Building the read model's documents (guide detail JSON and FAQPage JSON-LD) from pages.

Runs when content changes, not per request. Bytes are produced deterministically
(fixed key order, compact separators) so the same content hashes to the same
version and ETag on every process and server.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from api.documents.sanitize import plain_text, rich_text
from clinical import delivery as clinical
from content.models import GuidePage
from locales.registry import LocaleInfo, get_registry

SUMMARY_CHARS = 300
# Bump when the shape of the built documents changes (2: rich text carries `nodes`;
# 3: `medical_review` from sign-off records, `readability`, MedicalWebPage JSON-LD):
# snapshots of an older format are rebuilt after `migrate` (api/read_model/invalidation.py), so a
# deploy never serves the previous shape from the durable copy.
DOCUMENT_FORMAT = 3


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass(frozen=True)
class BuiltGuide:
    """One guide in one locale, ready to store and serve."""

    guide_id: str
    locale: str
    slug: str
    page_id: int
    title: str
    summary: str
    updated_at: datetime
    version: str
    document: bytes
    jsonld: bytes


def translation_metadata(page: GuidePage, info: LocaleInfo) -> dict[str, Any]:
    """Ask the translation workflow (its selector is the one way in) about this variant."""
    from locales.gate.summary import translation_summary

    summary = None if info.is_source else translation_summary(page)
    if summary is None:  # the original text
        return {
            "is_source": True,
            "source_locale": get_registry().source.code,
            "machine_translated": False,
            "reviewed_at": None,
            "outdated": False,
        }
    return {
        "is_source": False,
        "source_locale": summary.source_locale,
        "machine_translated": bool(summary.machine_translated),
        "reviewed_at": summary.reviewed_at.isoformat() if summary.reviewed_at else None,
        "outdated": bool(summary.outdated),
    }


def _summary(page: GuidePage, intro_text: str) -> str:
    text = (page.search_description or "").strip() or intro_text.split("\n", 1)[0]
    if len(text) <= SUMMARY_CHARS:
        return text
    return text[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"


def build_guide(page: GuidePage, *, guide_id: str, slug: str, available: list[str]) -> BuiltGuide:
    """Serialize the live content of `page` (already the live revision) for the API."""
    info = get_registry().get(page.locale.language_code)
    intro = rich_text(page.intro)
    groups = []
    for group in page.faq_groups():
        items = []
        for item in group.items:
            items.append(
                {
                    "id": item.id,
                    "number": item.number,
                    "question": plain_text(item.question),
                    "answer": rich_text(item.answer).as_dict(),
                }
            )
        groups.append({"id": group.id, "heading": plain_text(group.heading), "items": items})
    updated_at = page.last_published_at or page.latest_revision_created_at
    summary = _summary(page, intro.text)
    document: dict[str, Any] = {
        "id": guide_id,
        "slug": slug,
        "locale": info.code,
        "direction": info.direction,
        "title": plain_text(page.title),
        "summary": summary,
        "intro": intro.as_dict(),
        "groups": groups,
        "conclusion": rich_text(page.conclusion).as_dict(),
        "medical_review": clinical.medical_review(page),
        "readability": clinical.readability(page),
        "translation": translation_metadata(page, info),
        "available_locales": available,
    }
    # The version covers content only, so republishing unchanged content keeps it (and
    # the caller keeps the previous `updated_at`: the time the content last changed).
    version = content_hash(dumps(document))
    document["updated_at"] = updated_at.isoformat() if updated_at else None
    document["version"] = version
    return BuiltGuide(
        guide_id=guide_id,
        locale=info.code,
        slug=slug,
        page_id=page.pk,
        title=document["title"],
        summary=summary,
        updated_at=updated_at,
        version=version,
        document=dumps(document),
        jsonld=dumps(faq_jsonld(document)),
    )


def faq_jsonld(document: dict[str, Any]) -> dict[str, Any]:
    """schema.org MedicalWebPage + FAQPage for a clinic page's <script type="application/ld+json">
    (who reviewed it and when, for patients)."""
    return {
        "@context": "https://schema.org",
        "@type": ["MedicalWebPage", "FAQPage"],
        "name": document["title"],
        "inLanguage": document["locale"],
        "dateModified": document["updated_at"],
        **clinical.jsonld_review(document["medical_review"]),
        "mainEntity": [
            {
                "@type": "Question",
                "name": item["question"],
                "acceptedAnswer": {"@type": "Answer", "text": item["answer"]["html"]},
            }
            for group in document["groups"]
            for item in group["items"]
        ],
    }

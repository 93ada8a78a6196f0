"""Models of the locales app. Each concern lives in its own module and is re-exported here
so Django finds it."""

from locales.gate.provenance import ApprovedText, MachineText
from locales.glossary import GlossaryTerm
from locales.machine_translation.jobs import JobStatus, TranslationJob
from locales.review.state import SegmentOrigin, SegmentReview, SegmentStatus

__all__ = [
    "ApprovedText",
    "GlossaryTerm",
    "JobStatus",
    "MachineText",
    "SegmentOrigin",
    "SegmentReview",
    "SegmentStatus",
    "TranslationJob",
]

"""Models of the locales app. Each concern lives in its own module and is re-exported here
so Django finds it."""

from .glossary import GlossaryTerm
from .jobs import JobStatus, TranslationJob
from .provenance import ApprovedText, MachineText
from .review_state import SegmentOrigin, SegmentReview, SegmentStatus

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

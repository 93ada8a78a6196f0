"""Models of the locales app. Each concern lives in its own module and is re-exported here
so Django finds it."""

from .glossary import GlossaryTerm
from .jobs import JobStatus, TranslationJob
from .review_state import SegmentOrigin, SegmentReview, SegmentStatus

__all__ = [
    "GlossaryTerm",
    "JobStatus",
    "SegmentOrigin",
    "SegmentReview",
    "SegmentStatus",
    "TranslationJob",
]

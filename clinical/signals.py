"""The clinical app's one way to tell the layers above it that a guide's review changed.

The API (api/read_model/invalidation.py) rebuilds the guide's documents on it; clinical never imports
the API (dependency direction: content ← clinical ← locales, api).
"""

from django.dispatch import Signal

# Sent after commit with `guide_ids`: a set of translation keys whose medical review (a
# sign-off, or a due date that passed) changed what the API says.
medical_review_changed = Signal()

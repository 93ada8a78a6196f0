"""Admin writes either finish or leave everything as it was.

Several of Wagtail's page actions write in steps without a transaction of their own: a
copy kept live saves the new page, copies its revisions, then points its live revision at
the copied draft. When a check refuses a later step (the publish guard raises from
`pre_save`), the earlier steps stay: half a copy, live. Django's ATOMIC_REQUESTS would
cure that but wraps every view, the API's reads included, and so needs the database for
requests that are otherwise answered from a cache during a database outage. This does
the same for the admin's writes only: an unsafe request under the admin runs its view in
one transaction, rolled back when the view raises, or when it answers with an error after
a refusal was noted (`note_refusal`: Django REST framework, behind the admin API, turns
the refusal into a 403 response instead of letting it raise). A view that catches a
refusal and carries on (Wagtail's editor keeps the person's draft revision, shows the
message and redirects) commits what it chose to keep, exactly as before.
"""

from __future__ import annotations

from asgiref.local import Local
from django.db import transaction
from django.urls import reverse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_state = Local()


def note_refusal() -> None:
    """A check refused a write in this request (the publish guard calls this)."""
    _state.refused = True


class AtomicAdminWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix: str | None = None

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS or not request.path.startswith(self.prefix):
            return None
        if getattr(view_func, "_non_atomic_requests", None):
            return None  # a view that manages its own transactions (Django's own marker)
        _state.refused = False
        with transaction.atomic():
            response = view_func(request, *view_args, **view_kwargs)
            if getattr(_state, "refused", False) and response.status_code >= 400:
                transaction.set_rollback(True)
        return response

    @property
    def prefix(self) -> str:
        if self._prefix is None:
            self._prefix = reverse("wagtailadmin_home")
        return self._prefix

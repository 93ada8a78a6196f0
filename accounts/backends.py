"""The test settings' variant of django-axes' backend.

Django's test client calls `authenticate(**credentials)` without a request, which axes
refuses (it cannot count or check a client it cannot see). Tests that sign in through the
login form, as a person does, still go through the full check; only request-less calls are
let past it. Production settings use `axes.backends.AxesStandaloneBackend` itself.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class TestClientAxesBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None  # nothing to check; ModelBackend decides
        return super().authenticate(request, username=username, password=password, **kwargs)

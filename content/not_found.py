"""A page not found is the site's styled 404 page, with DEBUG on as well.

With DEBUG off, Django renders templates/404.html (cms/templates/404.html, built on the
public site's layout) through the 404 handler. With DEBUG on, Django answers an unknown
URL with its technical page instead, which lists every URL pattern of the project:
useful to nobody reading the site, and a map of the admin for anybody else. This
middleware swaps that page for the styled one; the API's errors (JSON, api/http/errors.py)
and any 404 a view renders itself are left alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views import defaults

API_PREFIX = "/api/"
# What Django's technical 404 page (django/views/templates/technical_404.html) says of
# itself; tests/content/test_site_pages.py fails if a Django upgrade changes it.
TECHNICAL_MARK = b"<code>DEBUG = True</code>"


def page_not_found(request: HttpRequest) -> HttpResponse:
    """Django's own 404 view, so the page is the same one DEBUG-off production serves."""
    response = defaults.page_not_found(request, exception=None)
    response.styled_not_found = True
    return response


class StyledNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and self._is_debug_not_found(request, response):
            return page_not_found(request)
        return response

    @staticmethod
    def _is_debug_not_found(request: HttpRequest, response: HttpResponse) -> bool:
        """Django's technical 404 (it says so in its body), never the styled page itself."""
        return (
            response.status_code == 404
            and not request.path_info.startswith(API_PREFIX)
            and not getattr(response, "styled_not_found", False)
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "streaming", False)
            and TECHNICAL_MARK in response.content
        )

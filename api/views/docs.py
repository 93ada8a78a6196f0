"""The API's reference page (Redoc), served with a Content-Security-Policy of its own.

/api/v1/ requests take the API lane (api/http/middleware.py), which skips the site's CSP
middleware, so this one HTML page of the API sets its policy itself. Redoc runs from
drf-spectacular-sidecar's file on our origin (no CDN, no fonts from elsewhere; see
api/templates/drf_spectacular/redoc.html), fetches the schema from our origin, injects
its styles as <style> elements (styled-components: hence 'unsafe-inline' for styles
only) and searches in a worker it starts from a blob: URL. No inline script runs.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularRedocView

DOCS_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src blob:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)


class ApiDocsView(SpectacularRedocView):
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_POLICY
        return response

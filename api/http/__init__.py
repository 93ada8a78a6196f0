"""The HTTP edge of the API: locale negotiation, CORS, JSON errors, cache headers,
middleware, and the WSGI lane that answers warm reads before Django."""

"""WSGI entry point; production servers set DJANGO_SETTINGS_MODULE=cms.settings.production.

Warm delivery-API reads are answered in front of Django's handler (api.http.wsgi_lane); every
other request, and every API request that lane declines, goes through Django unchanged.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

django_application = get_wsgi_application()

from django.urls import get_resolver  # noqa: E402

# Import every view now, while the worker boots, not in its first request (~0.3-0.8 s of
# imports: a freshly started worker must answer its first read promptly too).
get_resolver().url_patterns  # noqa: B018 - the access imports them

from api.http.wsgi_lane import ApiWsgiLane  # noqa: E402 - needs the settings configured above

application = ApiWsgiLane(django_application)

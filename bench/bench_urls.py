"""The project's URLs plus Wagtail's own API v2 at /api/v2/ (bench only).

GuidePage declares no `api_fields`, so v2 would only return its title; the bench gives
it the same content fields the delivery API serves, to compare like with like.
"""

from django.urls import path
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cms.urls import urlpatterns as project_urlpatterns
from content.models import GuidePage

GuidePage.api_fields = [
    APIField(name)
    for name in ("intro", "body", "conclusion", "disclaimer", "medical_review_interval_days")
]

router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [path("api/v2/", router.urls), *project_urlpatterns]
handler400 = "api.http.errors.handler400"
handler403 = "api.http.errors.handler403"
handler404 = "api.http.errors.handler404"
handler500 = "api.http.errors.handler500"

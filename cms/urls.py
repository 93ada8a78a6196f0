from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import health

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("api.urls")),
    path("", include("clients.urls")),  # /reader/ and /embed/v1/ (docs/clients.md)
    path("healthz", health.healthz, name="healthz"),  # also answered by HealthCheckMiddleware
    path("readyz", health.readyz, name="readyz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Each locale's tree is served under its language prefix (/es/..., /pt-br/...), the
# source locale without one: Wagtail's documented i18n routing.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)

# JSON errors under /api/ (Django's own pages elsewhere).
handler400 = "api.http.errors.handler400"
handler403 = "api.http.errors.handler403"
handler404 = "api.http.errors.handler404"
handler500 = "api.http.errors.handler500"

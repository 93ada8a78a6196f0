"""/reader/ (the offline reader) and /embed/v1/ (the clinic embed's modules)."""

from django.urls import path

from . import views

app_name = "clients"
urlpatterns = [
    path("reader/", views.reader, name="reader"),
    path("reader/sw.js", views.reader_service_worker, name="reader-sw"),
    path("reader/manifest.webmanifest", views.reader_manifest, name="reader-manifest"),
    path("embed/v1/<str:name>", views.embed_module, name="embed-module"),
    path("embed/v1/i18n/<str:name>", views.embed_catalogue, name="embed-catalogue"),
]

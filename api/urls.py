"""/api/v1/ routes (the delivery API)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api import views
from api.views.docs import ApiDocsView

app_name = "api"
urlpatterns = [
    path("locales/", views.LocaleListView.as_view(), name="locales"),
    path("guides/", views.GuideListView.as_view(), name="guide-list"),
    path("guides/<slug:slug>/", views.GuideDetailView.as_view(), name="guide-detail"),
    path("guides/<slug:slug>/faq.jsonld", views.GuideJsonLdView.as_view(), name="guide-jsonld"),
    path("bundles/<str:locale>/", views.BundleView.as_view(), name="bundle"),
    path("sync/", views.SyncView.as_view(), name="sync"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
]

from api.views.bundles import BundleView
from api.views.guides import GuideDetailView, GuideJsonLdView, GuideListView
from api.views.locales import LocaleListView
from api.views.search import SearchView
from api.views.sync import SyncView

__all__ = [
    "BundleView",
    "GuideDetailView",
    "GuideJsonLdView",
    "GuideListView",
    "LocaleListView",
    "SearchView",
    "SyncView",
]

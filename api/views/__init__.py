from .bundles import BundleView
from .guides import GuideDetailView, GuideJsonLdView, GuideListView
from .locales import LocaleListView
from .search import SearchView
from .sync import SyncView

__all__ = [
    "BundleView",
    "GuideDetailView",
    "GuideJsonLdView",
    "GuideListView",
    "LocaleListView",
    "SearchView",
    "SyncView",
]

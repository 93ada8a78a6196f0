from .bundles import BundleView
from .guides import GuideDetailView, GuideJsonLdView, GuideListView
from .locales import LocaleListView
from .sync import SyncView

__all__ = [
    "BundleView",
    "GuideDetailView",
    "GuideJsonLdView",
    "GuideListView",
    "LocaleListView",
    "SyncView",
]

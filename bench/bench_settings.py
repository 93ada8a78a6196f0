"""Settings for bench/api_throughput.py: the project's base settings, production-like
(DEBUG off), plus a URLconf that also mounts Wagtail's API v2 for comparison."""

from cms.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
DEBUG = False

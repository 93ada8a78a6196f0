"""Settings shared by every environment; everything that differs comes from the environment.

The embedded default and production differ only in these values (DATABASE_URL,
CACHE_URL, TASK_BACKEND, TRANSLATION_PROVIDER), never in code branches.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from locales.registry import UnknownLocale, describe, validate_codes

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cms"
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

_DEV_SECRET_KEY = "django-insecure-dev-only-key-never-used-when-DEBUG-is-off"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(a development default is only used when DEBUG=1)."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "content",
    "clinical",
    "locales",
    "api",
    "accounts",
    "clients",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales (locale admin)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Redoc assets for /api/v1/docs/ (no CDN)
    "corsheaders",
    "django_tasks",
    "django_rq",  # the `rqworker` command behind TASK_BACKEND=cms.tasks.ResilientRQBackend
    "axes",  # sign-in throttling and lockout (accounts/lockout.py)
    "django_otp",
    "django_otp.plugins.otp_totp",  # authenticator apps (accounts/two_factor.py)
    "django_otp.plugins.otp_static",  # backup codes
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "cms.health.HealthCheckMiddleware",  # first: LB probes skip ALLOWED_HOSTS and SSL redirect
    "api.http.errors.JsonErrorsMiddleware",  # errors under /api/ in the API's JSON shape, even DEBUG's
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "api.http.middleware.ApiLaneMiddleware",  # /api/v1/ skips the session/CSRF/locale/... below
    "cms.csp.AreaCSPMiddleware",  # Content-Security-Policy for HTML, per area (cms/csp.py)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "content.not_found.StyledNotFoundMiddleware",  # DEBUG's URL list -> the styled 404
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.TwoFactorMiddleware",  # the admin asks for a second factor
    "locales.review.audit.PublishRefusalLogMiddleware",  # refused publishes reach the page history
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.atomic_admin.AtomicAdminWritesMiddleware",  # a refused step undoes the whole action
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires: the lockout page
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Storage: the embedded default is a SQLite file under var/ -------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout keep the in-process task runner and the dev server from
    # tripping over "database is locked" on the embedded default.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def degrading(cache: dict) -> dict:
    """A Redis cache whose outage is a cache miss, never an error (the read model falls back
    to its durable copy in the database), and whose hang costs at most one short timeout
    per process: every command goes through a circuit breaker (cms/redis_client.py)."""
    if cache["BACKEND"] == "django_redis.cache.RedisCache":
        from cms.redis_client import cache_options

        options = cache_options(
            connect_timeout=env.float("CACHE_CONNECT_TIMEOUT", 0.25),
            socket_timeout=env.float("CACHE_SOCKET_TIMEOUT", 0.5),
        )
        cache["OPTIONS"] = {**options, **cache.get("OPTIONS", {})}
    return cache


CACHES = {"default": degrading(env.cache_url("CACHE_URL", default="locmemcache://guide-cms"))}

# --- Background work: Django's task framework (django-tasks backport on 5.2) -----------
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASK_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}


# The RQ queue used when TASK_BACKEND=cms.tasks.ResilientRQBackend (see docs/tasks.md). Kept on
# its own Redis database: a cache clear (FLUSHDB) must never drop queued jobs.
def _bounded(url: str) -> str:
    """Queue URL with socket timeouts (redis-py reads them from the query): enqueueing on a
    hung Redis fails in seconds instead of hanging the request. RQ workers raise the read
    timeout to what their blocking dequeue needs, so this never cuts a worker off."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.setdefault("socket_connect_timeout", env.str("TASK_QUEUE_CONNECT_TIMEOUT", "1"))
    query.setdefault("socket_timeout", env.str("TASK_QUEUE_SOCKET_TIMEOUT", "2"))
    return urlunsplit(parts._replace(query=urlencode(query)))


RQ_QUEUES = {
    "default": {
        "URL": _bounded(env.str("TASK_QUEUE_URL", default="redis://127.0.0.1:6379/0")),
        "DEFAULT_TIMEOUT": env.int("TASK_TIMEOUT", default=900),
    }
}

# --- Locales ---------------------------------------------------------------------------
try:
    LOCALE_SOURCE, LOCALE_TARGETS = validate_codes(
        env.str("LOCALE_SOURCE", default="en"),
        env.list("LOCALE_TARGETS", default=["es", "fr", "de", "pt-BR", "ar", "zh-Hans"]),
    )
except UnknownLocale as exc:
    raise ImproperlyConfigured(
        f"LOCALE_SOURCE/LOCALE_TARGETS: {exc}. Use BCP 47 codes babel knows, e.g. es, pt-BR, zh-Hans."
    ) from None

LANGUAGE_CODE = LOCALE_SOURCE.lower()
LANGUAGES = [
    (info.django_code, info.english_name)
    for info in (describe(c) for c in [LOCALE_SOURCE, *LOCALE_TARGETS])
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Clinical review (docs/clinical-review.md) ---------------------------------------------
# Days from a sign-off to the next review (a guide may set its own); reminders go out
# this many days before; a current sign-off may be made a condition of publishing.
MEDICAL_REVIEW_INTERVAL_DAYS = env.int("MEDICAL_REVIEW_INTERVAL_DAYS", default=365)
MEDICAL_REVIEW_DUE_SOON_DAYS = env.int("MEDICAL_REVIEW_DUE_SOON_DAYS", default=30)
MEDICAL_REVIEW_REQUIRED = env.bool("MEDICAL_REVIEW_REQUIRED", default=False)
READABILITY_TARGET_GRADE = env.int("READABILITY_TARGET_GRADE", default=8)

# --- Machine translation (docs/translation-providers.md) --------------------------------
# A short name from TRANSLATION_PROVIDERS or a dotted path to a Provider subclass; the
# offline "pseudo" provider is the embedded default.
TRANSLATION_PROVIDER = env.str("TRANSLATION_PROVIDER", default="pseudo")
TRANSLATION_PROVIDERS = {
    "pseudo": {"BACKEND": "locales.machine_translation.providers.pseudo.PseudoProvider"},
    "google": {"BACKEND": "locales.machine_translation.providers.google.GoogleProvider"},
    "deepl": {
        "BACKEND": "locales.machine_translation.providers.deepl.DeepLProvider",
        "OPTIONS": {
            "API_KEY": env.str("DEEPL_API_KEY", default=""),
            # Free-plan keys end in ":fx"; force with DEEPL_FREE_API=0/1.
            "FREE_API": env.bool("DEEPL_FREE_API", default=None),
        },
    },
    "microsoft": {
        "BACKEND": "locales.machine_translation.providers.microsoft.MicrosoftProvider",
        "OPTIONS": {
            "API_KEY": env.str("MICROSOFT_TRANSLATOR_KEY", default=""),
            "REGION": env.str("MICROSOFT_TRANSLATOR_REGION", default=""),
        },
    },
    "libretranslate": {
        "BACKEND": "locales.machine_translation.providers.libretranslate.LibreTranslateProvider",
        "OPTIONS": {
            "URL": env.str("LIBRETRANSLATE_URL", default=""),
            "API_KEY": env.str("LIBRETRANSLATE_API_KEY", default=""),
        },
    },
    "mymemory": {
        "BACKEND": "locales.machine_translation.providers.mymemory.MyMemoryProvider",
        "OPTIONS": {"EMAIL": env.str("MYMEMORY_EMAIL", default="")},
    },
}
TRANSLATION_TIMEOUT = env.float("TRANSLATION_TIMEOUT", default=15.0)  # seconds per request
TRANSLATION_MAX_ATTEMPTS = env.int("TRANSLATION_MAX_ATTEMPTS", default=3)
TRANSLATION_BACKOFF = env.float("TRANSLATION_BACKOFF", default=1.0)  # first pause, doubles
TRANSLATION_BACKOFF_MAX = env.float("TRANSLATION_BACKOFF_MAX", default=10.0)
TRANSLATION_RETRY_AFTER_MAX = env.float("TRANSLATION_RETRY_AFTER_MAX", default=30.0)
# wagtail-localize's own "Machine translate" button goes through the same provider,
# protection and glossary as the draft step.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "locales.machine_translation.providers.localize.PipelineMachineTranslator",
    "OPTIONS": {},
}

# --- Static and media ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on a missing root
# The browser clients' ES modules (no build step): /static/clients/web/... (docs/clients.md)
STATICFILES_DIRS = [("clients/web", BASE_DIR / "clients" / "web")]
# /embed/v1/health-guide.js keeps its URL across deploys: browsers revalidate it this often.
EMBED_MAX_AGE = env.int("EMBED_MAX_AGE", default=300)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="Health guides")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
# No avatars from gravatar.com: staff e-mail hashes stay here, and the admin loads no image
# from another origin (Content-Security-Policy below).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Delivery API (/api/v1/, docs/api.md) -----------------------------------------------
API_ALLOW_ANONYMOUS = env.bool("API_ALLOW_ANONYMOUS", default=True)
API_ANON_RATE = env.str("API_ANON_RATE", default="120/min")  # per client address
API_KEY_RATE = env.str("API_KEY_RATE", default="1200/min")  # per key, unless set on the key
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)  # browsers / apps
API_CACHE_S_MAXAGE = env.int("API_CACHE_S_MAXAGE", default=3600)  # CDN; purged on change
API_PUBLIC_BASE_URL = env.str("API_PUBLIC_BASE_URL", default="")  # for purges; admin URL if blank
# The read model in each process (api.read_model.local_copy): a bounded LRU in front of Redis, dropped
# on every content change, which each process learns by polling the generation
# (api.read_model.generation) every API_GENERATION_POLL_SECONDS (0 = never: only its own commits).
API_LOCAL_CACHE_BYTES = env.int("API_LOCAL_CACHE_BYTES", default=64 * 1024 * 1024)
API_GENERATION_POLL_SECONDS = env.float("API_GENERATION_POLL_SECONDS", default=0.2)
# Warm reads answered in front of Django's handler (api.http.wsgi_lane); 0 sends all through Django.
API_WSGI_LANE = env.bool("API_WSGI_LANE", default=True)
# Redis entries are tagged with their generation and never served stale; the timeout only
# lets entries nobody asks for expire.
API_READ_MODEL_TIMEOUT = env.int("API_READ_MODEL_TIMEOUT", default=86400)
# Search queries longer than this are cut (docs/api.md, Search).
API_SEARCH_MAX_QUERY_LENGTH = env.int("API_SEARCH_MAX_QUERY_LENGTH", default=200)
REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "api.http.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Proxies in front that append to X-Forwarded-For (1 behind a load balancer). 0 means
    # throttle by REMOTE_ADDR: a client-sent X-Forwarded-For must not dodge the limit.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Health guides delivery API",
    "DESCRIPTION": "Published, human-reviewed health guides for partner sites and offline apps.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["api.views.schema.only_delivery_api"],
    "ENUM_NAME_OVERRIDES": {
        "FAQPageTypeEnum": ["FAQPage"],
        "QuestionTypeEnum": ["Question"],
        "AnswerTypeEnum": ["Answer"],
    },
    # Anonymous reads are allowed by default (API_ALLOW_ANONYMOUS): a key is optional.
    "SECURITY": [{}, {"ApiKeyHeader": []}, {"ApiKeyAuthorization": []}],
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS: list[str] = []  # partner origins live on their API keys (api/http/cors.py)
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = (
    "accept",
    "accept-language",
    "authorization",
    "if-none-match",
    "x-api-key",
)
CORS_EXPOSE_HEADERS = ("ETag", "Content-Language", "Retry-After")

# --- Email: reviewer notifications (locales/review/notify.py) -----------------------------------
# The console backend on the embedded default; production sets e.g.
# EMAIL_URL=smtp+tls://user:password@smtp.example.org:587.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Health guides <guides@localhost>")

# --- Accounts: passwords, sign-in lockout, two-factor (docs/deploy.md, "Security") -------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Staff accounts sign off medical text: 12 characters at least (NIST SP 800-63B
        # asks 8 of users; a passphrase of three words is longer than that).
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out sign-in before any password check
    "django.contrib.auth.backends.ModelBackend",
]
# django-axes: failures are rows in the database (shared by every app process), counted per
# (username, client address); the address is found as the API's throttles find it
# (API_NUM_PROXIES), so a client-sent X-Forwarded-For cannot start a fresh count.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True  # a correct password clears that account's count for that address
AXES_ENABLE_ADMIN = False  # Django's admin is not mounted: Settings → Sign-in lockouts instead
AXES_VERBOSE = False  # accounts/lockout.py writes one structured line per failure instead

# Two-factor sign-in to the admin (django-otp: authenticator app + backup codes).
# "required": everyone who can publish or approve anything (superusers, page publish
# permission, translation reviewers, workflow approvers: accounts.two_factor) and members of
# ADMIN_2FA_GROUPS must enrol before using the admin;
# "optional": nobody is forced, but whoever enrolled is asked for a code. `make run` (dev
# settings) and the test settings use "optional" so the printed demo login works as is.
ADMIN_2FA = env.str("ADMIN_2FA", default="required")
if ADMIN_2FA not in {"required", "optional"}:
    raise ImproperlyConfigured(f"ADMIN_2FA={ADMIN_2FA!r}: use 'required' or 'optional'.")
ADMIN_2FA_GROUPS = env.list("ADMIN_2FA_GROUPS", default=["Reviewers (*)"])  # fnmatch patterns
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME  # the name authenticator apps show

# --- Content-Security-Policy (django-csp 4; areas in cms/csp.py) ----------------------------
# The project's own pages (review screens, 2FA screens, sign-in, the site, /reader/) run no
# inline script or style: everything comes from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],  # Wagtail's preview frames our own pages
    }
}
# What the rest of the Wagtail admin needs on top, measured in Chromium on every admin screen
# (tests/security/test_csp_browser.py): the date/time pickers of listing filters and the
# page editor's panels run inline scripts, the editor sets inline styles, image previews use
# blob: URLs, and the dashboard asks releases.wagtail.org for Wagtail security releases.
# First matching path prefix wins; None keeps the strict policy above.
CSP_AREAS = [
    ("/admin/translations/", None),  # the review screens (locales/)
    ("/admin/security/", None),  # two-factor and lockout screens (accounts/)
    ("/admin/login/", None),
    (
        "/admin/",
        {
            "script-src": ["'self'", "'unsafe-inline'"],
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": ["'self'", "data:", "blob:"],
            "connect-src": ["'self'", "https://releases.wagtail.org"],
        },
    ),
]


def _static_html_csp(headers, path: str, url: str) -> None:
    from cms.csp import static_html_headers  # not at settings import: it reads settings

    static_html_headers(headers, path, url)


WHITENOISE_ADD_HEADERS_FUNCTION = _static_html_csp

# --- Admin login created by `setup_demo` ------------------------------------------------
ADMIN_USERNAME = env.str("ADMIN_USERNAME", default="admin")
ADMIN_PASSWORD = env.str("ADMIN_PASSWORD", default="")
ADMIN_EMAIL = env.str("ADMIN_EMAIL", default="admin@example.com")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": env.str("TASKS_LOG_LEVEL", default="WARNING")},
        "wagtail": {"level": env.str("WAGTAIL_LOG_LEVEL", default="WARNING")},
        "axes": {"level": "ERROR"},  # accounts.security writes the sign-in lines
    },
}

"""
Settings for the newsroom CMS.

Everything that differs between a laptop and production comes from the
environment (see README.md, "Configuration"). A checkout runs in development
mode; production sets DJANGO_DEBUG=false and DJANGO_SECRET_KEY, and then
passes ``manage.py check --deploy`` without warnings.
"""

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false."
        )
    # Development only: a fixed key keeps sessions across restarts of runserver.
    SECRET_KEY = "django-insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "newsroom",
    "jobs",
    "sources",
    "images",
    "explainers",
    "accounts",
    "notifications",
]

MIDDLEWARE = [
    # A request id for logs and answers, and every request timed (fleet issue).
    "newsroom.request_id.RequestIdMiddleware",
    "newsroom.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public reads on the replica (only with DATABASE_REPLICA_URL); public
    # pages kept to stand in during a database outage (newsroom/outage.py).
    "newsroom.db_router.ReplicaReadsMiddleware",
    "newsroom.outage.LastGoodCopy",
    # Surrogate keys on public answers, for CDN purges (explainers/purge.py).
    "explainers.purge.SurrogateKeyMiddleware",
    # Published pages need nothing below this line (explainers/middleware.py).
    "explainers.middleware.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(); then the second-factor step (accounts).
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a sign-in refused by the login limits into the lockout page; last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers while the admin writes; SQLite's defaults lock too eagerly.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Connections persist (DJANGO_CONN_MAX_AGE): reconnecting and running the
    # PRAGMAs above would cost about 2 ms on every request.
    # Never creates a missing database file outside `migrate` (newsroom/sqlite).
    DATABASES["default"]["ENGINE"] = "newsroom.sqlite"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

# A fleet: public reads on a streaming replica (newsroom/db_router.py), with
# readers who just wrote pinned to the primary for a few seconds.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    # Tests read the primary through this alias; the replica's own test
    # (tests/newsroom/test_replica.py) connects it to a real replica.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsroom.db_router.ReplicaRouter"]
    DATABASE_REPLICA_PIN_SECONDS = int(
        os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "10")
    )

# Shared state of a fleet (throttles, cached pages, sessions) in Redis; one
# process keeps it in memory.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", "newsroom"),
        }
    }
    # Sessions in Redis, kept in the database too: a Redis restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# CDN purges after publishing (newsroom/cdn.py): fastly | cloudflare | varnish.
CDN_PURGE_URL = os.environ.get("CDN_PURGE_URL", "")
CDN_PURGE_STYLE = os.environ.get("CDN_PURGE_STYLE", "fastly")
CDN_PURGE_TOKEN = os.environ.get("CDN_PURGE_TOKEN", "")
# The public address the CDN serves, for purges by URL.
CDN_SITE_URL = os.environ.get("CDN_SITE_URL", "http://localhost")

# /metrics (newsroom/metrics.py): a bearer token, or these client addresses.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Mail (notifications): the console by default; SMTP from EMAIL_URL
# (smtp://user:password@host:587/?tls=True) or EMAIL_HOST and its companions.
if os.environ.get("EMAIL_URL"):
    _email = dj_email_url.parse(os.environ["EMAIL_URL"])
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
# Links in emails point at the admin here.
ADMIN_BASE_URL = os.environ.get("ADMIN_BASE_URL", "http://127.0.0.1:8000")

# Background jobs (see jobs/): a queue in the database by default, so one
# machine needs no other server; JOB_QUEUE=redis runs them on RQ workers on
# REDIS_URL for a fleet. Either way `manage.py run_worker` runs them.
JOB_QUEUE = os.environ.get("JOB_QUEUE", "database")
if JOB_QUEUE == "redis":
    if not os.environ.get("REDIS_URL"):
        raise ImproperlyConfigured("JOB_QUEUE=redis needs REDIS_URL.")
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": os.environ["REDIS_URL"], "DEFAULT_TIMEOUT": 900}}
elif JOB_QUEUE == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured(
        f"JOB_QUEUE must be database or redis, not {JOB_QUEUE!r}."
    )

_PASSWORD_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_PASSWORD_VALIDATION}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_PASSWORD_VALIDATION}.MinimumLengthValidator"},
    {"NAME": f"{_PASSWORD_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{_PASSWORD_VALIDATION}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded images: files under MEDIA_ROOT by default, or any storage backend
# named by DJANGO_MEDIA_STORAGE, e.g. django-storages' S3 backend for an
# S3-compatible store: DJANGO_MEDIA_BUCKET and DJANGO_MEDIA_ENDPOINT_URL name
# the bucket, boto3 reads the credentials (AWS_ACCESS_KEY_ID, ...) itself.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
# Development and tests serve MEDIA_ROOT from Django (images.views), with
# year-long cache headers; production leaves that to the web server or CDN.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG)
STORAGES: dict[str, dict] = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"
        )
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
if os.environ.get("DJANGO_MEDIA_BUCKET"):
    # Public, unsigned addresses: images are published pictures, and their
    # names never point to other bytes (see images.services).
    STORAGES["default"]["BACKEND"] = os.environ.get(
        "DJANGO_MEDIA_STORAGE", "storages.backends.s3.S3Storage"
    )
    STORAGES["default"]["OPTIONS"] = {
        "bucket_name": os.environ["DJANGO_MEDIA_BUCKET"],
        "endpoint_url": os.environ.get("DJANGO_MEDIA_ENDPOINT_URL") or None,
        "querystring_auth": False,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
# Tests and `make run` serve static files without a collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Requests larger than this are refused before any view runs.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Security. Production (DEBUG off) is HTTPS-only.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto, say so; without a
# proxy, a client could otherwise claim HTTPS.
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

LOGIN_URL = "admin:login"

# Accounts (accounts/): login limits, second factor, sessions, API tokens.
# django-axes checks every sign-in first (admin, API session, any form that
# authenticates with the request) and locks an account name and a client
# address, each on its own, after AXES_FAILURE_LIMIT failures, for the
# cool-down; answers never tell whether the account exists.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out_response"
AXES_VERBOSE = False
# The project's own access log (accounts.AccessEvent) records sign-ins.
AXES_DISABLE_ACCESS_LOG = True
# Client addresses as the API throttles read them: X-Forwarded-For only from
# as many proxies as DJANGO_NUM_PROXIES trusts; otherwise REMOTE_ADDR, so a
# client cannot buy fresh attempts with a made-up header.
if int(os.environ.get("DJANGO_NUM_PROXIES", "0")):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["DJANGO_NUM_PROXIES"])
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Counts in the database by default; in the shared cache on a fleet (REDIS_URL).
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if os.environ.get("REDIS_URL")
    else "axes.handlers.database.AxesDatabaseHandler"
)
OTP_TOTP_ISSUER = "Newsroom CMS"
# `make run` only: demo reviewers decide without a phone. Ignored unless
# DEBUG is on; `check --deploy` reports it (accounts.E001).
DEMO_SKIP_SECOND_FACTOR = env_bool("DEMO_SKIP_SECOND_FACTOR", False)
# A session ends after this many hours without a request (saved on each one).
SESSION_COOKIE_AGE = round(
    float(os.environ.get("DJANGO_SESSION_IDLE_HOURS", "8")) * 3600
)
SESSION_SAVE_EVERY_REQUEST = True
# The longest an API token lives (days); tokens may be issued for less.
API_TOKEN_DAYS = int(os.environ.get("DJANGO_API_TOKEN_DAYS", "90"))

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True
# Reasons carry reviewers' comments and source names: no length limit.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Newsroom tools send "Authorization: Token <key>" (hashed, expiring
    # tokens: accounts.authentication); the admin's session works too (with
    # its CSRF check). Public views set no authentication.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.APITokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["newsroom.api.permissions.NewsroomAccess"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only: strict, within DATA_UPLOAD_MAX_MEMORY_SIZE (newsroom.api.parsers).
    "DEFAULT_PARSER_CLASSES": ["newsroom.api.parsers.LimitedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "newsroom.api.pagination.StandardPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [
        "newsroom.api.throttles.PublicAnonThrottle",
        "newsroom.api.throttles.NewsroomUserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("DJANGO_API_ANON_RATE", "120/minute"),
        "user": os.environ.get("DJANGO_API_USER_RATE", "1200/minute"),
        "search": os.environ.get("DJANGO_SEARCH_RATE", "30/minute"),
    },
    "EXCEPTION_HANDLER": "newsroom.api.errors.api_exception_handler",
    # Throttles key anonymous clients on REMOTE_ADDR unless proxies are trusted:
    # a client-supplied X-Forwarded-For must not buy a fresh allowance.
    "NUM_PROXIES": int(os.environ.get("DJANGO_NUM_PROXIES", "0")),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom CMS API",
    "DESCRIPTION": (
        "Published explainers for partners; drafting and review for the newsroom."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Row ids in API paths (newsroom.api.converters.ObjectIdConverter).
    "PATH_CONVERTER_OVERRIDES": {
        "object_id": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}
    },
    "ENUM_NAME_OVERRIDES": {
        "BoxKindEnum": "explainers.models.BackgroundBox.Kind",
        "SourceKindEnum": "sources.models.Source.Kind",
        "ExplainerStateEnum": "explainers.models.Explainer.State",
        "PublicStateEnum": "explainers.api.serializers.PUBLIC_STATES",
    },
    "TAGS": [
        {"name": "public", "description": "Published explainers; anonymous."},
        {"name": "newsroom: explainers", "description": "Drafting and workflow."},
        {"name": "newsroom: boxes"},
        {"name": "newsroom: statistics"},
        {"name": "newsroom: citations"},
        {"name": "newsroom: sources"},
    ],
}

# One JSON object per line with the request id (newsroom/logging.py); plain
# text while debugging.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "newsroom.logging.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}

# Link checks and archive copies of cited sources (sources/links/).
# LINK_CHECK_ENABLED=false: no checks and no archive requests (offline, tests).
LINK_CHECK_ENABLED = env_bool("LINK_CHECK_ENABLED", True)
LINK_CHECK_ALLOW_PRIVATE = env_bool("LINK_CHECK_ALLOW_PRIVATE", False)
LINK_CHECK_INTERVAL_HOURS = float(os.environ.get("LINK_CHECK_INTERVAL_HOURS", "24"))
# Named in the checker's User-Agent so site owners can reach the newsroom.
LINK_CHECK_CONTACT = os.environ.get("LINK_CHECK_CONTACT", "")
LINK_CHECK_DEAD_AFTER = int(os.environ.get("LINK_CHECK_DEAD_AFTER", "3"))
LINK_CHECK_RETRY_MINUTES = float(os.environ.get("LINK_CHECK_RETRY_MINUTES", "60"))
# How often the worker's sweep looks for due checks (each sweep is bounded).
LINK_CHECK_SWEEP_MINUTES = float(os.environ.get("LINK_CHECK_SWEEP_MINUTES", "10"))
LINK_CHECK_TIMEOUT_SECONDS = float(os.environ.get("LINK_CHECK_TIMEOUT_SECONDS", "10"))
LINK_CHECK_HOST_CONCURRENCY = int(os.environ.get("LINK_CHECK_HOST_CONCURRENCY", "2"))
LINK_CHECK_HOST_INTERVAL_SECONDS = float(
    os.environ.get("LINK_CHECK_HOST_INTERVAL_SECONDS", "1")
)
LINK_CHECK_WORKERS = int(os.environ.get("LINK_CHECK_WORKERS", "8"))
LINK_CHECK_BATCH = int(os.environ.get("LINK_CHECK_BATCH", "500"))
LINK_CHECK_MAX_BYTES = 2 * 1024 * 1024
LINK_CHECK_MAX_REDIRECTS = 5
ARCHIVE_SAVE_URL = os.environ.get("ARCHIVE_SAVE_URL", "https://web.archive.org/save/")
ARCHIVE_ACCESS_KEY = os.environ.get("ARCHIVE_ACCESS_KEY", "")
ARCHIVE_SECRET_KEY = os.environ.get("ARCHIVE_SECRET_KEY", "")

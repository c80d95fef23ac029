"""Kemitraan settings: one module, driven by environment variables.

Production is the default: with DJANGO_ENV unset (as under gunicorn, which loads
kemitraan.wsgi) the app refuses to start without SECRET_KEY and ALLOWED_HOSTS.
Development mode is chosen explicitly with DJANGO_ENV=development, which manage.py,
`make run` and the tests (pytest.ini) set. In development with nothing else set the app
runs on an embedded SQLite file and Celery tasks run in-process (no broker). Set
DATABASE_URL for PostgreSQL and REDIS_URL for a Redis broker and cache.
"""

from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DJANGO_ENV = env("DJANGO_ENV", default="production")
if DJANGO_ENV not in ("production", "development"):
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'production' or 'development', not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    # No defaults for production secrets (cookiecutter-django): fail loudly.
    try:
        SECRET_KEY = env("SECRET_KEY")
        ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(
            "Production mode (the default) needs SECRET_KEY and ALLOWED_HOSTS to be set;"
            " set DJANGO_ENV=development on a developer's machine."
        ) from exc
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must not be empty in production.")
    DEBUG = False
else:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-kemitraan-key-change-me")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    DEBUG = env.bool("DEBUG", default=True)

# With DEBUG on, answer a 404 with the app's own page (kemitraan.middleware.OwnErrorPagesMiddleware);
# set OWN_ERROR_PAGES=false to get Django's technical 404 page while debugging URLs.
OWN_ERROR_PAGES = env.bool("OWN_ERROR_PAGES", default=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_celery_beat",
    "axes",
    # Before rest_framework: its catalog keeps Django's wording of the messages both translate (api/wording.py).
    "api",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "kemitraan",
    "partners",
    "roadmap",
    "assessments",
    "facilitation",
    "governance",
    "results",
    "reports",
    "imports",
    "notifications",
    "public",
    "devtools",
]

MIDDLEWARE = [
    # First, so every log line of the request (and the tasks it enqueues) carries its id.
    "kemitraan.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kemitraan.middleware.AbsoluteSessionTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kemitraan.middleware.UserLanguageMiddleware",
    "kemitraan.middleware.ProgramTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # DEBUG only: the app's own 404 page instead of Django's technical one (OWN_ERROR_PAGES).
    "kemitraan.middleware.OwnErrorPagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # AxesMiddleware must be last (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Serve collected static files from the app server (gunicorn) in production.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "kemitraan.urls"
WSGI_APPLICATION = "kemitraan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kemitraan.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections in production (one per gunicorn/Celery worker thread, re-checked before reuse),
# which saves a connection set-up per request; development keeps Django's open-per-request default.
DATABASES["default"].setdefault(
    "CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60 if DJANGO_ENV == "production" else 0)
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partners.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock a username+IP pair for 15 minutes after 5 failures.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The lock lasts 15 minutes from the fifth failure; tries while locked do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False

# Languages: Bahasa Indonesia first and default, English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format and one date-time format per language (kemitraan/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["kemitraan.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files live outside the web root and are only served by views that
# check access; there is deliberately no MEDIA_URL route.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
# PRIVATE_STORAGE=s3 keeps them in S3-compatible object storage instead (MinIO, which an agency
# can host itself, or a cloud bucket), so several web servers share them (docs/scaling.md). The
# bucket stays private: after the same access checks, a download is a redirect to a signed URL
# that expires after PRIVATE_MEDIA_URL_EXPIRE seconds (core.uploads.serve_private_file).
PRIVATE_STORAGE = env("PRIVATE_STORAGE", default="filesystem")
PRIVATE_MEDIA_URL_EXPIRE = env.int("PRIVATE_MEDIA_URL_EXPIRE", default=60)
if PRIVATE_STORAGE == "s3":
    PRIVATE_FILES_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "region_name": env("S3_REGION", default=None),
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "addressing_style": env("S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": PRIVATE_MEDIA_URL_EXPIRE,
            "file_overwrite": False,
        },
    }
elif PRIVATE_STORAGE == "filesystem":
    PRIVATE_FILES_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/nonexistent/"},
    }
else:
    raise ImproperlyConfigured("PRIVATE_STORAGE must be 'filesystem' or 's3'.")
STORAGES = {
    "default": PRIVATE_FILES_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Spreadsheet imports (imports app): the most data rows one file may hold, and the size up to which
# the preview and apply run in the request; larger files run as a background job with a progress page.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
IMPORT_SYNC_ROWS = env.int("IMPORT_SYNC_ROWS", default=500)
# Space for each program's files (evidence, endorsement letters); an administrator can set
# another value on one program (Program.storage_quota_mb). See partners/quota.py.
PROGRAM_STORAGE_QUOTA_MB = env.int("PROGRAM_STORAGE_QUOTA_MB", default=500)
# Evidence files on one progress report. The request parser refuses a few more than that
# outright (400), so a form with 21-30 files still gets a clear message.
MAX_EVIDENCE_FILES_PER_REPORT = 20
DATA_UPLOAD_MAX_NUMBER_FILES = MAX_EVIDENCE_FILES_PER_REPORT + 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Anonymity (docs/security.md): a health-check round shows results only from this many answers, and
# no competency average covers fewer rated people or lets a reader subtract their way to one person.
HEALTH_CHECK_MIN_RESPONDENTS = 3
ASSESSMENT_MIN_GROUP = HEALTH_CHECK_MIN_RESPONDENTS

# Redis, when configured, is the Celery broker and the cache.
REDIS_URL = env("REDIS_URL", default="")
# A Redis that accepts connections but never answers must not hold a web request: every
# connection to it (broker, result backend, cache) gives up after these many seconds.
REDIS_SOCKET_CONNECT_TIMEOUT = 1
REDIS_SOCKET_TIMEOUT = 1
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_CONNECT_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# No ETA/countdown in this app may exceed the visibility timeout (reminders issue).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": REDIS_SOCKET_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    # No reconnect loop when a publisher opens a channel (kombu's default_channel): one try, then
    # the error. The worker's own reconnect loop is CELERY_BROKER_CONNECTION_MAX_RETRIES below.
    "max_retries": 0,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# The worker keeps reconnecting while Redis is down (None = forever). Publishing is tried once
# (no retry loop) and, from core.queue.enqueue, within a hard 2-second deadline; the periodic
# sweeps publish whatever was missed.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
# There is no result backend (CELERY_RESULT_BACKEND = None): no web request waits on a result.
# Should a Redis one be added, it gets the same socket timeouts.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_SOCKET_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)
if env("EMAIL_FILE_PATH", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Kemitraan <noreply@kemitraan.local>")
# A hung SMTP server must not stall a reminder sweep.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Exports (docs/scaling.md): a table longer than this is always written by a Celery task, never inside
# a web request (gunicorn kills a request after GUNICORN_TIMEOUT); shorter ones download at once.
EXPORT_INLINE_MAX_ROWS = env.int("EXPORT_INLINE_MAX_ROWS", default=5000)
# A job still "running" after this long lost its worker; it is marked failed and can be asked again.
EXPORT_STALE_AFTER_MINUTES = env.int("EXPORT_STALE_AFTER_MINUTES", default=30)

# Retention (docs/operations.md): what is deleted, daily by beat, and after how many days.
# History (revisions, activity, assessments) is never deleted.
EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=7)
NOTIFICATION_RETENTION_DAYS = env.int("NOTIFICATION_RETENTION_DAYS", default=180)
REMINDER_LEDGER_RETENTION_DAYS = env.int("REMINDER_LEDGER_RETENTION_DAYS", default=365)
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=90)
if REMINDER_LEDGER_RETENTION_DAYS < 90:
    # Below the sweep's look-back (60 days) plus the due-soon window, a reminder could be sent twice.
    raise ImproperlyConfigured("REMINDER_LEDGER_RETENTION_DAYS must be at least 90.")

# /healthz and manage.py check_health: beat ticks and a worker answers the heartbeat every
# minute; older than this many seconds, the queue side is reported behind ("degraded").
HEALTH_BEAT_MAX_AGE = env.int("HEALTH_BEAT_MAX_AGE", default=300)
HEALTH_WORKER_MAX_AGE = env.int("HEALTH_WORKER_MAX_AGE", default=300)

# Backups (manage.py backup, daily by beat): where the archives go and how many are kept.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(BASE_DIR / "var" / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)

# Django's form renderer, with every field label in sentence case (core.forms.SentenceCaseBoundField).
FORM_RENDERER = "core.forms.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Sessions: 30 minutes idle (cookie age refreshed on every request) and 12 hours from login
# (AbsoluteSessionTimeoutMiddleware). Django saves only sessions that hold data, and nothing
# writes to an anonymous one, so a visit without a cookie creates no session row. CSRF keeps its
# secret in a cookie (CSRF_USE_SESSIONS stays False), so the login form needs no session either.
# Beat deletes expired rows daily (kemitraan.tasks.clear_expired_sessions).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_TIMEOUT = 12 * 60 * 60
CSRF_USE_SESSIONS = False
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # Inline style attributes carry progress-bar widths; scripts stay 'self' only.
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Health checks from the proxy or the container runtime come over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Errors reach someone: mail to ADMINS ("Name <address>, ..."), sent by Django for every server
# error when DEBUG is off, and Sentry (or GlitchTip) when SENTRY_DSN is set.
ADMINS = [parseaddr(address) for address in env.list("ADMINS", default=[])]
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from kemitraan.observability import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default=DJANGO_ENV),
        release=env("SENTRY_RELEASE", default=None),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Logs: one JSON object per line in production (LOG_FORMAT=json), text on a developer's machine;
# every record carries the request id (kemitraan.observability), in Celery tasks too.
LOG_FORMAT = env("LOG_FORMAT", default="json" if PRODUCTION else "text")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'text'.")

# The REST API (api/, docs/api.md): personal tokens (knox, stored hashed) or the browser session
# (CSRF kept on writes); JSON errors of one shape; a throttle per token on the cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.TokenRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per token (or per signed-in user) per period: "<n>/<second|minute|hour|day>".
API_THROTTLE_RATE = env("API_THROTTLE_RATE", default="1000/hour")
# How long a personal API token lives; the profile page offers these choices (days).
API_TOKEN_DAYS = [30, 90, 365]
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=90),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kemitraan API",
    "DESCRIPTION": "Read programs, partners, road maps and reports; write progress reports. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Served from our own static files (drf-spectacular-sidecar): the CSP allows 'self' scripts only.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "MilestoneStatusEnum": "roadmap.models.MilestoneStatus",
        "IndicatorTypeEnum": "results.models.IndicatorType",
        "ContributionKindEnum": "partners.models.ContributionKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kemitraan.observability.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    # Server errors reach the console (and Sentry); Django's own "django" logger mails ADMINS.
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "celery": {"level": env("CELERY_LOG_LEVEL", default="INFO")},
    },
}
# Celery leaves logging to Django's LOGGING (same format, same request id) instead of its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

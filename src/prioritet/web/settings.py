"""Django settings for Prioritet, configured from the environment (12-factor).

Every value that differs between a developer's laptop, CI and a municipality's server comes from an
environment variable, so one image runs everywhere. The defaults are safe for development only:
without ``DEBUG`` the process refuses to start unless ``SECRET_KEY`` is set, and all cookies, HSTS
and HTTPS redirects are switched on.

Environment variables:

``DEBUG``                 ``1``/``true`` for development (default off).
``SECRET_KEY``            required unless ``DEBUG``.
``ALLOWED_HOSTS``         comma-separated host names (default ``localhost,127.0.0.1`` with ``DEBUG``).
``CSRF_TRUSTED_ORIGINS``  comma-separated origins such as ``https://prioritet.kommune.no``.
``DATABASE_URL``          e.g. ``postgres://user@host:5432/prioritet`` (default SQLite in ``var/``).
``PRIORITET_VAR_DIR``     where the SQLite database and collected static files live (default ``var/``).
``SECURE_SSL_REDIRECT``   redirect HTTP to HTTPS when not ``DEBUG`` (default on).
``PRIORITET_LOCAL_HTTP``  ``1``: plain HTTP on loopback with ``DEBUG`` off (``make run``): no HTTPS-only
                          cookies, HSTS or redirect; refused unless ``ALLOWED_HOSTS`` is loopback only.
``SECURE_PROXY_SSL_HEADER`` set to ``1`` behind a TLS-terminating proxy that sends ``X-Forwarded-Proto``.
``SECURE_HSTS_SECONDS``   HSTS max-age when not ``DEBUG`` (default one year).
``SECURE_HSTS_PRELOAD``   ``1`` to add the HSTS ``preload`` directive (default off: a per-domain decision).
``AXES_IPWARE_PROXY_COUNT`` number of reverse proxies in front, so login throttling sees the client IP.
``LOG_LEVEL``             root log level (default ``INFO``).
``OIDC_RP_CLIENT_ID``, ``OIDC_RP_CLIENT_SECRET``, ``OIDC_OP_AUTHORIZATION_ENDPOINT``,
``OIDC_OP_TOKEN_ENDPOINT``, ``OIDC_OP_USER_ENDPOINT``, ``OIDC_OP_JWKS_ENDPOINT``
                          all set: OpenID Connect login is offered beside the password login.
``OIDC_RP_SIGN_ALGO``     default ``RS256``.
``OIDC_RP_SCOPES``        default ``openid email profile``.
``OIDC_MUNICIPALITY_CLAIM`` optional claim that carries the user's kommunenummer; when set, a login
                          maps only to a user of that municipality.
``PASSWORD_LOGIN``        ``0`` switches the password login off when OpenID Connect is on (default on).
``SESSION_IDLE_TIMEOUT_MINUTES`` minutes without a request before a session ends (default 30).
``PERMISSIONS_POLICY``    the ``Permissions-Policy`` header (default: camera, microphone, geolocation,
                          payment, USB and the other powerful features switched off).
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.contrib.messages import constants as message_constants
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean the way operators write it (1/0, true/false, yes/no, on/off)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Read a comma-separated list, ignoring blanks."""
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/prioritet
REPO_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("PRIORITET_VAR_DIR", str(REPO_DIR / "var"))).resolve()

# Tests render templates without a collectstatic run, so they must not use the manifest storage.
TESTING = "pytest" in sys.modules or env_bool("PRIORITET_TESTING")

DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "django-insecure-dev-only-prioritet-do-not-use-in-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first, so their templates override those of the apps below (registration/, axes).
    "prioritet.web",
    "prioritet.core",
    "prioritet.accounts",
    "whitenoise.runserver_nostatic",
    "prioritet.web.apps.PrioritetAdminConfig",  # django.contrib.admin, for break-glass superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # django-ninja as an app serves Swagger UI's files from our own static files (no CDN).
    "ninja",
    # The queue of background tasks, a table in our own database (see TASKS).
    "django_tasks_db",
]

# One app per bounded area, each bringing its own ``urls`` module (see prioritet.web.urls).
PRODUCT_APPS = [
    "prioritet.cases",
    "prioritet.weighting",
    "prioritet.api",
    "prioritet.portfolio",
    "prioritet.public",
    "prioritet.reports",
    "prioritet.participation",
    "prioritet.ethics",
    "prioritet.evidence",
    "prioritet.examples",
    "prioritet.calibration",
    "prioritet.planning",
    "prioritet.effects",
    "prioritet.waiting",
    "prioritet.indicators",
    "prioritet.budgetplan",
    "prioritet.catalogue",
]
INSTALLED_APPS[2:2] = PRODUCT_APPS

MIDDLEWARE = [
    # Outermost, so every response (the 413 page and static files too) gets Permissions-Policy and,
    # when someone is signed in or the API answers, Cache-Control: no-store. It reads no body.
    "prioritet.web.middleware.PrivacyHeadersMiddleware",
    # Before anything reads the body: an oversized request is refused from its Content-Length.
    "prioritet.web.middleware.RequestSizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "prioritet.web.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in user's stored language wins over the cookie.
    "prioritet.accounts.middleware.UserLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "prioritet.accounts.tenancy.MunicipalityMiddleware",
    # Row-level security on PostgreSQL: the request's queries see only the user's municipality.
    "prioritet.core.tenancy_db.DatabaseTenancyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends idle and over-long sessions, then sends a password login to change an administrator-set
    # password and to give its second factor before it reaches any other page.
    "prioritet.accounts.middleware.SessionTimeoutMiddleware",
    "prioritet.accounts.middleware.LoginStepsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A caseworker, health worker or leader outside an individual case's team is offered the
    # emergency access page («break the glass») instead of a bare 403.
    "prioritet.cases.middleware.BreakGlassMiddleware",
    # Last, as django-axes requires: it turns a lockout flagged during authentication into a page.
    "axes.middleware.AxesMiddleware",
]

#: Largest request body accepted, in bytes (the 2 MB measures file and its form, with room to spare).
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(3 * 1024 * 1024)))

ROOT_URLCONF = "prioritet.web.urls"
WSGI_APPLICATION = "prioritet.web.wsgi.application"
ASGI_APPLICATION = "prioritet.web.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "prioritet.web.context_processors.prioritet",
            ],
        },
    },
]

# Forms render with Designsystemet markup (label, description, input, validation message) from our
# templates, so every app gets accessible, consistently styled forms from a plain {{ form }}.
FORM_RENDERER = "prioritet.web.forms.DesignsystemetFormRenderer"

# --- Database ---------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'prioritet.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers on the embedded database: a transaction takes the write lock when it
    # begins (IMMEDIATE), so a read-then-write transaction never fails its upgrade with "database is
    # locked"; waiting writers queue for up to 20 s; WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches -----------------------------------------------------------------------------------
# "default" stays per process. The rate limits of the public consultation form count requests
# across every web worker, so they live in a table of the database that all workers share
# (created by a migration of prioritet.participation; `manage.py migrate` is enough).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "prioritet_ratelimit_cache",
    },
}
RATELIMIT_USE_CACHE = "ratelimit"
# Behind a proxy, set RATELIMIT_IP_META_KEY (e.g. HTTP_X_FORWARDED_FOR) so each visitor is counted alone.
if os.environ.get("RATELIMIT_IP_META_KEY"):
    RATELIMIT_IP_META_KEY = os.environ["RATELIMIT_IP_META_KEY"]
# Posts per IP address and round on the public consultation form (django-ratelimit's rate syntax).
PARTICIPATION_PUBLIC_RATE = os.environ.get("PARTICIPATION_PUBLIC_RATE", "10/h")

# API tokens expire this many days after they are created (then they answer 401 and must be replaced).
API_TOKEN_LIFETIME_DAYS = int(os.environ.get("API_TOKEN_LIFETIME_DAYS", "365"))

# --- Background tasks (django.tasks) -------------------------------------------------------------
# Long work (robustness analyses, large imports, PDF reports, e-mails) is queued in the database and
# run by `manage.py db_worker`, a process of its own beside the web workers (`make run` starts both;
# production runs it under systemd or as a second container). A queued task survives a restart and
# is seen by every web worker, so a poll landing on another worker finds it instead of starting it
# again. The tests run tasks immediately (conftest) unless a test needs the queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
#: Portfolios with more measures than this get their robustness analysis from a background task.
PORTFOLIO_ROBUSTNESS_INLINE_LIMIT = int(os.environ.get("PORTFOLIO_ROBUSTNESS_INLINE_LIMIT", "50"))
#: Saksframlegg whose portfolio has more measures than this get their PDF from a background task.
REPORTS_PDF_INLINE_MEASURES = int(os.environ.get("REPORTS_PDF_INLINE_MEASURES", "50"))

# --- Indicators: Statistics Norway's PxWebApi ---------------------------------------------------------
# Whether the background task may fetch tables from SSB over the network. Off in development and
# tests (they never touch the network); on by default on a server. See docs/operations.md.
INDICATORS_FETCH = env_bool("INDICATORS_FETCH", not (DEBUG or TESTING))
INDICATORS_SSB_BASE_URL = os.environ.get("INDICATORS_SSB_BASE_URL", "https://data.ssb.no/api/pxwebapi/v2")
#: Folder of cached SSB responses (served when SSB cannot be reached); empty for none.
INDICATORS_SSB_CACHE = os.environ.get("INDICATORS_SSB_CACHE", "" if TESTING else str(VAR_DIR / "ssb-cache"))
#: Small-cell suppression: a figure that describes fewer people than this is shown as «:» with no
#: number, everywhere (prioritet.indicators.suppression; docs/methods.md §10e). Never below five.
INDICATORS_SUPPRESS_BELOW = max(5, int(os.environ.get("INDICATORS_SUPPRESS_BELOW", "5")))

# --- E-mail and reminders ----------------------------------------------------------------------
# Reminder e-mails (reassessments due, the annual wheel's milestones) go through Django's mailers.
# The console backend prints them to the worker's log; a production server sends them through the
# municipality's mail relay (the EMAIL_HOST variables, SMTP on localhost:25 by default).
# Development, tests and `make run` print e-mails; a server sends them by SMTP unless told otherwise.
_EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or TESTING or env_bool("PRIORITET_LOCAL_HTTP")
    else "django.core.mail.backends.smtp.EmailBackend"
)
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
        }
        if _EMAIL_BACKEND.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "prioritet@localhost")
#: The product's address as users reach it, for the links in e-mails (a task has no request to ask).
PRIORITET_SITE_URL = os.environ.get("PRIORITET_SITE_URL", "http://127.0.0.1:8000")
#: Reminders go this many days before a reassessment or a milestone is due (overdue ones too).
PRIORITET_REMINDER_DAYS = int(os.environ.get("PRIORITET_REMINDER_DAYS", "14"))

# --- Accessibility statement -------------------------------------------------------------------
#: Where people report accessibility problems (an e-mail address), shown on /accessibility/; empty for none.
PRIORITET_ACCESSIBILITY_CONTACT = os.environ.get("PRIORITET_ACCESSIBILITY_CONTACT", "")
#: The municipality's formal statement in Uutilsynet's solution (uustatus.no), linked when set.
PRIORITET_ACCESSIBILITY_STATEMENT_URL = os.environ.get("PRIORITET_ACCESSIBILITY_STATEMENT_URL", "")

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Norwegian favourites (passord123, sommer2025, prioritet123) and the user's own municipality.
    {"NAME": "prioritet.accounts.passwords.NorwegianCommonPasswordValidator"},
    {"NAME": "prioritet.accounts.passwords.MunicipalityNameValidator"},
]

if TESTING:
    # Hashing with production strength makes each test login take a noticeable fraction of a second.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The variables an OpenID Connect login needs. Which of them are set is kept, so that the system
# check (prioritet.accounts.checks) refuses a half-done configuration instead of letting every
# login fail later.
OIDC_VARIABLES = (
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
)
OIDC_VARIABLES_SET = tuple(name for name in OIDC_VARIABLES if os.environ.get(name))
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
# HS256 signs with the client secret; every other algorithm needs the provider's public keys (JWKS).
OIDC_REQUIRED_VARIABLES = tuple(
    name for name in OIDC_VARIABLES if name != "OIDC_OP_JWKS_ENDPOINT" or OIDC_RP_SIGN_ALGO != "HS256"
)
OIDC_ENABLED = all(os.environ.get(name) for name in OIDC_REQUIRED_VARIABLES)
# PASSWORD_LOGIN=0 leaves only the municipality's login service (OpenID Connect) when that is on.
PASSWORD_LOGIN_WANTED = env_bool("PASSWORD_LOGIN", default=True)
PASSWORD_LOGIN = PASSWORD_LOGIN_WANTED or not OIDC_ENABLED

AUTHENTICATION_BACKENDS = [
    # First: refuses any attempt while the username+IP pair is locked out.
    "axes.backends.AxesStandaloneBackend",
]
if PASSWORD_LOGIN:
    AUTHENTICATION_BACKENDS.append("django.contrib.auth.backends.ModelBackend")

if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("prioritet.accounts.oidc.MunicipalOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ["OIDC_RP_CLIENT_SECRET"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT") or None
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
    OIDC_USE_PKCE = True
    # Users are provisioned by their municipality's administrator; an IdP login never creates one.
    OIDC_CREATE_USER = False
    LOGIN_REDIRECT_URL_FAILURE = "/login/?oidc=failed"  # a path: mozilla-django-oidc does not resolve names
OIDC_MUNICIPALITY_CLAIM = os.environ.get("OIDC_MUNICIPALITY_CLAIM", "")

# django-axes: 5 failed logins for the same username from the same IP lock that pair out for
# 15 minutes; a success resets the count. Keyed on the pair so that one attacker cannot lock a
# colleague out from another machine, and a shared municipal NAT address does not lock everyone.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False
if os.environ.get("AXES_IPWARE_PROXY_COUNT"):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["AXES_IPWARE_PROXY_COUNT"])

SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day; health data should not stay signed in for weeks
# A session ends after this long without a request, and in any case SESSION_COOKIE_AGE after login
# (prioritet.accounts.middleware.SessionTimeoutMiddleware enforces both).
SESSION_IDLE_TIMEOUT_MINUTES = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "30"))
# The issuer name an authenticator app shows beside the six-digit code.
OTP_TOTP_ISSUER = "Prioritet"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Retention (manage.py purge_expired; defaults and legal basis in docs/operations.md) --------
#: Days each kind of record is kept: individual cases and their history counted from the case's
#: closing (archiving), the access log from the read, sessions from their expiry, consultation
#: answers from the round's close. Each is set with RETENTION_<KIND>_DAYS, e.g.
#: RETENTION_ACCESS_LOG_DAYS=3650.
PRIORITET_RETENTION_DAYS = {
    kind: int(os.environ.get(f"RETENTION_{kind.upper()}_DAYS", default))
    for kind, default in (
        ("individual_cases", 3650),
        ("individual_case_history", 3650),
        ("access_log", 3650),
        ("sessions", 0),
        ("consultation_answers", 1825),
        ("sent_reminders", 365),
        ("measure_imports", 2),
        ("consistency_reports", 365),
    )
}

# --- Access to individual cases (tjenstlig behov; docs/operations.md) ---------------------------
#: How long an emergency access («break the glass») to an individual case outside one's case team
#: lasts, in hours (ACCESS_GRANT_HOURS).
PRIORITET_ACCESS_GRANT_HOURS = int(os.environ.get("ACCESS_GRANT_HOURS", "4"))

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", "Norsk bokmål"),
    ("nn", "Norsk nynorsk"),
    ("en", "English"),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Oslo"

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
# Where collectstatic puts the files for production. Development and tests serve straight from the
# apps' static folders (WHITENOISE_USE_FINDERS), so none is set there unless asked for.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or (None if DEBUG or TESTING else str(VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serve straight from the apps' static folders in development and tests (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security ---------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
# No page uses the camera, microphone, location, payment or other powerful browser features.
PERMISSIONS_POLICY = os.environ.get(
    "PERMISSIONS_POLICY",
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), "
    "xr-spatial-tracking=()",
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline scripts or styles anywhere: templates load /static files only. Designsystemet's CSS
# uses data: URLs for its icons.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# `make run` serves with DEBUG off over plain HTTP on loopback: PRIORITET_LOCAL_HTTP=1 drops the
# HTTPS-only cookies, HSTS and the HTTPS redirect, and is refused for any host but this machine.
LOCAL_HTTP = env_bool("PRIORITET_LOCAL_HTTP")
if LOCAL_HTTP and not set(ALLOWED_HOSTS) <= {"localhost", "127.0.0.1", "[::1]"}:
    raise ImproperlyConfigured("PRIORITET_LOCAL_HTTP is for loopback only: ALLOWED_HOSTS names another host.")
if not DEBUG:
    plain_http = TESTING or LOCAL_HTTP
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not plain_http)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's check may come over plain HTTP
    SESSION_COOKIE_SECURE = not plain_http
    CSRF_COOKIE_SECURE = not plain_http
    LANGUAGE_COOKIE_SECURE = not plain_http
    SECURE_HSTS_SECONDS = 0 if plain_http else int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging: everything to stderr, where the container runtime collects it ----------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    # A 403 is an answer, not an error: one line (method, path, user id, reason), no traceback.
    "filters": {"one_line_forbidden": {"()": "prioritet.web.log.OneLineForbidden"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain"},
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {
            "handlers": ["stderr"],
            "level": LOG_LEVEL,
            "propagate": False,
            "filters": ["one_line_forbidden"],
        },
        "axes": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        # What a break-glass superuser reads and does in the Django admin: always kept, whatever LOG_LEVEL.
        "prioritet.audit": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        # WeasyPrint logs every step of every PDF at INFO; its warnings (missing fonts, bad CSS) matter.
        "weasyprint": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

# Messages render as Designsystemet alerts: the tag is the alert's data-color.
MESSAGE_TAGS = {
    message_constants.DEBUG: "info",
    message_constants.INFO: "info",
    message_constants.SUCCESS: "success",
    message_constants.WARNING: "warning",
    message_constants.ERROR: "danger",
}

# Shown in the page header and the browser title.
PRODUCT_NAME = "Prioritet"
PRODUCT_TAGLINE = _("Decision support for priority setting in municipal health and care services")

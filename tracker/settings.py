"""Settings for the Bilateral Initiative Tracker, read from the environment.

Every variable is listed in the README's configuration table. Development
defaults apply only where they are safe; production settings
(``tracker.settings_production``) refuse to start without a secret key.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DEBUG=true for local development."
        )
    SECRET_KEY = "development-only-key-never-used-in-production-0123456789abcdefghijklmnop"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # The admin site asks for the second sign-in step as the rest of the site does (accounts/two_factor/admin_site.py).
    "accounts.two_factor.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "proposals",
]

MIDDLEWARE = [
    # First: every line logged while a request is handled carries its id, and its own line covers the rest
    # (tracker/logs.py).
    "tracker.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "tracker.middleware.PermissionsPolicyMiddleware",
    # A lost database connection answers 503 (tracker/database_faults.py); before the session, which may save.
    "tracker.database_faults.DatabaseFaultMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    # A password alone reaches only the two-factor code step (or its set-up, where the policy requires it).
    "accounts.two_factor.middleware.TwoFactorMiddleware",
    # After the language is chosen (the 413 page speaks it), before any view or CSRF check reads the body.
    "tracker.middleware.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "proposals.context_processors.navigation",
            ],
        },
    },
]

# Django's form renderer with <select> written out in Python (tracker/form_rendering.py).
FORM_RENDERER = "tracker.form_rendering.FormRenderer"

# An unset or empty DATABASE_URL means the embedded SQLite file under var/.
DATABASES = {
    "default": env.db_url_config(env("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'tracker.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Exports read in chunks through a server-side cursor; behind PgBouncer in transaction mode, turn them off.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=False)
# On PostgreSQL, a pool of connections in each process (psycopg_pool) instead of one kept connection. Django
# refuses a pool beside persistent connections, so with it CONN_MAX_AGE is 0 (the production settings agree).
DATABASE_POOL = env.bool("DATABASE_POOL", default=False) and DATABASES["default"]["ENGINE"].endswith(
    ("postgresql", "postgis")
)
if DATABASE_POOL:
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=10),
        # Seconds a request waits for a free connection before it fails (PoolTimeout).
        "timeout": 10,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in lockout (accounts/signin.py). Counted per user name *and* address: one colleague's typos
# do not lock out a whole ministry behind one NAT address, and nobody can lock a named user out
# from elsewhere; a guesser gets 5 tries per 15 minutes per address. Counts live in the database,
# so every gunicorn worker sees the same ones.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failures are cleared when a sign-in is complete: after the password for a user without two-factor
# sign-in, after the code for one with it (accounts/two_factor/lockout.py), so that typing the password
# again never wipes the count of wrong codes.
AXES_RESET_ON_SUCCESS = False
# Tries during a lockout do not extend it, so the time the page announces holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.views.signin_locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.signin.client_ip_address"
# Masked in what django-axes records of a failed sign-in, with the password: a recovery code typed at the
# two-factor step may be a real one, refused only while wrong codes make the user wait.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# Reverse proxies in front of the app that append the client's address to X-Forwarded-For
# (1 behind the Procfile's TLS-terminating proxy); 0 trusts REMOTE_ADDR alone.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Password-reset mails per address (case-insensitive) and window, counted in the database across processes.
PASSWORD_RESET_MAILS_PER_ADDRESS = 3
PASSWORD_RESET_MAIL_WINDOW = datetime.timedelta(hours=1)

# Two-factor sign-in (accounts/two_factor/). Who must use it: "coordinators", "admins" (staff and superusers),
# both, or nobody (the default). Superusers can require more in the admin's sign-in policy, never less.
TWO_FACTOR_REQUIRED_FOR = env.list("TWO_FACTOR_REQUIRED_FOR", default=[])
if unknown := set(TWO_FACTOR_REQUIRED_FOR) - {"coordinators", "admins"}:
    raise ImproperlyConfigured(
        f"TWO_FACTOR_REQUIRED_FOR names {', '.join(sorted(unknown))}; it takes coordinators and admins."
    )
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Initiative Tracker"

# How long a digest's unsubscribe link works: long enough for a digest that waits in an inbox.
DIGEST_UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=60)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Korean and Japanese date and time formats as each language writes them (tracker/formats/).
FORMAT_MODULE_PATH = ["tracker.formats"]
LANGUAGES = [
    ("en", _("English")),
    ("ko", _("Korean")),
    ("ja", _("Japanese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
# The day that decides stored health (overdue, due soon): Seoul and Tokyo share this calendar.
PROGRAMME_TIME_ZONE = env("PROGRAMME_TIME_ZONE", default="Asia/Seoul")
# The two sides' assessments (or a side's "on track" against an off-track computed health) are flagged as
# a disagreement once they have differed for more than this many days.
DISAGREEMENT_FLAG_DAYS = env.int("DISAGREEMENT_FLAG_DAYS", default=14)
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]

# E-mail: SMTP when EMAIL_URL is set (smtp://user:password@host:587/?tls=True),
# otherwise one file per message under var/mail/ so a local run can read what was sent.
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
# A digest or reminder is sent while its row is claimed; a mail server that hangs must not hold it for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Initiative Tracker <tracker@localhost>")

# Celery
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# A dead or hung broker must fail a publish within about two seconds (proposals.enqueue logs it and
# the write stands): connect and socket timeouts, and one connection attempt before giving up.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    # Redis only (RabbitMQ redelivers when the worker's connection closes): a task taken but not yet
    # acknowledged (acks late) goes back to the queue this many seconds after it was taken, which is how
    # the task of a worker killed outright runs again. It must exceed the longest task time limit (600 s,
    # refresh_figures), or a task still running would be handed to a second worker as well.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_BEAT_SCHEDULE: dict = {
    # Digests go out at 08:00 local time: every hour some time zone reaches it.
    "dispatch-digests": {
        "task": "proposals.tasks.dispatch_digests",
        "schedule": crontab(minute=0),
        "options": {"expires": 50 * 60},
    },
    "send-reminders": {
        "task": "proposals.tasks.send_reminders",
        "schedule": crontab(minute=5),
        "options": {"expires": 50 * 60},
    },
    # Stored progress and health for what time alone changes (the programme's day turning).
    "refresh-figures": {
        "task": "proposals.tasks.refresh_figures",
        "schedule": crontab(minute=2),
        "options": {"expires": 50 * 60},
    },
    # Webhook retries that fell due, and events whose delivery task was lost.
    "sweep-webhooks": {
        "task": "proposals.tasks.sweep_webhooks",
        "schedule": crontab(),
        "options": {"expires": 50},
    },
    # Immediate notifications whose task was lost (broker down at commit time).
    "sweep-notifications": {
        "task": "proposals.tasks.sweep_notifications",
        "schedule": crontab(minute=10),
        "options": {"expires": 50 * 60},
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Outgoing webhooks (proposals/webhooks/). A receiver on a private, loopback or link-local address is
# refused unless this is on (a receiver on this machine while developing, the suite's own receivers).
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# Retries wait 1, 2, 4, 8… minutes and stop a day after the event.
WEBHOOK_FIRST_RETRY_SECONDS = 60
WEBHOOK_RETRY_FOR_HOURS = 24
# A webhook that has failed this many times in a row, for at least this long, is disabled and its
# group's coordinators are told by e-mail.
WEBHOOK_DISABLE_AFTER_FAILURES = env.int("WEBHOOK_DISABLE_AFTER_FAILURES", default=10)
WEBHOOK_DISABLE_AFTER_HOURS = env.float("WEBHOOK_DISABLE_AFTER_HOURS", default=12.0)

REST_FRAMEWORK = {
    # The token first, so a request without credentials gets 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.TokenAuthentication",
        # A session counts only once its sign-in is complete (two-factor code included).
        "accounts.two_factor.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "proposals.api.permissions.TokenScope",
    ],
    "EXCEPTION_HANDLER": "proposals.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_RATES": {"api_token": env.str("API_TOKEN_RATE", default="20/min")},
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "proposals.api.paging.Page",
    "PAGE_SIZE": 25,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bilateral Initiative Tracker API",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    # The schema and its documentation are for signed-in users (a session or a token).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "proposals.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "InitiativeStatusEnum": "proposals.models.choices.InitiativeStatus",
        "MilestoneStatusEnum": "proposals.models.choices.MilestoneStatus",
        "DomesticStepKindEnum": "proposals.models.choices.DomesticStepKind",
        "DomesticStepStatusEnum": "proposals.models.choices.DomesticStepStatus",
        "LanguageEnum": "accounts.models.Language",
        "HealthEnum": "proposals.models.choices.Health",
        "SideEnum": "proposals.models.choices.Side",
        "EvidenceKindEnum": "proposals.models.choices.EvidenceKind",
    },
}

# Request bodies above this size answer 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)
# The site takes no files: any file part answers 413 (tracker/uploads.py).
FILE_UPLOAD_HANDLERS = ["tracker.uploads.RefuseFileUploads"]

# Every page works with no inline script or style: scripts and styles are static files, charts are drawn
# through the CSSOM, htmx does not inject its indicator style (htmx-config in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# "plain" lines for a terminal, "json" (one object a line, the production default) for a log collector. Every line
# carries the request id and, in the worker, the task (tracker/logs.py).
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING: dict = {
    "version": 1,
    "disable_existing_loggers": False,
    # Broker and database URLs may carry passwords: every line is masked (tracker/redaction.py), JSON included.
    "formatters": {
        "plain": {"()": "tracker.logs.PlainFormatter"},
        "json": {"()": "tracker.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Lockouts are warnings; axes' per-sign-in bookkeeping and WeasyPrint's per-PDF progress are not worth a line each.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
if LOG_FORMAT not in LOGGING["formatters"]:
    raise ImproperlyConfigured(f"LOG_FORMAT is {LOG_FORMAT!r}; it takes json or plain.")

# Errors to Sentry only when SENTRY_DSN is set (tracker/error_reporting.py); otherwise nothing of it is loaded.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from tracker.error_reporting import start_error_reporting

    start_error_reporting(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

"""Production settings: everything of tracker.settings, hardened.

A secret key must come from the environment; there is no default here.
"""

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403 - production is the base settings, hardened
from .settings import DATABASE_POOL, DATABASES, LOGGING, MIDDLEWARE, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Production settings need a SECRET_KEY of at least 50 characters in the environment.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Health probes come over plain HTTP from inside the deployment (tracker/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Cookies only over HTTPS and out of reach of scripts (no script of the site reads one: htmx sends the CSRF
# token from the page). Messages use the session cookie's flags. SecureCookiesMiddleware, listed first,
# marks whatever else a response sets or deletes.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
MIDDLEWARE = ["tracker.middleware.SecureCookiesMiddleware", *MIDDLEWARE]

# Hashed, compressed copies gathered by collectstatic. The manifest storage refuses a file whose references
# (url(), sourceMappingURL) are missing, so a broken asset fails the deploy rather than every page.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Production runs behind one TLS-terminating proxy (README, "Deploying"): the sign-in lockout reads the
# client's address from the X-Forwarded-For entry that proxy appends.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)

# Persistent database connections: a request reuses its worker's connection instead of opening one
# (health-checked before each request reuses it, so a restarted database server is reconnected to).
# With DATABASE_POOL the pool keeps them instead, and Django refuses persistent connections beside a pool.
if DATABASE_POOL:
    if env.int("CONN_MAX_AGE", default=0):
        raise ImproperlyConfigured("DATABASE_POOL keeps connections in a pool: leave CONN_MAX_AGE unset or 0 with it.")
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# One JSON object a line for the log collector, unless LOG_FORMAT says plain (tracker/logs.py).
LOG_FORMAT = env("LOG_FORMAT", default="json")
if LOG_FORMAT not in LOGGING["formatters"]:
    raise ImproperlyConfigured(f"LOG_FORMAT is {LOG_FORMAT!r}; it takes json or plain.")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT

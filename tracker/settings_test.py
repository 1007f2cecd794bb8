"""Settings for the test suite: PostgreSQL at 127.0.0.1:5432 unless DATABASE_URL says otherwise."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tracker")
os.environ.setdefault("SECRET_KEY", "test-suite-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz")

from .settings import *  # noqa: F403

# Argon2 stays the production hasher (tests/test_settings.py checks it); the suite
# creates many users, so it hashes with a fast one.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Separate test databases for concurrent runs on one server (e.g. TEST_DB_NAME=test_tracker_2).
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DB_NAME", "test_tracker")}  # noqa: F405

# Tasks published by this run go to a queue of its own, so concurrent runs sharing one Redis
# never consume each other's tasks (the delivery tests start a worker on this queue).
# Under pytest-xdist each worker process has its own database (pytest-django suffixes it) and its own queue.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE") or "-".join(
    filter(None, ["tracker", DATABASES["default"]["TEST"]["NAME"], os.environ.get("PYTEST_XDIST_WORKER")])  # noqa: F405
)

# Expectations in the suite count days in UTC, as the server's TIME_ZONE does.
PROGRAMME_TIME_ZONE = "UTC"

# The token endpoint's throttle counts per address, and the whole suite comes from one; its own test
# sets a low rate.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"api_token": "10000/min"}  # noqa: F405

# The suite's webhook receivers listen on 127.0.0.1; the SSRF tests turn this off again.
WEBHOOK_ALLOW_PRIVATE_TARGETS = True

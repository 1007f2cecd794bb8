"""The project's configuration: production hardening, hashing, Celery from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_SECRET = "x" * 20 + "-production-secret-for-the-check-0123456789"


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, *code.split(" ")] if code.startswith("manage.py") else [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_check_deploy_is_clean_under_production_settings():
    result = run_python(
        "manage.py check --deploy --fail-level WARNING",
        DJANGO_SETTINGS_MODULE="tracker.settings_production",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="tracker.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_python("manage.py check", DJANGO_SETTINGS_MODULE="tracker.settings_production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.slow
def test_base_settings_refuse_a_missing_secret_key_unless_debug():
    refused = run_python("manage.py check", DJANGO_SETTINGS_MODULE="tracker.settings")
    allowed = run_python("manage.py check", DJANGO_SETTINGS_MODULE="tracker.settings", DEBUG="true")
    assert refused.returncode != 0 and "SECRET_KEY" in refused.stderr
    assert allowed.returncode == 0, allowed.stderr


@pytest.mark.slow
def test_passwords_are_hashed_with_argon2_outside_the_test_suite():
    result = run_python(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='tracker.settings'; django.setup(); "
        "from django.contrib.auth.hashers import make_password; print(make_password('secret'))",
        DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("argon2$")


@pytest.mark.slow
def test_celery_app_reads_its_broker_from_the_environment():
    result = run_python(
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='tracker.settings'; "
        "from tracker.celery import app; print(app.conf.broker_url); print(app.conf.task_time_limit)",
        DEBUG="true",
        REDIS_URL="redis://127.0.0.1:6390/7",
        CELERY_TASK_TIME_LIMIT="77",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["redis://127.0.0.1:6390/7", "77"]


@pytest.mark.slow
def test_database_and_mail_defaults_suit_a_local_run():
    result = run_python(
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='tracker.settings'; import django; django.setup(); "
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE']); print(s.EMAIL_BACKEND); "
        "print(s.EMAIL_FILE_PATH)",
        DEBUG="true",
        DATABASE_URL="",
    )
    engine, backend, mail_path = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert mail_path.endswith("var/mail")


def test_three_languages_and_utc_storage():
    assert [code for code, _ in settings.LANGUAGES] == ["en", "ko", "ja"]
    assert settings.USE_TZ is True and settings.TIME_ZONE == "UTC"


@pytest.mark.slow
def test_redis_check_says_how_to_fix_an_unreachable_broker():
    result = subprocess.run(
        [sys.executable, "-m", "tracker.redis_check"],
        cwd=ROOT,
        env={**os.environ, "REDIS_URL": "redis://127.0.0.1:1/0", "CELERY_BROKER_URL": ""},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Redis is not reachable at redis://127.0.0.1:1/0" in result.stderr
    assert "REDIS_URL" in result.stderr


@pytest.mark.slow
def test_redis_check_passes_when_the_broker_answers():
    result = subprocess.run(
        [sys.executable, "-m", "tracker.redis_check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/0", "CELERY_BROKER_URL": ""},
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_the_embedded_database_migrates_and_takes_the_demo(tmp_path):
    """What ``make run`` does on a fresh machine: every migration and the demo seed on SQLite."""
    database = tmp_path / "tracker.sqlite3"
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY"}}
    env = {**clean, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{database}"}
    for command in (["migrate", "--noinput"], ["seed_demo", "--quiet"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240
        )
        assert result.returncode == 0, result.stderr[-2000:]
    assert "Demo data created" in result.stdout
    # The demo's pages and API as its people read them, on the embedded database (the rest of the suite
    # runs on PostgreSQL): nothing the site asks of its database may be PostgreSQL's alone.
    pages = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", EMBEDDED_PAGES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert pages.returncode == 0, pages.stderr[-3000:]
    assert pages.stdout.strip().endswith("pages read"), pages.stdout[-2000:]


#: Run inside ``manage.py shell`` on the demo: every listed page, as each demo person, answers.
EMBEDDED_PAGES = """
from django.test import Client
from accounts.models import User
from proposals.selectors import initiatives_visible_to
common = ["/", "/initiatives/", "/initiatives/?disagreement=true", "/review/", "/disagreements/",
          "/translations/review/", "/glossary/", "/api/v1/initiatives/", "/api/v1/assessments/",
          "/api/v1/domestic-steps/", "/initiatives/export.csv"]
read = 0
for name in ("admin", "coord.kim", "coord.sato", "member.park", "reader.suzuki"):
    user = User.objects.get(username=name)
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)
    client.force_login(user)
    paths = list(common)
    for slug in initiatives_visible_to(user).order_by("slug").values_list("slug", flat=True):
        paths += [f"/initiatives/{slug}/", f"/initiatives/{slug}/assessments/",
                  f"/initiatives/{slug}/translations/", f"/initiatives/{slug}/milestones/export.xlsx"]
    for path in paths:
        status = client.get(path).status_code
        # Coordinators' pages (disagreements) refuse the others with a 403: never a 404 or a 500.
        assert status == 200 or (status == 403 and not name.startswith(("admin", "coord."))), (name, path, status)
        read += 1
print(read, "pages read")
"""

"""Database connection pooling (DATABASE_POOL): psycopg's pool in each process, under the production settings.

With the pool on, a request borrows a connection and gives it back when it ends, instead of opening one or
keeping one of its own: the same few connections serve request after request, never more than the pool's
size per process. The settings keep Django's rule that a pool and persistent connections exclude each other.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from accounts import tokens
from tests import factories
from tests.ops.processes import ROOT, Deployment, call, production_env

pytestmark = pytest.mark.slow

REDIS = "redis://127.0.0.1:6379/11"

# Twenty requests in one process, as Django runs them: each one's end closes (or gives back) its connection.
REQUESTS_IN_A_SHELL = """
from django.core.signals import request_finished, request_started
from django.db import connection
pids = set()
for _ in range(20):
    request_started.send(sender=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pids.add(cursor.fetchone()[0])
    request_finished.send(sender=None)
print(len(pids), connection.settings_dict["CONN_MAX_AGE"], connection.settings_dict["OPTIONS"].get("pool"))
"""


def run_manage(tmp_path: Path, *arguments: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**production_env(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_pooled_connections_serve_request_after_request(db, tmp_path):
    pooled = run_manage(
        tmp_path,
        "shell",
        "-v0",
        "-c",
        REQUESTS_IN_A_SHELL,
        DATABASE_POOL="true",
        DATABASE_POOL_MIN_SIZE="1",
        DATABASE_POOL_MAX_SIZE="2",
    )
    unpooled = run_manage(tmp_path, "shell", "-v0", "-c", REQUESTS_IN_A_SHELL, CONN_MAX_AGE="0")
    assert pooled.returncode == 0, pooled.stderr
    assert unpooled.returncode == 0, unpooled.stderr

    connections, conn_max_age, pool = pooled.stdout.split(maxsplit=2)
    assert 1 <= int(connections) <= 2
    assert conn_max_age == "0"
    assert pool.strip() == "{'min_size': 1, 'max_size': 2, 'timeout': 10}"
    # Without the pool and without persistent connections, every request opens a connection of its own.
    assert unpooled.stdout.split()[0] == "20"


def test_pool_is_off_unless_asked_for(db, tmp_path):
    result = run_manage(tmp_path, "shell", "-v0", "-c", REQUESTS_IN_A_SHELL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "600", "None"]


def test_pool_beside_persistent_connections_is_refused(db, tmp_path):
    result = run_manage(tmp_path, "check", DATABASE_POOL="true", CONN_MAX_AGE="600")
    assert result.returncode != 0
    assert "DATABASE_POOL keeps connections in a pool: leave CONN_MAX_AGE unset or 0 with it." in result.stderr


def test_check_deploy_is_clean_with_the_pool(db, tmp_path):
    result = run_manage(
        tmp_path,
        "check",
        "--deploy",
        "--database",
        "default",
        "--fail-level",
        "WARNING",
        DATABASE_POOL="true",
        ALLOWED_HOSTS="tracker.example.org",
        SECURE_SSL_REDIRECT="true",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.fixture
def pooled_site(tmp_path, transactional_db) -> Iterator[tuple[Deployment, str]]:
    """Two gunicorn workers with a pool of exactly two connections each, named so pg_stat_activity finds them."""
    application = f"tracker-pool-{uuid.uuid4().hex[:8]}"
    environment = production_env(tmp_path)
    environment.update(
        DATABASE_URL=f"{environment['DATABASE_URL']}?application_name={application}",
        DATABASE_POOL="true",
        DATABASE_POOL_MIN_SIZE="2",
        DATABASE_POOL_MAX_SIZE="2",
        WEB_CONCURRENCY="2",
        CELERY_BROKER_URL=REDIS,
    )
    deployment = Deployment(tmp_path, environment)
    try:
        yield deployment, application
    finally:
        deployment.stop_all()


def backends(application: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [application])
        return {pid for (pid,) in cursor.fetchall()}


def test_gunicorn_reuses_its_pooled_connections_and_stays_within_the_pools_size(pooled_site):
    deployment, application = pooled_site
    _, key = tokens.issue(factories.UserFactory(username="reader.lee"), name="pool", read_only=True)
    web = deployment.web()
    deployment.wait_until_serving(web)

    def burst() -> list[tuple[int, str]]:
        paths = ["/readyz", "/api/v1/me/", "/api/v1/initiatives/"] * 8
        with ThreadPoolExecutor(max_workers=6) as threads:
            answers = list(threads.map(lambda path: call(web, "GET", path, token=key), paths))
        return [(answer.status, answer.body) for answer in answers]

    first = burst()
    assert all(status == 200 for status, _ in first), [body for status, body in first if status != 200]
    held = backends(application)
    # The connections outlive the requests that used them: they wait in the pools for the next ones.
    assert held, web.log_tail()

    second = burst()
    assert all(status == 200 for status, _ in second)
    after = backends(application)
    assert held <= after, "a pooled connection was closed and another opened"
    assert len(after) <= 2 * 2  # web processes × DATABASE_POOL_MAX_SIZE

"""``make bench`` runs end to end: a tiny programme, served by gunicorn, driven, measured and written as JSON.

Figures are not checked (timings stay out of the suite); only that the run finishes, and that its
results name every page, the floor of every list page and the digest run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from psycopg import sql

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"list", "list_off_track", "list_progress", "list_health", "list_owner", "review", "initiative", "dashboard"}
LIST_PAGES = {"list", "list_off_track", "list_progress", "list_health", "list_owner"}
# The suite's own settings must not reach the benchmark's processes; it sets its own.
SUITE_ONLY = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "SECRET_KEY",
    "DEBUG",
    "STATIC_ROOT",
    "BENCH_SIZES",
    "BENCH_DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


@pytest.fixture
def scratch_database() -> Iterator[str]:
    """A database on the suite's server named for this suite run, which the benchmark creates and drops."""
    db = connection.settings_dict
    name = f"bench_{db['NAME']}"  # the test database's own name (one per pytest-xdist worker)
    host, port = str(db["HOST"] or "127.0.0.1"), str(db["PORT"] or 5432)
    user, password = str(db["USER"] or "postgres"), str(db["PASSWORD"] or "")
    server = f"postgres://{quote(user)}{':' + quote(password) if password else ''}@{host}:{port}"

    def drop() -> None:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    drop()  # left by an interrupted run of this same test
    yield f"{server}/{name}"
    drop()


def test_bench_serves_and_measures_every_page_and_writes_the_results(scratch_database: str, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key not in SUITE_ONLY}
    result = subprocess.run(
        [
            sys.executable,
            "bench/serve.py",
            "--sizes",
            "60",
            "--users",
            "60",
            "--readers",
            "20",
            "--requests",
            "2",
            "--seconds",
            "1",
            "--warmup",
            "1",
            "--digest-budget",
            "60",
            "--database-url",
            scratch_database,
            "--output",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-6000:]

    [written] = tmp_path.glob("bench-*.json")
    results = json.loads(written.read_text())
    assert results["complete"] is True
    assert {"cpu", "cores", "python", "postgresql", "date", "commit"} <= results["machine"].keys()
    [size] = results["sizes"]
    assert size["initiatives"] == 60
    pages = {row["key"]: row for row in size["pages"]}
    assert pages.keys() == PAGES
    for key, row in pages.items():
        assert set(row["statuses"]) == {200}, key
        assert {"p50_ms", "p99_ms", "rps", "bytes", "queries"} <= row.keys()
        assert ("floor" in row) == (key in LIST_PAGES)
        if key in LIST_PAGES:
            assert row["floor"]["statuses"] == [200], key
    assert [run["readers"] for run in results["digests"]["runs"]] == [20]

"""Health an orchestrator can read: ``/healthz`` (the process answers) and ``/readyz`` (it can serve).

``/readyz`` checks that the database answers, that every migration is applied and that the Celery broker
accepts a connection, each within a short timeout, and answers 200 or 503 with what failed. Neither needs
a signed-in user; neither reveals more than which check failed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

#: Seconds a check may take before it counts as failed.
TIMEOUT = 2


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is alive: no database, no broker."""
    return JsonResponse({"status": "ok"})


def _database() -> str | None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return None


def _migrations() -> str | None:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return f"{len(unapplied)} migration(s) not applied" if unapplied else None


def _broker() -> str | None:
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=TIMEOUT) as connection:
        connection.ensure_connection(max_retries=1, timeout=TIMEOUT)
    return None


CHECKS: dict[str, Callable[[], str | None]] = {"database": _database, "migrations": _migrations, "broker": _broker}


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: 200 when every check passes, else 503; each check says "ok" or why not."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        if name == "migrations" and results.get("database") != "ok":
            results[name] = "not checked: the database is unreachable"
            continue
        try:
            problem = check()
        except Exception as error:  # any failure of a dependency is "not ready", never a 500
            problem = f"unreachable ({type(error).__name__})"
        results[name] = problem or "ok"
    ready = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": results}, status=200 if ready else 503)

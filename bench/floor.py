"""The floor: a minimal WSGI app that runs a list page's own SQL and answers with the rows as JSON.

bench/serve.py captures the statements a list page runs (session, user, filters, count, page,
related rows) through Django in-process, writes them to the JSON file named by ``BENCH_FLOOR_SQL``
(``{"<case>": ["SELECT …", …]}``), and serves this app with the same gunicorn settings as the site:

    BENCH_FLOOR_SQL=statements.json DATABASE_URL=postgres://… gunicorn bench.floor:application -c gunicorn.conf.py

``GET /<case>`` replays that case's statements, verbatim and in order, on one connection per worker
kept open between requests. Whatever the page costs beyond this is Django, the view and the template.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import psycopg

STATEMENTS: dict[str, list[str]] = json.loads(Path(os.environ["BENCH_FLOOR_SQL"]).read_text())
# A queryset read with .iterator() runs as a server-side cursor: Django logs only its DECLARE, then reads it with
# FETCH and closes it. The floor does the same, so the cursor's rows are read and the name is free again.
SERVER_SIDE_CURSOR = re.compile(r'DECLARE\s+("[^"]+")\s')
_connection: psycopg.Connection | None = None


def connection() -> psycopg.Connection:
    """This worker's connection, opened on its first request (after gunicorn has forked it)."""
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    return _connection


def replay(statements: list[str]) -> list[Any]:
    results: list[Any] = []
    with connection().cursor() as cursor:
        for statement in statements:
            # No parameters: the statements are complete, and psycopg then leaves any % in them alone.
            cursor.execute(statement.encode())
            if declared := SERVER_SIDE_CURSOR.match(statement):
                cursor.execute(f"FETCH ALL FROM {declared[1]}".encode())
                results.append(cursor.fetchall())
                cursor.execute(f"CLOSE {declared[1]}".encode())
            else:
                results.append(cursor.fetchall() if cursor.description else cursor.rowcount)
    return results


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    statements = STATEMENTS.get(environ.get("PATH_INFO", "/").strip("/"))
    if statements is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"Unknown case.\n"]
    body = json.dumps(replay(statements), default=str).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]

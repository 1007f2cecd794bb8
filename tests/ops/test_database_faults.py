"""The database connection lost in the middle of a request: a clean 503, nothing half-written, then service again.

The site runs as production runs it (gunicorn, ``tracker.settings_production``, persistent connections with
health checks) on the suite's test database, with one worker, so the request after a fault is served by the
same process and the same connection slot.

To drop the connection while an approval is inside its transaction, the test holds the initiative's row
lock: the approval saves the milestone, records its activity and then waits to mark the initiative's last
activity. The test terminates exactly the backend it blocks (``pg_blocking_pids``), as a database restart
or a failover would, and finds neither the approval nor its activity stored.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection, transaction

from accounts import tokens
from proposals.models import Activity, Initiative, Milestone
from tests.ops.processes import Server, Visitor, call, gunicorn, production_env

# gunicorn as production runs it on the suite's database (one worker, persistent connections), and its assets.
from tests.security.test_production import server, static_root
from tracker import database_faults

__all__ = ["server", "static_root"]  # fixtures borrowed from their own module

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 15
PASSWORD = "correct horse battery staple"


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str

    def json(self) -> dict:
        return json.loads(self.body)


def send(
    server: Server,
    method: str,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    payload: dict | None = None,
    token: str = "",
) -> Answer:
    """One request as the TLS proxy forwards it, whatever the status (``Visitor`` refuses a 5xx)."""
    origin = f"127.0.0.1:{server.port}"
    headers = {"Host": origin, "X-Forwarded-Proto": "https", "Accept-Language": "en"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if token:
        headers["Authorization"] = f"Token {token}"
    body = None
    if form is not None:
        body = urlencode(form)
        headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{origin}"}
    elif payload is not None:
        body = json.dumps(payload)
        headers["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT_SECONDS * 2)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return Answer(response.status, response.headers, response.read().decode("utf-8", errors="replace"))
    finally:
        conn.close()


def with_production_password(user) -> None:
    hasher = Argon2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])


def signed_in(server: Server, user) -> Visitor:
    with_production_password(user)
    visitor = Visitor(server)
    _, page = visitor.request("GET", "/accounts/login/")
    answer, _ = visitor.request(
        "POST",
        "/accounts/login/",
        {"csrfmiddlewaretoken": visitor.csrf_token(page), "username": user.username, "password": PASSWORD},
    )
    assert answer.status == 302, server.log_tail()
    return visitor


def _blocked_by_me() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))")
        return [pid for (pid,) in cursor.fetchall()]


def dropped_mid_transaction(server: Server, initiative: Initiative, request: Callable[[], Answer]) -> Answer:
    """Run ``request()`` in a thread while this test holds the initiative's row lock, terminate the server's
    connection once the request waits for that lock, and return what the request answered.

    The server answers once first, so the wait for the lock does not include gunicorn's start.

    An approval waits there after it has saved the milestone and recorded its activity, when it marks the
    initiative's last activity: the connection drops in the middle of the service's transaction.
    """
    assert call(server, "GET", "/healthz", timeout=120).status == 200
    answers: list[Answer] = []
    thread = threading.Thread(target=lambda: answers.append(request()))
    with transaction.atomic():
        Initiative.objects.select_for_update().get(pk=initiative.pk)
        thread.start()
        deadline = time.monotonic() + WAIT_SECONDS
        while not (waiting := _blocked_by_me()):
            assert time.monotonic() < deadline, "the request never waited for the initiative's lock"
            time.sleep(0.02)
        [pid] = waiting
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    thread.join(timeout=WAIT_SECONDS)
    assert answers, "the request did not finish"
    return answers[0]


def what_is_stored(milestone: Milestone) -> tuple[str, int, int]:
    milestone.refresh_from_db()
    return milestone.status, milestone.version, Activity.objects.count()


def test_approval_page_answers_503_when_the_connection_drops_and_the_next_request_is_served(
    server, world, submitted_milestone
):
    visitor = signed_in(server, world.coordinator)
    approve = f"/milestones/{submitted_milestone.pk}/approve/"
    _, page = visitor.request("GET", approve)
    form = {
        "csrfmiddlewaretoken": visitor.csrf_token(page),
        "version": str(submitted_milestone.version),
        "note": "Agreed in the council.",
    }
    before = what_is_stored(submitted_milestone)

    answer = dropped_mid_transaction(
        server, world.initiative, lambda: send(server, "POST", approve, cookies=visitor.cookies, form=form)
    )

    assert answer.status == 503, server.log_tail()
    assert answer.headers["Retry-After"] == str(database_faults.RETRY_AFTER_SECONDS)
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "The site cannot reach its database" in answer.body
    assert '<link rel="stylesheet" href="/static/css/site.' in answer.body, "not the site's layout"
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
    assert what_is_stored(submitted_milestone) == before, "the interrupted approval left something behind"
    assert f"Database unavailable while answering POST {approve} (503)" in server.log.read_text()

    following, html = visitor.request("GET", f"/initiatives/{world.initiative.slug}/")
    assert following.status == 200
    assert "Draft agreement" in html


def test_api_approval_answers_503_json_when_the_connection_drops_and_the_next_call_succeeds(
    server, world, submitted_milestone
):
    _token, key = tokens.issue(world.coordinator, name="script")
    approve = f"/api/v1/milestones/{submitted_milestone.pk}/approve/"
    before = what_is_stored(submitted_milestone)

    answer = dropped_mid_transaction(
        server, world.initiative, lambda: send(server, "POST", approve, payload={"note": "Agreed."}, token=key)
    )

    assert answer.status == 503, server.log_tail()
    assert answer.headers["Retry-After"] == str(database_faults.RETRY_AFTER_SECONDS)
    assert answer.json() == {"code": "database_unavailable", "message": database_faults.message(), "fields": {}}
    assert what_is_stored(submitted_milestone) == before

    again = send(server, "POST", approve, payload={"note": "Agreed."}, token=key)
    assert again.status == 200, again.body
    assert again.json()["status"] == "approved"
    assert Activity.objects.filter(milestone=submitted_milestone, verb="milestone.approved").count() == 1


def test_a_persistent_connection_dropped_between_requests_is_replaced_without_an_error(server, world):
    """CONN_HEALTH_CHECKS: the worker's idle connection, terminated, is noticed before the next request uses it."""
    _token, key = tokens.issue(world.member, name="script")
    path = f"/api/v1/initiatives/{world.initiative.slug}/"
    assert send(server, "GET", path, token=key).status == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        assert cursor.fetchall(), "the server kept no connection open between requests"

    answer = send(server, "GET", path, token=key)

    assert answer.status == 200, server.log_tail()
    assert answer.json()["slug"] == world.initiative.slug


@pytest.fixture(scope="module")
def server_without_database(static_root, tmp_path_factory) -> Iterator[Server]:
    """gunicorn as production runs it, its DATABASE_URL pointing where nothing listens (the server is down)."""
    environment = production_env(static_root) | {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/tracker"}
    with gunicorn(environment, tmp_path_factory.mktemp("gunicorn-no-db") / "gunicorn.log") as server:
        yield server


def test_with_the_database_down_a_signed_in_page_and_an_api_call_answer_503(server_without_database):
    """The first query is the session's, in a middleware before any view: still 503, not Django's 500."""
    page = send(server_without_database, "GET", "/", cookies={"sessionid": "a" * 32})
    assert page.status == 503, server_without_database.log_tail()
    assert page.headers["Retry-After"] == str(database_faults.RETRY_AFTER_SECONDS)
    assert "The site cannot reach its database" in page.body
    assert re.search(r'<html lang="en">', page.body)

    call = send(server_without_database, "GET", "/api/v1/initiatives/", token="x" * 40)
    assert call.status == 503
    assert call.json()["code"] == "database_unavailable"
    assert call.headers["Retry-After"] == str(database_faults.RETRY_AFTER_SECONDS)

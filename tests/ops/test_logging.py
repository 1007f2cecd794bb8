"""Log lines as an operator reads them: JSON or plain, one line per request, the request id followed into the worker.

Lines are captured through a handler with the site's own formatter (``tracker.logs``) and parsed as JSON, as a
log collector would; the settings' choice of formatter, gunicorn's lines and Sentry are checked in real processes.
"""

from __future__ import annotations

import datetime
import gzip
import json
import logging
import re
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.test import Client
from django.urls import reverse
from kombu.exceptions import OperationalError

from proposals.tasks import dispatch_digests
from tests.celery.conftest import tracker_worker, wait_for
from tests.ops.processes import gunicorn
from tests.receiver import Received, receiving
from tests.security.test_production import Visitor, production_env
from tests.test_settings import PRODUCTION_SECRET, run_python
from tracker.celery import app
from tracker.logs import JsonFormatter, PlainFormatter

__all__ = ["tracker_worker"]  # a fixture borrowed from tests/celery

PASSWORD = "hunter2-not-for-logs"
GENERATED_ID = re.compile(r"[0-9a-f]{32}")


class Lines(logging.Handler):
    """Every record of the logger it listens to, formatted as the site formats it at the moment it is logged."""

    def __init__(self, formatter: logging.Formatter) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(formatter)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def json(self, logger: str | None = None) -> list[dict]:
        parsed = [json.loads(line) for line in list(self.lines)]
        return [line for line in parsed if logger is None or line["logger"] == logger]


@contextmanager
def capture(formatter: logging.Formatter | None = None, logger: str = "", level: int = logging.INFO) -> Iterator[Lines]:
    handler = Lines(formatter or JsonFormatter())
    target = logging.getLogger(logger)
    previous = target.level
    target.addHandler(handler)
    target.setLevel(level)
    try:
        yield handler
    finally:
        target.removeHandler(handler)
        target.setLevel(previous)


def request_lines(handler: Lines) -> list[dict]:
    return handler.json("tracker.requests")


# One line per request.


def test_a_request_is_one_json_line_with_its_route_status_duration_and_user(world):
    client = world.client(world.member)
    with capture(logger="tracker.requests") as lines:
        response = client.get(reverse("proposals:initiative-detail", args=[world.initiative.slug]))
    assert response.status_code == 200
    [line] = request_lines(lines)
    assert line["level"] == "INFO"
    assert line["request_id"] == response["X-Request-ID"] and GENERATED_ID.fullmatch(line["request_id"])
    assert line["method"] == "GET"
    assert line["route"] == "initiatives/<initiative_slug:slug>/"
    assert line["view"] == "proposals:initiative-detail"
    assert line["path"] == "/initiatives/currency-swap/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and 0 < line["duration_ms"] < 60_000
    assert line["user_id"] == world.member.pk
    assert line["message"] == f"GET /initiatives/currency-swap/ 200 {line['duration_ms']:.0f} ms"
    logged_at = datetime.datetime.fromisoformat(line["time"])
    assert abs(datetime.datetime.now(datetime.UTC) - logged_at) < datetime.timedelta(minutes=1)


def test_a_signed_out_request_has_no_user_and_each_request_its_own_id(db):
    client = Client()
    with capture(logger="tracker.requests") as lines:
        first = client.get(reverse("proposals:initiative-list"))
        second = client.get(reverse("proposals:initiative-list"))
    assert first.status_code == second.status_code == 302
    one, two = request_lines(lines)
    assert one["user_id"] is None and one["status"] == 302 and one["route"] == "initiatives/"
    assert one["request_id"] != two["request_id"]
    assert (one["request_id"], two["request_id"]) == (first["X-Request-ID"], second["X-Request-ID"])


def test_an_unknown_address_has_no_route_and_the_not_found_line_carries_the_request_id(db):
    with capture() as lines:
        response = Client().get("/no/such/page/", headers={"X-Request-ID": "edge-404"})
    assert response.status_code == 404
    [line] = request_lines(lines)
    assert line["route"] is None and line["view"] is None and line["status"] == 404
    # Every line logged while the request is handled carries its id: here Django's own "Not Found".
    [not_found] = lines.json("django.request")
    assert not_found["request_id"] == "edge-404" and "Not Found" in not_found["message"]


def test_feed_keys_and_tokens_never_reach_the_logged_path(db):
    with capture() as lines:
        Client().get("/feeds/a-secret-feed-key/calendar.ics")
        Client().get("/digests/unsubscribe/a-signed-token/")
    paths = [line["path"] for line in request_lines(lines)]
    assert paths == ["/feeds/***/calendar.ics", "/digests/unsubscribe/***/"]
    # Django's own lines for the refused key and token name the masked path too.
    django_lines = [line["message"] for line in lines.json("django.request")]
    assert django_lines == ["Not Found: /feeds/***/calendar.ics", "Bad Request: /digests/unsubscribe/***/"]
    assert not any("secret" in line or "signed-token" in line for line in lines.lines)


def test_health_probes_and_static_files_are_logged_at_debug_only(db):
    client = Client()
    with capture(logger="tracker.requests", level=logging.DEBUG) as lines:
        probe = client.get("/healthz")
        client.get("/static/css/site.css")
    assert probe.status_code == 200 and GENERATED_ID.fullmatch(probe["X-Request-ID"])
    assert [(line["path"], line["level"]) for line in request_lines(lines)] == [
        ("/healthz", "DEBUG"),
        ("/static/css/site.css", "DEBUG"),
    ]
    with capture(logger="tracker.requests", level=logging.INFO) as lines:
        client.get("/healthz")
    assert lines.lines == []


# X-Request-ID.


@pytest.mark.parametrize("incoming", ["lb-7f3a9c.2", "A" * 64, "0"])
def test_a_sane_incoming_request_id_is_kept_and_echoed(db, incoming):
    with capture(logger="tracker.requests") as lines:
        response = Client().get("/accounts/login/", headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] == incoming
    assert request_lines(lines)[0]["request_id"] == incoming


@pytest.mark.parametrize(
    "junk", ["", "A" * 65, "two words", "<script>alert(1)</script>", "id\nINFO forged line", "ключ", "a/b"]
)
def test_a_junk_incoming_request_id_is_replaced_by_a_new_one(db, junk):
    with capture(logger="tracker.requests") as lines:
        response = Client().get("/accounts/login/", headers={"X-Request-ID": junk})
    assert GENERATED_ID.fullmatch(response["X-Request-ID"])
    assert request_lines(lines)[0]["request_id"] == response["X-Request-ID"]


# Formats and masking.


def broker_down_record() -> logging.LogRecord:
    try:
        raise OperationalError(f"Error connecting to redis://:{PASSWORD}@cache:6379/0")
    except OperationalError:
        record = logging.LogRecord(
            "proposals.enqueue",
            logging.ERROR,
            __file__,
            1,
            "Broker %s is down",
            (f"redis://:{PASSWORD}@cache:6379/0",),
            sys.exc_info(),
        )
    record.database = f"postgres://tracker:{PASSWORD}@db:5432/tracker"
    return record


def test_json_lines_mask_credentials_in_the_message_the_fields_and_the_traceback():
    line = JsonFormatter().format(broker_down_record())
    assert PASSWORD not in line
    parsed = json.loads(line)
    assert parsed["message"] == "Broker redis://:***@cache:6379/0 is down"
    assert parsed["database"] == "postgres://tracker:***@db:5432/tracker"
    assert "Error connecting to redis://:***@cache:6379/0" in parsed["exc_info"]
    assert list(parsed)[-1] == "exc_info"  # the traceback last, after the short fields


def test_plain_lines_are_readable_and_carry_the_request_id(world):
    client = world.client(world.member)
    with capture(PlainFormatter(), logger="tracker.requests") as lines:
        client.get(world.initiative.get_absolute_url(), headers={"X-Request-ID": "r-1"})
    [line] = lines.lines
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO tracker\.requests \[r-1\] "
        r"GET /initiatives/currency-swap/ 200 \d+ ms",
        line,
    ), line
    assert PASSWORD not in PlainFormatter().format(broker_down_record())


LOG_A_LINE = (
    "import django, logging; django.setup(); "
    f"logging.getLogger('proposals.enqueue').error('Broker %s is down', 'redis://:{PASSWORD}@cache:6379/0')"
)


@pytest.mark.slow
def test_production_settings_log_masked_json_and_log_format_plain_turns_it_back():
    production = {"DJANGO_SETTINGS_MODULE": "tracker.settings_production", "SECRET_KEY": PRODUCTION_SECRET}
    as_json = run_python(LOG_A_LINE, **production)
    as_plain = run_python(LOG_A_LINE, **production, LOG_FORMAT="plain")
    refused = run_python(LOG_A_LINE, **production, LOG_FORMAT="xml")
    assert as_json.returncode == as_plain.returncode == 0, as_json.stderr + as_plain.stderr
    [line] = [json.loads(text) for text in as_json.stderr.splitlines()]
    assert line["level"] == "ERROR" and line["message"] == "Broker redis://:***@cache:6379/0 is down"
    assert as_plain.stderr.strip().endswith("ERROR proposals.enqueue Broker redis://:***@cache:6379/0 is down")
    assert PASSWORD not in as_json.stderr + as_plain.stderr
    assert refused.returncode != 0 and "LOG_FORMAT" in refused.stderr


@pytest.mark.slow
def test_development_settings_log_plain_lines():
    result = run_python(LOG_A_LINE, DJANGO_SETTINGS_MODULE="tracker.settings", DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("ERROR proposals.enqueue Broker redis://:***@cache:6379/0 is down")


@pytest.mark.slow
def test_gunicorn_under_production_settings_writes_nothing_but_json_lines(transactional_db, tmp_path):
    environment = {**production_env(tmp_path), "LOG_LEVEL": "INFO"}
    with gunicorn(environment, tmp_path / "gunicorn.log") as server:
        response, _ = Visitor(server).request("GET", "/api/v1/initiatives/")
        assert response.status == 401
    text = server.log.read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert any(line["logger"] == "gunicorn.error" for line in lines), text
    [request] = [line for line in lines if line["logger"] == "tracker.requests"]
    assert request["status"] == 401 and request["method"] == "GET" and request["path"] == "/api/v1/initiatives/"
    assert request["request_id"] == response.getheader("X-Request-ID")


# Into the worker.


@app.task(bind=True, name="tests.ops.retried_once", max_retries=1, time_limit=30, soft_time_limit=20)
def retried_once(self) -> str:
    if self.request.retries == 0:
        raise self.retry(countdown=0)
    return "done"


def task_lines(lines: Lines, task_name: str) -> list[dict]:
    return [line for line in lines.json() if line.get("task_name") == task_name]


def finished(lines: Lines, task_name: str, count: int = 1) -> list[dict]:
    """Wait until ``count`` runs of the task have logged their end; their end lines."""

    def ends() -> list[dict]:
        return [line for line in task_lines(lines, task_name) if "outcome" in line]

    wait_for(lambda: len(ends()) >= count, f"{count} end line(s) of {task_name}")
    return ends()


@pytest.mark.slow
@pytest.mark.celery_delivery
@pytest.mark.django_db(transaction=True)
def test_a_task_published_by_a_request_logs_in_the_worker_with_the_requests_id(world, tracker_worker):
    client = world.client(world.member)
    with capture() as lines:
        response = client.post(
            reverse("proposals:comment-create", args=[world.initiative.slug]),
            {"body": "@coord.kim could you review the draft?"},
            headers={"X-Request-ID": "comment-4711"},
        )
        assert response.status_code == 302
        [end] = finished(lines, "proposals.tasks.deliver_notification")

    [request] = request_lines(lines)
    assert request["request_id"] == "comment-4711" and request["view"] == "proposals:comment-create"
    run = task_lines(lines, "proposals.tasks.deliver_notification")
    assert run[0]["message"].endswith("started") and run[0]["logger"] == "tracker.tasks"
    # Every line of the run, the worker's own included, carries the request's id and the task.
    assert {line["request_id"] for line in run} == {"comment-4711"}
    assert {line["task_id"] for line in run} == {end["task_id"]}
    assert any(line["logger"] == "celery.app.trace" for line in run)
    assert end["outcome"] == "success" and end["level"] == "INFO"
    assert isinstance(end["duration_ms"], float) and end["duration_ms"] >= 0


@pytest.mark.slow
@pytest.mark.celery_delivery
@pytest.mark.django_db(transaction=True)
def test_a_failing_task_logs_its_failure_and_a_task_from_no_request_has_no_request_id(tracker_worker):
    with capture() as lines:
        dispatch_digests.delay(at_iso="next monday")
        [end] = finished(lines, "proposals.tasks.dispatch_digests")
    assert end["outcome"] == "failure" and end["error"] == "ValueError" and end["level"] == "WARNING"
    assert end["request_id"] is None
    [error] = [line for line in task_lines(lines, end["task_name"]) if line["level"] == "ERROR"]
    assert error["task_id"] == end["task_id"] and "Not an ISO 8601 date" in error["exc_info"]


@pytest.mark.slow
@pytest.mark.celery_delivery
@pytest.mark.django_db(transaction=True)
def test_a_retried_task_logs_the_retry_and_keeps_the_request_id(tracker_worker):
    with capture() as lines:
        retried_once.apply_async(headers={"request_id": "import-99"})
        first, second = finished(lines, "tests.ops.retried_once", count=2)
    assert (first["outcome"], second["outcome"]) == ("retry", "success")
    assert first["task_id"] == second["task_id"]
    assert first["request_id"] == second["request_id"] == "import-99"


# Error reporting.


SENTRY_PROBE = """
import sys, types
import django
django.setup()
from django.http import HttpResponseServerError
from django.test import Client, override_settings
from django.urls import path

def broken(request):
    raise RuntimeError("cannot reach redis://:{password}@cache:6379/0")

urls = types.ModuleType("probe_urls")
urls.urlpatterns = [path("broken/", broken)]
urls.handler500 = lambda request: HttpResponseServerError("error")
sys.modules["probe_urls"] = urls
with override_settings(ROOT_URLCONF="probe_urls", ALLOWED_HOSTS=["testserver"]):
    status = Client(raise_request_exception=False).get("/broken/", headers={{"X-Request-ID": "sentry-1"}}).status_code
import sentry_sdk
sentry_sdk.flush(timeout=10)
print(status)
"""


def envelope_items(received: Received) -> list[tuple[dict, dict]]:
    """The (item header, payload) pairs of a Sentry envelope as the SDK posts it (compressed or not)."""
    body = received.body
    encoding = {key.lower(): value for key, value in received.headers.items()}.get("content-encoding", "")
    if encoding == "gzip":
        body = gzip.decompress(body)
    elif encoding == "br":
        import brotli

        body = brotli.decompress(body)
    elif encoding == "deflate":
        body = zlib.decompress(body)
    lines = body.split(b"\n")
    items, position = [], 1
    while position + 1 < len(lines):
        header, payload = json.loads(lines[position]), lines[position + 1]
        items.append((header, json.loads(payload) if payload.strip() else {}))
        position += 2
    return items


@pytest.mark.slow
def test_without_a_dsn_nothing_of_sentry_is_loaded():
    result = run_python(
        "import sys, django; django.setup(); loaded = 'sentry_sdk' in sys.modules; "
        "import sentry_sdk; print(loaded, sentry_sdk.get_client().is_active())",
        DJANGO_SETTINGS_MODULE="tracker.settings",
        DEBUG="true",
        SENTRY_DSN="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


@pytest.mark.slow
def test_with_a_dsn_a_view_error_reaches_sentry_tagged_and_masked():
    with receiving() as listener:
        port = listener.url.split(":")[2].split("/")[0]
        result = run_python(
            SENTRY_PROBE.format(password=PASSWORD),
            DJANGO_SETTINGS_MODULE="tracker.settings",
            DEBUG="true",
            SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/42",
            SENTRY_ENVIRONMENT="staging",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["500"]
        wait_for(lambda: listener.received, "the event at the listener", timeout=10)
    events = [
        payload
        for received in listener.received
        for header, payload in envelope_items(received)
        if header.get("type") == "event"
    ]
    [event] = events
    assert listener.received[0].path == "/api/42/envelope/"
    assert event["environment"] == "staging"
    assert event["tags"]["request_id"] == "sentry-1"
    [exception] = event["exception"]["values"]
    assert exception["type"] == "RuntimeError" and exception["value"] == "cannot reach redis://:***@cache:6379/0"
    assert PASSWORD not in json.dumps(event)
    assert "user" not in event or "ip_address" not in event["user"]

"""Log lines an operator can follow from a request into the Celery tasks it caused.

- Two formatters for the console handler, chosen by ``LOG_FORMAT``: ``JsonFormatter`` (one JSON object a
  line, for a log collector) and ``PlainFormatter`` (for a terminal). Both mask credentials
  (``tracker.redaction``) and add the request id, and inside a task its name and id, to every line.
- ``RequestLogMiddleware`` gives each request an id (the proxy's ``X-Request-ID`` when it is a sane token,
  otherwise a new one), returns it in ``X-Request-ID`` and logs one line per request on ``tracker.requests``.
- The Celery signal receivers below (connected in ``tracker.celery``, the module that knows Celery) carry the
  id in a message header from whatever publishes a task into the worker, so the task's lines carry it too,
  and log a line when a task starts and one when it ends, on ``tracker.tasks``.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.functional import SimpleLazyObject, empty
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonLinesFormatter

from tracker.redaction import CredentialMaskingFormatter

REQUEST_ID_HEADER = "X-Request-ID"
#: The Celery message header that carries the request id into the worker.
TASK_HEADER = "request_id"
# What an incoming X-Request-ID may be: a proxy's or a load balancer's token, nothing that could forge a line.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# URL arguments that open something without sign-in (feed keys, unsubscribe and password-reset tokens): their
# value never reaches a log line.
_SECRET_URL_ARGUMENTS = frozenset({"key", "token"})

request_logger = logging.getLogger("tracker.requests")
task_logger = logging.getLogger("tracker.tasks")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_task: ContextVar[tuple[str, str] | None] = ContextVar("task", default=None)


def current_request_id() -> str | None:
    """The id of the request (or of the request that caused the task) being handled here; None outside one."""
    return _request_id.get()


def _add_context(record: logging.LogRecord) -> None:
    """Put the request id (and inside a task its name and id) on ``record``, unless the line gave its own.

    Django logs a 4xx answer ("Not Found: …") after the middleware has returned; that line names its request.
    """
    request = getattr(record, "request", None)
    if not hasattr(record, "request_id"):
        record.request_id = _request_id.get() or getattr(request, "request_id", None)
    if isinstance(request, HttpRequest) and isinstance(record.args, tuple) and request.path in record.args:
        # Django's own line ("Not Found: /feeds/<key>/…") names the raw path: keys and tokens masked there too.
        masked = _loggable_path(request)
        record.args = tuple(masked if arg == request.path else arg for arg in record.args)
    task = _task.get()
    if task is not None and not hasattr(record, "task_id"):
        record.task_name, record.task_id = task


class JsonFormatter(CredentialMaskingFormatter, _JsonLinesFormatter):
    """One JSON object a line: ``time``, ``level``, ``logger``, ``message``, ``request_id``, then the line's own fields.

    Inside a task, ``task_name`` and ``task_id`` too; an exception's traceback is in ``exc_info``. The finished
    line is masked as the plain one is: a URL's password is never inside a JSON string either.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Whatever dictConfig passes (format, datefmt), the fields are these.
        super().__init__(
            ["levelname", "name", "message", "request_id"],
            rename_fields={"levelname": "level", "name": "logger"},
            # Django's request lines pass the request itself, whose text would repeat the query string.
            reserved_attrs=[*RESERVED_ATTRS, "request"],
        )

    def format(self, record: logging.LogRecord) -> str:
        _add_context(record)
        return super().format(record)

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        log_data["time"] = datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")
        super().add_fields(log_data, record, message_dict)
        # A traceback last, after the short fields a reader scans.
        for long_field in ("exc_info", "stack_info"):
            if long_field in log_data:
                log_data[long_field] = log_data.pop(long_field)


class PlainFormatter(CredentialMaskingFormatter):
    """``time level logger [request id · task] message``, for reading in a terminal."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(context)s%(message)s")

    def format(self, record: logging.LogRecord) -> str:
        _add_context(record)
        parts = [getattr(record, "request_id", None) or ""]
        task_id = getattr(record, "task_id", None)
        if task_id:
            parts.append(f"{getattr(record, 'task_name', '')}[{task_id}]")
        record.context = f"[{' '.join(filter(None, parts))}] " if any(parts) else ""
        return super().format(record)


GetResponse = Callable[[HttpRequest], HttpResponseBase]


class RequestLogMiddleware:
    """Give the request an id, answer it in ``X-Request-ID`` and log one line for the request when it is answered.

    Listed first, so that every line logged while the request is handled carries the id and the line covers
    every other middleware. The line (logger ``tracker.requests``) has ``method``, ``route`` (the URL pattern,
    without ids), ``view`` (the URL's name), ``path`` (with feed keys and tokens masked), ``status``,
    ``duration_ms`` (until the response is returned, not until a streamed body is sent) and ``user_id`` (null
    when signed out). Static files and the health probes are logged at DEBUG, everything else at INFO.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            _log_request(request, response, duration_ms=round((time.perf_counter() - started) * 1000, 1))
            return response
        finally:
            _request_id.reset(token)


def _log_request(request: HttpRequest, response: HttpResponseBase, *, duration_ms: float) -> None:
    match = request.resolver_match
    path = _loggable_path(request)
    routine = request.path.startswith(settings.STATIC_URL) or (
        match is not None and match.url_name in {"healthz", "readyz"}
    )
    request_logger.log(
        logging.DEBUG if routine else logging.INFO,
        "%s %s %s %.0f ms",
        request.method,
        path,
        response.status_code,
        duration_ms,
        extra={
            "method": request.method,
            "route": match.route if match is not None else None,
            "view": match.view_name if match is not None else None,
            "path": path,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "user_id": _user_id(request),
        },
    )


def _loggable_path(request: HttpRequest) -> str:
    path = request.path
    match = request.resolver_match
    if match is not None:
        for name, value in match.kwargs.items():
            if name in _SECRET_URL_ARGUMENTS and value:
                path = path.replace(f"/{value}/", "/***/")
    return path


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, without loading a user nothing in the request asked for (a static file)."""
    user = request.__dict__.get("user")
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):  # type: ignore[attr-defined]
        return None
    return user.pk if user.is_authenticated else None


# Celery signal receivers (connected in tracker.celery).


def add_request_id_header(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """``before_task_publish``: a task published while handling a request (or another task) carries its id."""
    request_id = _request_id.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


@dataclass
class _TaskRun:
    started: float
    tokens: tuple[Token[str | None], Token[tuple[str, str] | None]]
    error: str | None = field(default=None)


# Runs in progress in this process, by task id and attempt (a retry keeps the id). Several at once only in a
# threaded pool or when tasks run inline.
_runs: dict[tuple[str, int], _TaskRun] = {}


def _attempt(request: Any) -> int:
    return int(getattr(request, "retries", 0) or 0)


def task_started(task_id: str, task: Any, **kwargs: Any) -> None:
    """``task_prerun``: the task's lines carry its name, its id and the request id it was published with."""
    header = getattr(task.request, TASK_HEADER, None)
    # A task run inline (CELERY_TASK_ALWAYS_EAGER) keeps the id of the request that ran it.
    request_id = header if isinstance(header, str) and _SANE_REQUEST_ID.fullmatch(header) else _request_id.get()
    tokens = (_request_id.set(request_id), _task.set((task.name, task_id)))
    _runs[(task_id, _attempt(task.request))] = _TaskRun(started=time.perf_counter(), tokens=tokens)
    task_logger.info("Task %s[%s] started", task.name, task_id)


def task_failed(sender: Any = None, task_id: str = "", exception: BaseException | None = None, **kwargs: Any) -> None:
    """``task_failure``: note which exception ended the run, for the line that ends it."""
    run = _runs.get((task_id, _attempt(getattr(sender, "request", None))))
    if run is not None and exception is not None:
        run.error = type(exception).__name__


def task_retried(request: Any = None, reason: Any = None, **kwargs: Any) -> None:
    """``task_retry``: note why the run is tried again, for the line that ends it."""
    run = _runs.get((getattr(request, "id", None) or "", _attempt(request)))
    if run is not None and reason is not None:
        cause = getattr(reason, "exc", None) or reason
        run.error = type(cause).__name__ if isinstance(cause, BaseException) else str(cause)


def task_finished(task_id: str, task: Any, state: str | None = None, **kwargs: Any) -> None:
    """``task_postrun``: one line with the outcome and the duration, then the worker forgets the task's context."""
    run = _runs.pop((task_id, _attempt(task.request)), None)
    if run is None:
        return
    outcome = {"SUCCESS": "success", "FAILURE": "failure", "RETRY": "retry"}.get(state or "", (state or "").lower())
    duration_ms = round((time.perf_counter() - run.started) * 1000, 1)
    fields: dict[str, Any] = {"outcome": outcome, "duration_ms": duration_ms}
    if run.error:
        fields["error"] = run.error
    task_logger.log(
        logging.WARNING if outcome == "failure" else logging.INFO,
        "Task %s[%s] %s in %.0f ms",
        task.name,
        task_id,
        outcome,
        duration_ms,
        extra=fields,
    )
    task_token, request_token = run.tokens[1], run.tokens[0]
    _task.reset(task_token)
    _request_id.reset(request_token)

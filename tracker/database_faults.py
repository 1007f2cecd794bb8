"""A request whose database connection is lost under it answers 503, never 500.

PostgreSQL restarting or failing over, a connection dropped by the network or by an administrator
(``pg_terminate_backend``), a server refusing new connections: Django raises ``OperationalError`` or
``InterfaceError`` wherever the next query happens. Every service writes in one transaction, so nothing
is half-saved; what the visitor needs to know is that the site is briefly unavailable and that trying
again is right. Pages answer with ``templates/503.html`` (the site's style), anything under ``/api/``
with the API's error shape; both carry ``Retry-After``. Each is logged as an error.

Django closes a connection that failed once the request ends (and, with ``CONN_HEALTH_CHECKS``, checks a
persistent one before the next request reuses it), so the next request connects afresh.

``DatabaseFaultMiddleware`` catches the error where a view (or its template) raises it. An error raised
by another middleware (the session or the signed-in user read before the view) reaches Django's 500
handler instead; ``got_request_exception`` marks the request and the middleware, listed before the
session middleware, turns that 500 into the same 503.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.errors import api_error, is_api_request

from .middleware import GetResponse

logger = logging.getLogger(__name__)

#: What a lost or refused database connection raises, whichever query meets it first.
DATABASE_FAULTS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)

#: Seconds a client is asked to wait before trying again: a reconnect is immediate, a failover takes longer.
RETRY_AFTER_SECONDS = 30

#: The API's stable code for this answer.
CODE = "database_unavailable"

_MARK = "_database_fault"


def is_database_fault(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_FAULTS)


def message() -> str:
    """What the visitor is told, in their language (the API's message and the page's explanation)."""
    return _("The site lost its connection to the database. Nothing was half-saved: try again in a moment.")


def unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer: the API's error shape under ``/api/``, else the site's page. Reads nothing from the database.

    The page is rendered without the request's context processors (they read the signed-in user and the
    review queue); it is the signed-out layout with a working language switcher.
    """
    if is_api_request(request):
        response: HttpResponse = api_error(503, CODE, message())
    else:
        html = render_to_string("503.html", {"request": request, "csrf_token": get_token(request)})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def log_fault(request: HttpRequest, error: BaseException) -> None:
    logger.error(
        "Database unavailable while answering %s %s (503): %s",
        request.method,
        request.path,
        error,
        exc_info=(type(error), error, error.__traceback__),
    )


class DatabaseFaultMiddleware:
    """Answer 503 (page or API shape, ``Retry-After``) when the database connection fails during a request.

    List it before ``SessionMiddleware``: a session saved on the way out may meet the same lost connection.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        error = getattr(request, _MARK, None)
        if error is not None and response.status_code == 500:
            log_fault(request, error)
            return unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_fault(exception):
            return None
        log_fault(request, exception)
        return unavailable(request)


@receiver(got_request_exception, dispatch_uid="tracker.database_faults")
def _remember_database_fault(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Outside a view, Django turns the error into its 500 page; mark the request so the middleware answers 503."""
    error = sys.exc_info()[1]
    if request is not None and is_database_fault(error):
        setattr(request, _MARK, error)

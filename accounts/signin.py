"""Sign-in lockout, as django-axes applies it with the ``AXES_*`` settings.

After ``AXES_FAILURE_LIMIT`` failed sign-ins for one user name from one address within
``AXES_COOLOFF_TIME``, that user name is refused from that address (even with the right
password) until the oldest of those failures is older than the cool-off. Administrators
unlock early by deleting the access attempt in the admin, or with ``manage.py
axes_reset_username <name>`` (``axes_reset_ip``, ``axes_reset``).
"""

from __future__ import annotations

import datetime
import ipaddress

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The address a request comes from (``AXES_CLIENT_IP_CALLABLE``).

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies every request reaches the app from the
    nearest proxy, so the client is the address the outermost proxy appended to
    ``X-Forwarded-For``; entries further left were written by the client and prove nothing.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote


def retry_at(request: HttpRequest, credentials: dict | None = None) -> datetime.datetime | None:
    """When the locked-out sign-in of this request may be tried again; None without a cool-off (locked for good).

    A lock lasts while the failures still inside the cool-off reach the limit; they leave it
    oldest first, so the lock ends when enough of the oldest have aged out.
    """
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    limit = get_failure_limit(request, credentials)
    AxesProxyHandler.update_request(request)
    ends = []
    for attempts in AxesProxyHandler.get_implementation().get_user_attempts(request, credentials):
        rows = list(attempts.order_by("attempt_time").values_list("attempt_time", "failures_since_start"))
        remaining = sum(failures for _attempt_time, failures in rows)
        if remaining < limit:
            continue
        for attempt_time, failures in rows:
            remaining -= failures
            if remaining < limit:
                ends.append(attempt_time + cool_off)
                break
    return max(ends, default=None)

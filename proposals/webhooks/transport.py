"""One POST of a delivery's body, to the address ``addresses`` checked, with a time limit."""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from .addresses import RefusedAddress, address_for_delivery

USER_AGENT = "BilateralInitiativeTracker-Webhooks/1"


@dataclass(frozen=True)
class Answer:
    """What the receiver answered: an HTTP status and how long it took, or why there was no answer."""

    status: int | None
    milliseconds: int | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Talks to ``address`` while naming ``host`` in the Host header."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Talks TLS to ``address``, checking the certificate against ``host``."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``url``; never raises for what the network or the receiver does."""
    try:
        scheme, host, port, address = address_for_delivery(url)
    except RefusedAddress as refused:
        return Answer(None, None, str(refused))
    split = urlsplit(url)
    path = (split.path or "/") + (f"?{split.query}" if split.query else "")
    kind = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = kind(host, port, address=address, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
    started = time.monotonic()
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
        )
        response = connection.getresponse()
        response.read(64 * 1024)  # the answer's body is not kept; reading some lets the receiver finish
        return Answer(response.status, _since(started))
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, _since(started), " ".join(f"{type(error).__name__}: {error}".split())[:300])
    finally:
        connection.close()


def _since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)

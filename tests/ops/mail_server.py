"""An SMTP server on 127.0.0.1 (aiosmtpd, in a thread) that keeps every message it accepts.

Processes started by a test send their mail here (``EMAIL_URL=smtp://127.0.0.1:<port>``), so the test counts
exactly what left per recipient: a digest by the address of its page on the site, an immediate notification
by the anchor its link opens at (``#milestone-<id>``, ``#comment-<id>``).

Two ways to hold the senders, each bounded in time:

- ``hold(after=k)``: the message after the first ``k`` gets no answer until its sender goes away (a worker
  killed mid-batch). ``taken=True`` keeps that message as delivered before holding the answer: the server has
  taken it, the sender never hears so (the moment between a mail server accepting a message and the sender
  recording that it did).
- ``meet(sessions=n)``: the first digest of each connection waits until ``n`` connections hold one at once,
  which proves that ``n`` senders (workers with one process each) were sending batches at the same time.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import itertools
import logging
import re
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.smtp import SMTP

#: Longest a held message waits when nobody ends the hold (a test that failed half-way).
HOLD_SECONDS = 60

DIGEST_LINK = re.compile(r"/digests/(\d+)/")
ANCHOR = re.compile(r"#((?:milestone|comment)-\d+)")


@dataclass(frozen=True)
class Mail:
    """One accepted message: its envelope recipients, the parsed message, and which connection it came on."""

    recipients: tuple[str, ...]
    message: EmailMessage
    session: int

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @property
    def is_digest(self) -> bool:
        return self.message["List-Unsubscribe"] is not None

    @property
    def digest_id(self) -> int | None:
        match = DIGEST_LINK.search(self.text) if self.is_digest else None
        return int(match[1]) if match else None

    @property
    def anchor(self) -> str | None:
        """Where a notification's link opens (its milestone or comment): the event it tells of."""
        match = None if self.is_digest else ANCHOR.search(self.text)
        return match[1] if match else None


@dataclass
class MailServer:
    port: int = 0
    mails: list[Mail] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: Set while a held message waits for its answer.
    holding: threading.Event = field(default_factory=threading.Event)
    _hold_after: int | None = None
    _hold_taken: bool = False
    _meeting: int = 0
    _met: set[int] = field(default_factory=set)
    _gathered: asyncio.Event | None = None
    _loop: asyncio.AbstractEventLoop | None = None
    _numbers: Iterator[int] = field(default_factory=itertools.count)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    # What arrived ------------------------------------------------------------------------------------------

    def snapshot(self) -> list[Mail]:
        with self.lock:
            return list(self.mails)

    def count(self) -> int:
        with self.lock:
            return len(self.mails)

    def digests(self) -> Counter[tuple[str, int | None]]:
        """How many times each (recipient, digest id) was mailed."""
        return Counter(
            (address, mail.digest_id) for mail in self.snapshot() if mail.is_digest for address in mail.recipients
        )

    def notifications(self) -> Counter[tuple[str, str | None]]:
        """How many times each (recipient, event) was mailed, the event named by the anchor its link opens."""
        return Counter(
            (address, mail.anchor) for mail in self.snapshot() if not mail.is_digest for address in mail.recipients
        )

    # Holding the senders -----------------------------------------------------------------------------------

    def hold(self, *, after: int, taken: bool = False) -> None:
        """Give the message after the first ``after`` no answer until its sender goes away (at most HOLD_SECONDS)."""
        with self.lock:
            self._hold_after, self._hold_taken = after, taken

    def meet(self, *, sessions: int) -> None:
        """Hold the first digest of each connection until ``sessions`` connections hold one (at most HOLD_SECONDS)."""
        assert self._loop is not None
        self._meeting, self._met = sessions, set()
        self._gathered = asyncio.Event()

    def met(self) -> int:
        """How many connections took part in the meeting."""
        return len(self._met)

    # The SMTP side (runs in the server's event loop) -------------------------------------------------------

    async def handle_DATA(self, server: SMTP, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        if not hasattr(session, "number"):  # connections numbered in order (an object's id may be reused)
            session.number = next(self._numbers)
        mail = Mail(tuple(address.lower() for address in envelope.rcpt_tos), message, session.number)
        if self._meeting and mail.is_digest and mail.session not in self._met and self._gathered is not None:
            self._met.add(mail.session)
            if len(self._met) >= self._meeting:
                self._gathered.set()
            await _bounded(self._gathered.wait())
        with self.lock:
            held = self._hold_after is not None and len(self.mails) >= self._hold_after
            if held:
                self._hold_after = None
                if self._hold_taken:
                    self.mails.append(mail)
            else:
                self.mails.append(mail)
        if held:
            self.holding.set()
            try:
                await asyncio.sleep(HOLD_SECONDS)  # ended early (cancelled) when the sender's connection drops
            finally:
                self.holding.clear()
            return "451 Requested action aborted: local error in processing"
        return "250 Message accepted for delivery"


async def _bounded(waiting: Any) -> None:
    try:
        await asyncio.wait_for(waiting, HOLD_SECONDS)
    except TimeoutError:
        pass


@contextmanager
def mail_server() -> Iterator[MailServer]:
    """An SMTP server on a free port of 127.0.0.1 for the duration of the block."""
    box = MailServer()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per SMTP command
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="mail-server", daemon=True)
    thread.start()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    box.port, box._loop = listener.getsockname()[1], loop

    async def serve() -> asyncio.AbstractServer:
        # The name the server greets with, so that no name lookup happens on connection.
        return await loop.create_server(lambda: SMTP(box, hostname="mail.tracker.test", loop=loop), sock=listener)

    server = asyncio.run_coroutine_threadsafe(serve(), loop).result(timeout=10)
    try:
        yield box
    finally:
        server.close()
        asyncio.run_coroutine_threadsafe(server.wait_closed(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()

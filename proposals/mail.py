"""E-mails to one reader, rendered in their language and time zone.

Digests, reminders and immediate notifications all go through here: templates
under ``templates/email/`` (``<name>_subject.txt``, ``<name>.txt`` and
``<name>.html``), rendered inside ``translation.override(user.language)`` and
``timezone.override(user.time_zone)``, sent as multipart plain text + HTML from
``DEFAULT_FROM_EMAIL`` with absolute links built on ``SITE_URL``. Also the
``send_once`` rule every sender uses so that a message leaves at most once.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

UTC = zoneinfo.ZoneInfo("UTC")


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str


def zone(name: str | None) -> zoneinfo.ZoneInfo:
    """The user's time zone; UTC for a name the system does not know."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def language_of(user) -> str:
    codes = {code for code, _ in settings.LANGUAGES}
    return user.language if user.language in codes else settings.LANGUAGE_CODE


@contextmanager
def reader_locale(user) -> Iterator[None]:
    """Activate the reader's language and time zone for the duration of a render."""
    with translation.override(language_of(user)), timezone.override(zone(user.time_zone)):
        yield


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def initiative_url(slug: str, anchor: str = "") -> str:
    """The absolute address of an initiative's page (``anchor``: a milestone or comment on it)."""
    return absolute_url(reverse("proposals:initiative-detail", args=[slug]) + (f"#{anchor}" if anchor else ""))


def settings_url() -> str:
    try:
        return absolute_url(reverse("accounts:settings"))
    except NoReverseMatch:
        return settings.SITE_URL


def render(user, name: str, context: dict) -> Message:
    """Subject, plain text and HTML fragment of ``templates/email/<name>*`` for ``user``, in their language and zone."""
    context = {"user": user, "site_url": settings.SITE_URL, "settings_url": settings_url(), **context}
    with reader_locale(user):
        subject = " ".join(render_to_string(f"email/{name}_subject.txt", context).split())
        text = render_to_string(f"email/{name}.txt", context)
        html = render_to_string(f"email/{name}.html", context)
    return Message(subject=subject, text=text, html=html)


def wrap_html(user, subject: str, body_html: str) -> str:
    """The full HTML document around a body fragment (the digest stores only the fragment for the site)."""
    body = mark_safe(body_html)
    with reader_locale(user):
        return render_to_string("email/layout.html", {"subject": subject, "body": body, "language": language_of(user)})


def send(user, message: Message, *, headers: dict | None = None, connection: BaseEmailBackend | None = None) -> None:
    """Send one multipart message to ``user``: the text, and the HTML fragment in ``email/layout.html``.

    ``connection``: an open mail connection to reuse (a batch sends many messages over one SMTP
    session); without it, one is opened for this message. Raises what the mail backend raises.
    """
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((user.name, user.email))],
        headers=headers or {},
        connection=connection,
    )
    email.attach_alternative(wrap_html(user, message.subject, message.html), "text/html")
    email.send()


def send_once(model, pk: int, deliver: Callable[[], None]) -> bool:
    """Send the message recorded by row ``pk`` of ``model`` unless it already went out; True if it was sent now.

    The row is claimed (``sent_at`` set) and the message delivered inside one
    transaction. A second sender blocks on the row lock until the first commits
    and then finds ``sent_at`` set; a sender that dies (or whose mail server
    refuses) rolls back, leaving ``sent_at`` empty for the next sweep. Only a
    crash between the mail server accepting the message and the commit can
    repeat it.
    """
    with transaction.atomic():
        claimed = model.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=timezone.now())
        if not claimed:
            return False
        deliver()
    return True

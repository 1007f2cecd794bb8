"""Helpers for tests that read e-mail: the locmem outbox and the parts of a message."""

from django.core import mail


def mails_to(user) -> list:
    return [message for message in mail.outbox if any(user.email in to for to in message.to)]


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")

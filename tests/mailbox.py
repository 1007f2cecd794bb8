"""Helpers for tests that read e-mail: the locmem outbox and the parts of a message."""

from django.core import mail
from django.core.mail.backends import locmem


def mails_to(user) -> list:
    return [message for message in mail.outbox if any(user.email in to for to in message.to)]


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


class CountingBackend(locmem.EmailBackend):
    """The in-memory outbox, counting the connections opened (as an SMTP server would see sessions)."""

    opened = 0
    refuse: set[str] = set()  # addresses whose message the "server" refuses

    def open(self):
        if getattr(self, "_open", False):
            return False
        self._open = True
        type(self).opened += 1
        return True

    def close(self):
        self._open = False

    def send_messages(self, messages):
        new = self.open()
        try:
            for message in messages:
                if any(address in to for to in message.to for address in self.refuse):
                    raise ConnectionError("the server refused the message")
            return super().send_messages(messages)
        finally:
            if new:
                self.close()

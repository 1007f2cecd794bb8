"""A digest's content as subject, plain text and HTML, in the reader's language and time zone; unsubscribing.

``render_digest`` writes one digest (``writer.DigestWriter``: the templates are its frame, the
sections are written item by item); the e-mail wraps its HTML fragment in ``email/layout.html`` and
the site shows the fragment as it is. Unsubscribe tokens are signed, dated and bound to a frequency.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from accounts.models import User

from .. import mail
from .writer import DigestWriter, escape

UNSUBSCRIBE_SALT = "digest-unsubscribe"


@dataclass(frozen=True)
class UnsubscribeToken:
    """What a genuine unsubscribe token says: whose digests, which frequency, and whether it is too old to act on."""

    user_id: int
    frequency: str
    expired: bool

    def unsubscribes(self, user: User) -> bool:
        """Whether it may still turn ``user``'s digests off: theirs, in date, and for the frequency they now receive."""
        return not self.expired and user.pk == self.user_id and user.digest_frequency == self.frequency


def unsubscribe_token(user: User, frequency: str | None = None) -> str:
    """A signed, dated token for the digests of ``frequency`` (the user's current one by default).

    Whoever holds it may turn that user's digests off (and nothing else) for
    ``DIGEST_UNSUBSCRIBE_MAX_AGE``, and only while the user still receives that frequency.
    """
    return signing.dumps({"u": user.pk, "f": frequency or user.digest_frequency}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> UnsubscribeToken | None:
    """The token's content if this site signed it (expired or not); None for a forged or damaged one."""
    expired = False
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=settings.DIGEST_UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired:
        # Still this site's signature, so the page may name the subscriber and speak their language.
        expired = True
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user_id = payload.get("u") if isinstance(payload, dict) else None
    if not isinstance(user_id, int):
        return None
    frequency = payload.get("f")
    # Tokens from before frequencies were bound carry none: they match nothing.
    return UnsubscribeToken(user_id=user_id, frequency=frequency if isinstance(frequency, str) else "", expired=expired)


def unsubscribe_url(user: User, frequency: str | None = None) -> str:
    return mail.absolute_url(reverse("digests:unsubscribe", args=[unsubscribe_token(user, frequency)]))


def digest_url(digest_id: int) -> str:
    return mail.absolute_url(reverse("digests:detail", args=[digest_id]))


def render_digest(
    user: User, *, content: dict, frequency: str, digest_id: int, writer: DigestWriter | None = None
) -> mail.Message:
    """Subject, text and HTML fragment of one digest for ``user``.

    Pass the batch's ``writer`` to share what readers have in common.
    """
    writer = writer or DigestWriter()
    with mail.reader_locale(user):
        writer.begin(user)
        frames = writer.frames(content, frequency)
        text_sections, html_sections = writer.sections(content)
    links = {"digest_url": digest_url(digest_id), "unsubscribe_url": unsubscribe_url(user, frequency)}
    text = frames.text.fill({"name": user.name, "sections": text_sections, **links})
    html = frames.html.fill(
        {"name": escape(user.name), "sections": html_sections, **{key: escape(value) for key, value in links.items()}}
    )
    return mail.Message(subject=frames.subject, text=text, html=html)

"""A digest's content as subject, plain text and HTML, in the reader's language and time zone.

Templates: ``templates/email/digest_subject.txt``, ``digest.txt`` and
``digest.html`` (the HTML is a fragment: the site shows it as it is, the e-mail
wraps it in ``email/layout.html``). Codes in the content (statuses, health,
evidence kinds) become labels here, inside the reader's language.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from accounts.models import DigestFrequency, User

from .. import mail
from ..models import EvidenceLink, Health, InitiativeStatus, MilestoneStatus
from .content import SECTIONS, is_empty

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


def _label(choices, code) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return "" if code is None else str(code)


def _when(value: str | None):
    return parse_datetime(value) if value else None


def _day(value: str | None):
    return datetime.date.fromisoformat(value) if value else None


def _display_item(section: str, item: dict) -> dict:
    """One content item with parsed dates, translated labels and absolute links (call inside reader_locale)."""
    shown = dict(item)
    slug = item["initiative"]["slug"]
    shown["initiative_url"] = mail.initiative_url(slug)
    milestone = item.get("milestone")
    if milestone:
        shown["milestone"] = {**milestone, "due_date": _day(milestone.get("due_date"))}
        shown["milestone_url"] = mail.initiative_url(slug, f"milestone-{milestone['id']}")
    for key in ("at", "submitted_at"):
        if key in item:
            shown[key] = _when(item[key])
    if section == "discussion":
        shown["comment_url"] = mail.initiative_url(slug, f"comment-{item['comment_id']}")
    elif section == "evidence":
        shown["kind_label"] = _label(EvidenceLink.Kind, item.get("kind"))
    elif section == "due_soon":
        shown["status_label"] = _label(MilestoneStatus, item.get("status"))
    elif section == "changes":
        choices = {"status": InitiativeStatus, "health": Health}.get(item["change"])
        if choices is None:
            shown["old_label"], shown["new_label"] = item.get("old") or "–", item.get("new") or "–"
        else:
            shown["old_label"], shown["new_label"] = _label(choices, item["old"]), _label(choices, item["new"])
    return shown


def render_digest(user, *, content: dict, frequency: str, digest_id: int) -> mail.Message:
    """Subject, text and HTML fragment of one digest for ``user``."""
    with mail.reader_locale(user):
        sections = {key: [_display_item(key, i) for i in content.get("sections", {}).get(key, [])] for key in SECTIONS}
        period_start = _when(content["period"]["start"])
        period_end = _when(content["period"]["end"])
        context = {
            "frequency": frequency,
            "weekly": frequency == DigestFrequency.WEEKLY,
            "period_start": period_start,
            "period_end": period_end,
            "sections": sections,
            "empty": is_empty(content),
            "digest_url": digest_url(digest_id),
            "unsubscribe_url": unsubscribe_url(user, frequency),
        }
    return mail.render(user, "digest", context)

"""Recording and sending digests, once per reader and period.

The hourly dispatcher (``proposals.tasks.dispatch_digests``) and the
``send_digests`` command both call ``plan_batches`` (one query: who is due,
grouped by frequency and period end, in batches of ``BATCH_SIZE`` ids) and then
``send_batch`` for each batch, through Celery or inline.

``send_batch`` first *records*: it builds the contents of the whole batch with a
fixed number of queries and inserts one Digest row per reader (unique per user,
frequency and period start; a conflicting row from an earlier or concurrent run
wins) and commits. Only then does it send, each digest through
``mail.send_once``: ``sent_at`` is claimed and the mail sent in one
transaction, so a retried task, a second dispatcher run or two workers on the
same batch send a digest once, and a worker killed mid-batch leaves the rest
unsent for the next dispatcher run to find. Empty digests are stored (the site
shows them) but never mailed.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from accounts.models import User

from .. import mail
from ..access import ReadIndex
from ..enqueue import TimeLimitReached
from ..models import Digest, Initiative
from .content import build_contents, initiative_ids_in, is_empty, without_unreadable
from .messages import render_digest, unsubscribe_url
from .periods import LOOKBACK, RESEND_WINDOW, due_readers, period_start_for

logger = logging.getLogger(__name__)

BATCH_SIZE = 50


@dataclasses.dataclass
class DigestBatch:
    frequency: str
    period_end: datetime.datetime
    user_ids: list[int]


@dataclasses.dataclass
class DigestOutcome:
    sent: int = 0
    empty: int = 0
    failed: int = 0

    def add(self, other: DigestOutcome) -> DigestOutcome:
        return DigestOutcome(self.sent + other.sent, self.empty + other.empty, self.failed + other.failed)


def plan_batches(at: datetime.datetime, frequency: str | None = None, batch_size: int = BATCH_SIZE) -> list[DigestBatch]:
    """The readers due at ``at`` (one query), in batches sharing a frequency and a period end."""
    grouped: dict[tuple[str, datetime.datetime], list[int]] = defaultdict(list)
    for row in due_readers(at, frequency):
        grouped[(row["frequency"], row["period_end"])].append(row["id"])
    return [
        DigestBatch(frequency, period_end, ids[i:i + batch_size])
        for (frequency, period_end), ids in grouped.items()
        for i in range(0, len(ids), batch_size)
    ]


def _readers(user_ids, frequency: str) -> list[User]:
    return list(User.objects.filter(pk__in=user_ids, is_active=True, digest_frequency=frequency).exclude(email=""))


def _periods(users: list[User], frequency: str, period_end: datetime.datetime) -> dict[int, datetime.datetime]:
    """Period start per user who has no digest ending at or after ``period_end`` yet (one query)."""
    covered: set[int] = set()
    previous: dict[int, datetime.datetime] = {}
    recent = Digest.objects.filter(
        user_id__in=[u.pk for u in users], period_end__gt=period_end - LOOKBACK[frequency]
    ).values_list("user_id", "period_end")
    for user_id, end in recent:
        if end >= period_end:
            covered.add(user_id)
        elif user_id not in previous or end > previous[user_id]:
            previous[user_id] = end
    return {
        u.pk: period_start_for(period_end, u.time_zone, frequency, previous.get(u.pk))
        for u in users
        if u.pk not in covered
    }


def preview(user_ids, frequency: str, period_end: datetime.datetime) -> list[tuple[User, dict]]:
    """What ``record`` would store for these readers, without writing anything."""
    users = _readers(user_ids, frequency)
    starts = _periods(users, frequency, period_end)
    users = [u for u in users if u.pk in starts]
    contents = build_contents(users, period_end=period_end, starts=starts)
    return [(u, contents[u.pk]) for u in users]


def record(user_ids, frequency: str, period_end: datetime.datetime) -> tuple[list[Digest], int]:
    """Store the batch's digests for the period ending at ``period_end``; a fixed number of queries.

    Returns the digests of these readers that still have to be mailed (new ones
    and unsent ones recorded within ``RESEND_WINDOW``, user joined) and how many
    new ones were empty. Rows inserted are committed before anything is sent.
    """
    now = timezone.now()
    users = _readers(user_ids, frequency)
    starts = _periods(users, frequency, period_end)
    building = [u for u in users if u.pk in starts]
    contents = build_contents(building, period_end=period_end, starts=starts)
    Digest.objects.bulk_create(
        [
            Digest(
                user=u, frequency=frequency, period_start=starts[u.pk], period_end=period_end,
                language=mail.language_of(u), content=contents[u.pk], is_empty=is_empty(contents[u.pk]),
            )
            for u in building
        ],
        ignore_conflicts=True,
    )
    rows = list(
        Digest.objects.filter(
            user_id__in=[u.pk for u in users],
            period_end__gt=period_end - LOOKBACK[frequency],
            period_end__lte=period_end,
        )
        .filter(Q(body_html="") | Q(sent_at__isnull=True, is_empty=False, created_at__gt=now - RESEND_WINDOW))
        .select_related("user")
        .order_by("user_id", "period_end")
    )
    # Rendered once the row exists, because the e-mail links to the row's page on the site.
    rendered = []
    for row in (row for row in rows if not row.body_html):
        try:
            message = render_digest(row.user, content=row.content, frequency=row.frequency, digest_id=row.pk)
        except TimeLimitReached:
            raise
        except Exception:  # one reader's bad data must not hold up the batch; the next run tries again
            logger.exception("Could not render digest %s of user %s", row.pk, row.user_id)
            continue
        row.subject, row.body_text, row.body_html = message.subject[:300], message.text, message.html
        row.language = mail.language_of(row.user)
        row.updated_at = now
        rendered.append(row)
    if rendered:
        Digest.objects.bulk_update(rendered, ["subject", "body_text", "body_html", "language", "updated_at"])
    empty = sum(1 for row in rendered if row.is_empty)
    return [row for row in rows if row.body_html and not row.is_empty and row.sent_at is None], empty


def headers_for(digest: Digest) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(digest.user, digest.frequency)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def deliver(digest: Digest) -> bool:
    """Mail one recorded digest unless it already went out (``mail.send_once``); True if sent now."""

    def send() -> None:
        message = mail.Message(digest.subject, digest.body_text, digest.body_html)
        mail.send(digest.user, message, headers=headers_for(digest))

    return mail.send_once(Digest, digest.pk, send)


def readable_index(digests: list[Digest]) -> ReadIndex:
    """The read rule for these digests' readers and every initiative their contents mention (three queries)."""
    initiative_ids = set().union(*(initiative_ids_in(d.content) for d in digests)) if digests else set()
    return ReadIndex(
        {d.user_id: d.user for d in digests}.values(),
        Initiative.objects.filter(pk__in=initiative_ids).values("id", "visibility", "working_group_id"),
    )


def recheck(digests: list[Digest]) -> list[Digest]:
    """Drop from each digest what its reader may no longer read, just before it is mailed.

    A digest whose content shrinks is rendered again and saved; one that
    becomes empty is kept for the site and not mailed.
    """
    index = readable_index(digests)
    still_to_send = []
    for digest in digests:
        narrowed = without_unreadable(digest.content, digest.user_id, index)
        if narrowed is not None:
            message = render_digest(digest.user, content=narrowed, frequency=digest.frequency, digest_id=digest.pk)
            digest.content, digest.is_empty = narrowed, is_empty(narrowed)
            digest.subject, digest.body_text, digest.body_html = message.subject[:300], message.text, message.html
            digest.save(update_fields=["content", "is_empty", "subject", "body_text", "body_html", "updated_at"])
        if not digest.is_empty:
            still_to_send.append(digest)
    return still_to_send


def send_batch(user_ids, frequency: str, period_end: datetime.datetime) -> DigestOutcome:
    """Record, then mail, the digests of one batch. Safe to run any number of times."""
    pending, empty = record(user_ids, frequency, period_end)
    outcome = DigestOutcome(empty=empty)
    for digest in recheck(pending):
        try:
            sent = deliver(digest)
        except TimeLimitReached:
            raise
        except Exception:  # the mail server refused or is down: the row stays unsent for the next run
            logger.exception("Could not send digest %s to user %s", digest.pk, digest.user_id)
            outcome.failed += 1
        else:
            outcome.sent += sent
    return outcome


def run(at: datetime.datetime, frequency: str | None = None) -> DigestOutcome:
    """Everything a dispatcher run does, inline: for operators (``send_digests``) and tests."""
    outcome = DigestOutcome()
    for batch in plan_batches(at, frequency):
        outcome = outcome.add(send_batch(batch.user_ids, batch.frequency, batch.period_end))
    return outcome

"""Recording and sending digests, once per reader and period.

The hourly dispatcher (``proposals.tasks.dispatch_digests``) and the
``send_digests`` command both call ``plan_batches`` (one query: who is due,
grouped by frequency and period end, in batches of ``BATCH_SIZE`` ids) and then
``send_batch`` for each batch, through Celery or inline; the dispatcher publishes
one task per batch, so the batches spread over the workers.

``send_batch`` first *records*: it builds the contents of the whole batch with a
fixed number of queries, renders each digest (its e-mail links to the row's page,
so the row's id is taken from the table's sequence first; where there is none, the
rows are inserted, then rendered and updated) and inserts one Digest row per reader
in one statement (unique per user, frequency and period start; a conflicting row
from an earlier or concurrent run wins), committed. Only then does it send, each
digest through ``mail.send_once``: ``sent_at`` is claimed and the mail sent in one
transaction, so a retried task, a second dispatcher run or two workers on the same
batch send a digest once, and a worker killed mid-batch leaves the rest unsent for
the next dispatcher run to find. Empty digests are stored (the site shows them)
but never mailed.

``BATCH_SIZE``: the queries per batch stay the same however many readers it holds,
and what a batch loads is bounded by the programme (a few working-group followers
already bring in every initiative), so larger batches cost less per reader; a
thousand readers take a few seconds of a worker, far inside the batch task's time
limit even with a mail server at a tenth of a second per message.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import logging
from collections import defaultdict
from collections.abc import Iterator

from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.db.models import Q, Value
from django.utils import timezone

from accounts.models import User

from .. import mail
from ..access import ReadIndex
from ..enqueue import TimeLimitReached
from ..models import Digest, Initiative
from .content import build_contents, initiative_ids_in, is_empty, without_unreadable
from .messages import render_digest, unsubscribe_url
from .periods import LOOKBACK, RESEND_WINDOW, due_readers, period_start_for
from .writer import DigestWriter

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000


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


def plan_batches(
    at: datetime.datetime, frequency: str | None = None, batch_size: int = BATCH_SIZE
) -> list[DigestBatch]:
    """The readers due at ``at`` (one query), in batches sharing a frequency and a period end."""
    grouped: dict[tuple[str, datetime.datetime], list[int]] = defaultdict(list)
    for row in due_readers(at, frequency):
        grouped[(row["frequency"], row["period_end"])].append(row["id"])
    return [
        DigestBatch(frequency, period_end, ids[i : i + batch_size])
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


def _new_ids(count: int) -> list[int] | None:
    """Ids for ``count`` new digests from the table's own sequence (one query), or None where there is none.

    With its id known before the row is written, a digest is rendered (its e-mail links to the row's page)
    and inserted in one go instead of inserted, read back and updated.
    """
    if connection.vendor != "postgresql" or not count:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [Digest._meta.db_table, Digest._meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _render(digest: Digest, writer: DigestWriter) -> bool:
    """Fill in the digest's subject and bodies; False (and logged) when its content cannot be rendered."""
    try:
        message = render_digest(
            digest.user, content=digest.content, frequency=digest.frequency, digest_id=digest.pk, writer=writer
        )
    except TimeLimitReached:
        raise
    except Exception:  # one reader's bad data must not hold up the batch; the next run tries again
        logger.exception("Could not render digest %s of user %s", digest.pk, digest.user_id)
        return False
    digest.subject, digest.body_text, digest.body_html = message.subject[:300], message.text, message.html
    digest.language = mail.language_of(digest.user)
    return True


def _insert(digests: list[Digest]) -> None:
    """Insert new digests in one statement; a row a concurrent run recorded first for the same period wins.

    One field goes in as a literal ``Value`` to keep the statement a plain VALUES list: Django's UNNEST form
    of a bulk insert escapes every quote of the contents' JSON and the bodies' HTML in Python, which costs
    more than writing the digests did.
    """
    flags = [digest.is_empty for digest in digests]
    for digest, flag in zip(digests, flags, strict=True):
        digest.is_empty = Value(flag)
    try:
        Digest.objects.bulk_create(digests, ignore_conflicts=True)
    finally:
        for digest, flag in zip(digests, flags, strict=True):
            digest.is_empty = flag


def record(user_ids, frequency: str, period_end: datetime.datetime) -> tuple[list[Digest], int]:
    """Store the batch's digests for the period ending at ``period_end``; a fixed number of queries.

    Returns the digests of these readers that still have to be mailed (new ones
    and unsent ones recorded within ``RESEND_WINDOW``, user attached) and how many
    new ones were empty. Rows are written, bodies and all, and committed before anything is sent.
    """
    pending, empty, _built_now = _record(user_ids, frequency, period_end)
    return pending, empty


def _record(user_ids, frequency: str, period_end: datetime.datetime) -> tuple[list[Digest], int, set[int]]:
    """``record``, and the ids of the digests it built itself (their content was read just now)."""
    now = timezone.now()
    users = _readers(user_ids, frequency)
    by_id = {user.pk: user for user in users}
    starts = _periods(users, frequency, period_end)
    building = [u for u in users if u.pk in starts]
    contents = build_contents(building, period_end=period_end, starts=starts)
    built = [
        Digest(
            user=u,
            frequency=frequency,
            period_start=starts[u.pk],
            period_end=period_end,
            language=mail.language_of(u),
            content=contents[u.pk],
            is_empty=is_empty(contents[u.pk]),
        )
        for u in building
    ]
    writer = DigestWriter()
    ids = _new_ids(len(built))
    if ids is not None:
        for digest, pk in zip(built, ids, strict=True):
            digest.pk = pk
            _render(digest, writer)
    _insert(built)
    ours = {digest.pk: digest for digest in built if digest.pk is not None}

    waiting = list(
        Digest.objects.filter(
            user_id__in=list(by_id),
            period_end__gt=period_end - LOOKBACK[frequency],
            period_end__lte=period_end,
        )
        .filter(Q(body_html="") | Q(sent_at__isnull=True, is_empty=False, created_at__gt=now - RESEND_WINDOW))
        .values_list("pk", flat=True)
    )
    # Recorded by an earlier run (or a concurrent one), or inserted here before its id was known:
    # rendered now that the row exists, because the e-mail links to the row's page on the site.
    others = list(Digest.objects.filter(pk__in=[pk for pk in waiting if pk not in ours]))
    rendered = []
    for row in others:
        row.user = by_id[row.user_id]
        if not row.body_html and _render(row, writer):
            row.updated_at = now
            rendered.append(row)
    if rendered:
        Digest.objects.bulk_update(rendered, ["subject", "body_text", "body_html", "language", "updated_at"])
    empty = sum(1 for digest in ours.values() if digest.is_empty and digest.body_html)
    empty += sum(1 for row in rendered if row.is_empty)
    pending = sorted([*(ours[pk] for pk in waiting if pk in ours), *others], key=lambda d: (d.user_id, d.period_end))
    return [d for d in pending if d.body_html and not d.is_empty and d.sent_at is None], empty, set(ours)


def headers_for(digest: Digest) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(digest.user, digest.frequency)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def deliver(digest: Digest, mailer: BaseEmailBackend | None = None) -> bool:
    """Mail one recorded digest unless it already went out (``mail.send_once``); True if sent now.

    ``mailer``: the batch's open mail connection (one SMTP session for the whole batch).
    """

    def send() -> None:
        message = mail.Message(digest.subject, digest.body_text, digest.body_html)
        mail.send(digest.user, message, headers=headers_for(digest), connection=mailer)

    return mail.send_once(Digest, digest.pk, send)


def readable_index(digests: list[Digest]) -> ReadIndex:
    """The read rule for these digests' readers and every initiative their contents mention (three queries)."""
    initiative_ids = set().union(*(initiative_ids_in(d.content) for d in digests)) if digests else set()
    return ReadIndex(
        {d.user_id: d.user for d in digests}.values(),
        Initiative.objects.filter(pk__in=initiative_ids).values("id", "visibility", "working_group_id"),
    )


def as_readable_today(digest: Digest) -> tuple[str, str]:
    """The digest's text and HTML as its reader may read them today: what became restricted for them
    since it was written is left out (rendered again only then). ``digest.user`` should be joined."""
    narrowed = without_unreadable(digest.content, digest.user_id, readable_index([digest]))
    if narrowed is None:
        return digest.body_text, digest.body_html
    message = render_digest(digest.user, content=narrowed, frequency=digest.frequency, digest_id=digest.pk)
    return message.text, message.html


def recheck(digests: list[Digest]) -> list[Digest]:
    """Drop from each digest what its reader may no longer read, just before it is mailed.

    A digest whose content shrinks is rendered again and saved; one that
    becomes empty is kept for the site and not mailed.
    """
    index = readable_index(digests)
    still_to_send, writer = [], DigestWriter()
    for digest in digests:
        narrowed = without_unreadable(digest.content, digest.user_id, index)
        if narrowed is not None:
            message = render_digest(
                digest.user, content=narrowed, frequency=digest.frequency, digest_id=digest.pk, writer=writer
            )
            digest.content, digest.is_empty = narrowed, is_empty(narrowed)
            digest.subject, digest.body_text, digest.body_html = message.subject[:300], message.text, message.html
            digest.save(update_fields=["content", "is_empty", "subject", "body_text", "body_html", "updated_at"])
        if not digest.is_empty:
            still_to_send.append(digest)
    return still_to_send


def send_batch(user_ids, frequency: str, period_end: datetime.datetime) -> DigestOutcome:
    """Record, then mail, the digests of one batch. Safe to run any number of times.

    A mail server that refuses a connection or leaves it silent (``EMAIL_TIMEOUT``) stops the mailing: the
    digests left stay recorded and unsent, and a dispatcher run ``periods.STALE_AFTER`` later sends them.
    """
    pending, empty, built_now = _record(user_ids, frequency, period_end)
    outcome = DigestOutcome(empty=empty)
    # What was built just now passed the read rule just now; what an earlier run recorded is checked again.
    to_send = [d for d in pending if d.pk in built_now] + recheck([d for d in pending if d.pk not in built_now])
    if not to_send:
        return outcome
    # One mail connection for the batch; after a failure it is closed, so the next message opens a fresh one.
    mailer = get_connection()
    ordered = sorted(to_send, key=lambda d: (d.user_id, d.period_end))
    try:
        with claims_without_waiting_for_the_disk():
            for position, digest in enumerate(ordered):
                try:
                    mailer.open()  # connects once; again only after a failure closed the connection
                except TimeLimitReached:
                    raise
                except Exception:  # down or silent: the rest wait for the next run, rather than EMAIL_TIMEOUT each
                    left = len(ordered) - position
                    logger.exception("Could not reach the mail server; %s digests wait for the next run", left)
                    outcome.failed += left
                    break
                try:
                    sent = deliver(digest, mailer)
                except TimeLimitReached:
                    raise
                except Exception:  # the mail server refused or is down: the row stays unsent for the next run
                    logger.exception("Could not send digest %s to user %s", digest.pk, digest.user_id)
                    outcome.failed += 1
                    mailer.close()
                else:
                    outcome.sent += sent
    finally:
        mailer.close()
    return outcome


@contextlib.contextmanager
def claims_without_waiting_for_the_disk() -> Iterator[None]:
    """Commit each digest's claim (``mail.send_once``) without waiting for the database's disk (PostgreSQL).

    Each claim is its own transaction, and waiting for the write-ahead log to reach the disk would cost
    more than building and writing the digest. Committed, the claim is visible and its row lock released
    at once; only a crash of the database server itself within the next fraction of a second could lose
    it, and then that digest would be mailed again: the risk ``send_once`` already takes between the
    mail server accepting a message and the commit.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def run(at: datetime.datetime, frequency: str | None = None) -> DigestOutcome:
    """Everything a dispatcher run does, inline: for operators (``send_digests``) and tests."""
    outcome = DigestOutcome()
    for batch in plan_batches(at, frequency):
        outcome = outcome.add(send_batch(batch.user_ids, batch.frequency, batch.period_end))
    return outcome

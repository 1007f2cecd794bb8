"""The processes behind the site, scaled out and faulted: real gunicorn, Celery workers and beat on this machine.

Each test starts its own deployment (``tests/ops/processes.py``) on the suite's test database, as the
``Procfile`` runs it under production settings, and an SMTP server in the test process
(``tests/ops/mail_server.py``) that counts what every recipient was sent:

- two web processes, three workers and one beat on Redis, then on RabbitMQ: a load of writes through both
  web processes in turn, then one digest run fanned out over the workers; every notification and digest
  mailed exactly once, the activity log exactly the writes made;
- Redis taken down under a running deployment: writes still succeed and /readyz says what is wrong; with
  Redis back, the notification sweep and the digest dispatcher catch up, and running them again sends
  nothing twice;
- a worker killed (SIGKILL) in the middle of a digest batch: the batch runs again elsewhere and sends what
  was left; what a kill can repeat is exactly the digest whose mail the server took before the worker
  recorded it as sent (``mail.send_once``).
"""

from __future__ import annotations

import datetime
import itertools
import os
import re
import signal
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.utils import timezone

from accounts import tokens as tokens_of
from accounts.models import DigestFrequency, Membership, User, WorkingGroup
from proposals.digests import periods
from proposals.models import Activity, Comment, Digest, Initiative, Milestone, Notification
from tests import factories
from tests.ops.mail_server import MailServer, mail_server
from tests.ops.processes import (
    Answer,
    Broker,
    Deployment,
    RedisServer,
    Visitor,
    Web,
    call,
    collected_static,
    production_env,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REDIS = "redis://127.0.0.1:6379/11"
RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"
PASSWORD = "correct horse battery staple"
#: Time zones whose readers' digests end at different instants, so that each zone's readers are a batch of their own.
ZONES = ("UTC", "Asia/Seoul", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Pacific/Auckland")
DAILY = DigestFrequency.DAILY.value
V = Activity.Verb


@pytest.fixture(scope="module")
def static_root(tmp_path_factory, django_db_setup) -> Path:
    return collected_static(tmp_path_factory)


@pytest.fixture(scope="module")
def password_hash() -> str:
    """The password as production hashes it (Argon2), shared by everyone who signs in here."""
    hasher = Argon2PasswordHasher()
    return hasher.encode(PASSWORD, hasher.salt())


@pytest.fixture
def mailbox() -> Iterator[MailServer]:
    with mail_server() as box:
        yield box


@pytest.fixture
def deployment(static_root, mailbox, tmp_path, transactional_db) -> Iterator[Deployment]:
    """Processes under production settings on the suite's database, mailing to ``mailbox``; all stopped at the end."""
    environment = {
        **production_env(static_root),
        "EMAIL_URL": mailbox.url,
        "CELERY_TASK_DEFAULT_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        "API_TOKEN_RATE": "10000/min",
    }
    deployment = Deployment(tmp_path, environment)
    try:
        yield deployment
    finally:
        deployment.stop_all()


# The people and what they do -------------------------------------------------------------------------------


def person(username: str, password_hash: str, **fields) -> User:
    user = factories.UserFactory(username=username, language="en", digest_frequency=DigestFrequency.OFF, **fields)
    user.password = password_hash
    user.save(update_fields=["password"])
    return user


@dataclass
class Cast:
    """One working group's coordinators and members, two internal initiatives, and readers outside the group."""

    group: WorkingGroup
    initiatives: list[Initiative]
    coordinators: list[User]
    members: list[User]
    readers: list[User]


def cast(password_hash: str, *, members: int, readers: int, initiatives: int = 2) -> Cast:
    group = factories.WorkingGroupFactory(name="Economic Security", slug="economic-security")
    coordinators = [
        person("coord.kim", password_hash, country="KR"),
        person("coord.sato", password_hash, country="JP"),
    ]
    crew = [person(f"member.{n}", password_hash, country="KR" if n % 2 else "JP") for n in range(1, members + 1)]
    for user, role in [
        *((c, Membership.Role.COORDINATOR) for c in coordinators),
        *((m, Membership.Role.MEMBER) for m in crew),
    ]:
        factories.MembershipFactory(user=user, working_group=group, role=role)
    start = timezone.localdate() - datetime.timedelta(days=60)
    titles = ("Currency swap expansion", "Student exchange", "Quantum research MOU")
    return Cast(
        group=group,
        initiatives=[
            factories.InitiativeFactory(title=title, slug=f"initiative-{n}", working_group=group, start_date=start)
            for n, title in enumerate(titles[:initiatives], start=1)
        ],
        coordinators=coordinators,
        members=crew,
        readers=[person(f"reader.{n:02}", password_hash) for n in range(1, readers + 1)],
    )


@dataclass
class Site:
    """The site behind a proxy that hands each request to the next web process in turn.

    Keeps what the writes should leave behind: ``activity`` counts (verb, actor), ``told`` the immediate
    notifications as (recipient's address, the anchor the mail's link opens at).
    """

    webs: list[Web]
    turn: Iterator[int] = field(default_factory=itertools.count)
    activity: Counter[tuple[str, str]] = field(default_factory=Counter)
    told: Counter[tuple[str, str]] = field(default_factory=Counter)
    slowest: float = 0.0

    def next(self) -> Web:
        return self.webs[next(self.turn) % len(self.webs)]

    def api(self, method: str, path: str, token: str, body: dict | None = None) -> Answer:
        started = time.monotonic()
        web = self.next()
        answer = call(web, method, f"/api/v1/{path}", token=token, body=body)
        self.slowest = max(self.slowest, time.monotonic() - started)
        assert answer.status in (200, 201), f"{method} {path}: {answer.status} {answer.body}\n{web.log_tail()}"
        return answer

    def token(self, user: User) -> str:
        body = {"username": user.username, "password": PASSWORD, "name": "scale-out"}
        return self.api("POST", "auth/token/", "", body).json()["token"]

    def form(self, visitor: Visitor, path: str, fields: dict[str, str], *, page: str = "") -> str:
        """GET the form's page from one web process, POST it to the next: CSRF and session hold across them."""
        visitor.server = self.next()
        _, html = visitor.request("GET", page or path)
        version = re_version(html)
        visitor.server = self.next()
        started = time.monotonic()
        posted, _ = visitor.request(
            "POST", path, {"csrfmiddlewaretoken": visitor.csrf_token(html), **version, **fields}
        )
        self.slowest = max(self.slowest, time.monotonic() - started)
        assert posted.status == 302, f"POST {path}: {posted.status}\n{visitor.server.log_tail()}"
        return posted.getheader("Location") or ""

    def sign_in(self, user: User) -> Visitor:
        visitor = Visitor(self.next())
        self.form(visitor, "/accounts/login/", {"username": user.username, "password": PASSWORD})
        return visitor

    def page(self, visitor: Visitor, path: str) -> str:
        visitor.server = self.next()
        response, html = visitor.request("GET", path)
        assert response.status == 200, f"GET {path}: {response.status}"
        return html

    # The writes, each with what it should leave -------------------------------------------------------------

    def follow(self, token: str, reader: User, initiative: Initiative) -> None:
        assert self.api("POST", "follows/", token, {"initiative": initiative.slug}).status == 201
        self.activity[(V.FOLLOW_ADDED, reader.username)] += 1

    def follow_group(self, visitor: Visitor, user: User, group: WorkingGroup) -> None:
        self.form(visitor, f"/groups/{group.slug}/follow/", {"follow": "1"}, page=f"/groups/{group.slug}/")
        self.activity[(V.FOLLOW_ADDED, user.username)] += 1

    def submit_milestone(self, token: str, member: User, initiative: Initiative, coordinators: list[User]) -> int:
        """Create, start and submit a milestone (API); the group's coordinators are asked to review it."""
        due = (timezone.localdate() + datetime.timedelta(days=45)).isoformat()
        body = {"initiative": initiative.slug, "title": f"{initiative.title}: step by {member.username}"}
        milestone_id = self.api("POST", "milestones/", token, {**body, "due_date": due, "is_joint": False}).json()["id"]
        self.api("POST", f"milestones/{milestone_id}/start/", token)
        self.api("POST", f"milestones/{milestone_id}/submit/", token, {"note": "Text agreed."})
        for verb in (V.MILESTONE_CREATED, V.MILESTONE_STARTED, V.MILESTONE_SUBMITTED):
            self.activity[(verb, member.username)] += 1
        for coordinator in coordinators:
            self.told[(coordinator.email, f"milestone-{milestone_id}")] += 1
        return milestone_id

    def comment(self, token: str, author: User, initiative: Initiative, mentioned: list[User]) -> None:
        """A comment through the API; each person mentioned is told."""
        body = "Agreed on the text. " + " ".join(f"@{user.username}" for user in mentioned)
        comment_id = self.api("POST", "comments/", token, {"initiative": initiative.slug, "body": body}).json()["id"]
        self.activity[(V.COMMENT_ADDED, author.username)] += 1
        for user in mentioned:
            self.told[(user.email, f"comment-{comment_id}")] += 1

    def comment_on_the_site(self, visitor: Visitor, author: User, initiative: Initiative, mentioned: User) -> None:
        path = f"/initiatives/{initiative.slug}/comments/new/"
        self.form(visitor, path, {"body": f"Please add the annex, @{mentioned.username}.", "milestone": ""})
        comment = Comment.objects.filter(author=author, initiative=initiative).latest("pk")
        self.activity[(V.COMMENT_ADDED, author.username)] += 1
        self.told[(mentioned.email, f"comment-{comment.pk}")] += 1

    def approve(self, visitor: Visitor, coordinator: User, milestone_id: int) -> None:
        """Approve through the site's form; the milestone's submitter is told."""
        self.form(visitor, f"/milestones/{milestone_id}/approve/", {"note": "Approved."})
        self.activity[(V.MILESTONE_APPROVED, coordinator.username)] += 1
        submitter = Milestone.objects.select_related("submitted_by").get(pk=milestone_id).submitted_by
        assert submitter is not None
        self.told[(submitter.email, f"milestone-{milestone_id}")] += 1


def re_version(html: str) -> dict[str, str]:
    """The form's hidden ``version`` (optimistic concurrency), when it has one."""
    match = re.search(r'name="version" value="(\d+)"', html)
    return {"version": match[1]} if match else {}


# What the deployment did -----------------------------------------------------------------------------------


def activity_log() -> Counter[tuple[str, str]]:
    return Counter((verb, username or "") for verb, username in Activity.objects.values_list("verb", "actor__username"))


def notifications_recorded() -> Counter[tuple[str, str]]:
    """Each Notification row as (recipient's address, its event's anchor), counting the sent ones only."""
    rows = Notification.objects.filter(sent_at__isnull=False).select_related("recipient", "activity")
    keys: Counter[tuple[str, str]] = Counter()
    for row in rows:
        activity = row.activity
        comment_id = (activity.details or {}).get("comment_id")
        anchor = (
            f"comment-{comment_id}" if row.kind == Notification.Kind.MENTIONED else f"milestone-{activity.milestone_id}"
        )
        keys[(row.recipient.email, anchor)] += 1
    return keys


def digest_mails_match_rows(mailbox: MailServer) -> None:
    """Every non-empty digest was mailed exactly once, to its reader; an empty one never; no other digest mail."""
    expected = Counter(
        {(email, pk): 1 for pk, email in Digest.objects.filter(is_empty=False).values_list("pk", "user__email")}
    )
    assert mailbox.digests() == expected
    assert not Digest.objects.filter(is_empty=False, sent_at__isnull=True).exists()


def digest_moment(first: datetime.datetime, last: datetime.datetime, zones: int) -> tuple[datetime.datetime, list[str]]:
    """An instant a day after ``last``, and time zones whose daily digest at that instant covers ``first``–``last``.

    At ``last`` + 1 day every zone's period ends after ``last``; it starts before ``first`` unless the zone's
    08:00 fell between the two, and such a zone is passed over.
    """
    at = last + datetime.timedelta(days=1)
    covering = [
        zone
        for zone in ZONES
        if periods.default_period_start(periods.period_end_for(at, zone, DAILY), zone, DAILY) <= first
    ]
    assert len(covering) >= zones
    return at, covering[:zones]


def reads_daily(readers: list[User], zones: list[str]) -> dict[int, str]:
    """The readers take a daily digest, spread over ``zones`` in turn; each reader's zone by id."""
    chosen = {}
    for reader, zone in zip(readers, itertools.cycle(zones)):
        User.objects.filter(pk=reader.pk).update(digest_frequency=DAILY, time_zone=zone)
        chosen[reader.pk] = zone
    return chosen


def idle(deployment: Deployment, broker: Broker, workers) -> bool:
    nodes = [deployment.node(worker) for worker in workers]
    return broker.waiting() == 0 and broker.busy(nodes) == 0


def settle(deployment: Deployment, broker: Broker, workers) -> None:
    """Until nothing waits in the queue and no worker holds a task, twice in a row (a message in flight shows)."""
    for _ in range(2):
        deployment.wait_for(lambda: idle(deployment, broker, workers), "the workers to go idle")


# 1. Scale-out ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("broker_url", [REDIS, RABBITMQ], ids=["redis", "rabbitmq"])
def test_two_web_processes_and_three_workers_deliver_every_notification_and_digest_exactly_once(
    deployment, mailbox, password_hash, broker_url
):
    people = cast(password_hash, members=3, readers=8)
    broker = deployment.broker(broker_url)
    webs = [deployment.web("web1"), deployment.web("web2")]
    workers = [deployment.worker(f"w{n}") for n in (1, 2, 3)]
    beat = deployment.beat()
    for web in webs:
        deployment.wait_until_serving(web)
    deployment.wait_until_consuming(broker, *workers)
    deployment.wait_until_beating(beat)

    site = Site(webs)
    first = timezone.now()
    # Members trade their password for a token on the site; the readers' tokens are issued here.
    tokens = {user.pk: site.token(user) for user in people.members}
    tokens |= {reader.pk: tokens_of.issue(reader, name="scale-out")[1] for reader in people.readers}
    coordinators = [site.sign_in(user) for user in people.coordinators]
    for n, reader in enumerate(people.readers):
        site.follow(tokens[reader.pk], reader, people.initiatives[n % 2])
        if n % 3 == 0:
            site.follow(tokens[reader.pk], reader, people.initiatives[(n + 1) % 2])
    for visitor, coordinator in zip(coordinators, people.coordinators, strict=True):
        site.follow_group(visitor, coordinator, people.group)
    submitted = [
        (member, site.submit_milestone(tokens[member.pk], member, initiative, people.coordinators))
        for member in people.members
        for initiative in people.initiatives
    ]
    for n, member in enumerate(people.members):
        colleague, reader = people.members[(n + 1) % 3], people.readers[n * 3]
        site.comment(tokens[member.pk], member, people.initiatives[n % 2], [colleague, reader])
    for n, (_member, milestone_id) in enumerate(submitted):
        site.approve(coordinators[n % 2], people.coordinators[n % 2], milestone_id)
    for visitor, coordinator, member in zip(coordinators, people.coordinators, people.members, strict=False):
        site.comment_on_the_site(visitor, coordinator, people.initiatives[0], member)
    site.page(coordinators[0], f"/initiatives/{people.initiatives[0].slug}/")
    site.page(coordinators[1], "/")
    last = timezone.now()

    # The immediate notifications, fanned out over the workers as the writes committed.
    deployment.wait_for(lambda: mailbox.notifications() == site.told, "every notification to be mailed")
    settle(deployment, broker, workers)

    # One digest run: a batch per time zone, spread over the workers.
    at, zones = digest_moment(first, last, zones=4)
    zone_of = reads_daily(people.readers, zones)
    mailbox.meet(sessions=2)
    dispatched = broker.publish("dispatch_digests", at_iso=at.isoformat(), frequency=DAILY)
    ours = Digest.objects.filter(user__in=people.readers, period_end__gt=last)
    deployment.wait_for(lambda: ours.filter(sent_at__isnull=False).count() == len(people.readers), "the digests")
    settle(deployment, broker, workers)

    # Every notification once, to everyone who should have had one, and recorded as sent.
    assert mailbox.notifications() == site.told
    assert set(site.told.values()) == {1}
    assert notifications_recorded() == site.told
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    # The activity log is the writes made, no more, no less.
    assert activity_log() == site.activity
    # Every reader's digest for the period ending at their zone's last 08:00 before ``at``, once, mailed once.
    # (Beat may have run its own hourly dispatch meanwhile: its digests end before the writes, and are held to
    # the same rule, mailed once unless empty.)
    assert sorted(ours.values_list("user_id", flat=True)) == sorted(zone_of)
    for digest in ours:
        assert digest.period_end == periods.period_end_for(at, zone_of[digest.user_id], DAILY)
        assert not digest.is_empty, "the reader follows an initiative that moved in the period"
    digest_mails_match_rows(mailbox)
    # One dispatcher run, one batch per zone (each over one SMTP connection), spread over the workers: two of
    # them held a batch at the same time.
    assert [value for _, value in deployment.ran("dispatch_digests", dispatched)] == [str(len(zones))]
    digest_ids = set(ours.values_list("pk", flat=True))
    assert len({mail.session for mail in mailbox.snapshot() if mail.digest_id in digest_ids}) == len(zones)
    assert mailbox.met() >= 2
    assert len(deployment.ran_by_worker("send_digest_batch")) >= 2
    assert beat.alive()
    assert site.slowest < 10


# 2. Redis down, the whole path -------------------------------------------------------------------------------


def test_with_redis_down_writes_succeed_and_once_it_is_back_the_sweep_and_dispatcher_catch_up_once(
    deployment, mailbox, password_hash
):
    people = cast(password_hash, members=2, readers=3, initiatives=1)
    initiative, (member, colleague), coordinator = people.initiatives[0], people.members, people.coordinators[0]
    for reader in people.readers:
        factories.FollowFactory(user=reader, initiative=initiative)
    redis_server = RedisServer(deployment)
    redis_server.start()
    broker = deployment.broker(redis_server.url())
    web, worker, beat = deployment.web(), deployment.worker("w1", concurrency=2), deployment.beat()
    deployment.wait_until_serving(web)
    deployment.wait_until_consuming(broker, worker)
    deployment.wait_until_beating(beat)
    site = Site([web])
    tokens = {user.pk: site.token(user) for user in people.members}
    visitor = site.sign_in(coordinator)

    redis_server.stop()
    ready = call(web, "GET", "/readyz")
    assert ready.status == 503, ready.body
    assert ready.json()["checks"]["broker"] != "ok" and ready.json()["checks"]["database"] == "ok"
    first = timezone.now()
    milestone_id = site.submit_milestone(tokens[member.pk], member, initiative, people.coordinators)
    site.comment(tokens[colleague.pk], colleague, initiative, [member, people.readers[0]])
    site.approve(visitor, coordinator, milestone_id)
    for path in (f"/initiatives/{initiative.slug}/", "/", "/review/"):
        site.page(visitor, path)
    assert site.slowest < 10, "a publish to a broker that is down is bounded"
    assert call(web, "GET", "/readyz").status == 503
    told_while_down = Counter(site.told)
    assert mailbox.count() == 0

    redis_server.start()
    deployment.wait_for(lambda: call(web, "GET", "/readyz").status == 200, "/readyz to find the broker again")
    deployment.wait_until_consuming(broker, worker)
    # The web process publishes again without a restart: this comment's notification comes by its own task.
    site.comment(tokens[member.pk], member, initiative, [colleague])
    last = timezone.now()
    deployment.wait_for(lambda: mailbox.notifications() == site.told - told_while_down, "the new comment's mail")

    # What was lost with the broker: the sweep finds the events, the dispatcher the digests; each run twice.
    sweep_at = (timezone.now() + datetime.timedelta(minutes=6)).isoformat()  # past the sweep's settling time
    at, zones = digest_moment(first, last, zones=1)
    reads_daily(people.readers, zones)
    runs = []
    for _ in (1, 2):
        sweep = broker.publish("sweep_notifications", at_iso=sweep_at)
        dispatch = broker.publish("dispatch_digests", at_iso=at.isoformat(), frequency=DAILY)
        deployment.wait_for(
            lambda sweep=sweep, dispatch=dispatch: (
                deployment.ran("sweep_notifications", sweep) and deployment.ran("dispatch_digests", dispatch)
            ),
            "the sweep and the dispatcher to run",
        )
        settle(deployment, broker, [worker])
        [(_, sent)], [(_, batches)] = (
            deployment.ran("sweep_notifications", sweep),
            deployment.ran("dispatch_digests", dispatch),
        )
        runs.append((sent, batches))

    # Sent: the notifications lost with the broker, then nothing; batches published: one, then none.
    assert runs == [(str(sum(told_while_down.values())), "1"), ("0", "0")]
    assert mailbox.notifications() == site.told
    assert set(site.told.values()) == {1}
    assert notifications_recorded() == site.told
    assert Digest.objects.filter(user__in=people.readers, is_empty=False).count() == len(people.readers)
    digest_mails_match_rows(mailbox)
    assert activity_log() == site.activity
    assert beat.alive() and worker.alive()


# 3. A worker killed in the middle of a digest batch -------------------------------------------------------------


READERS_IN_BATCH = 6
MAILED_BEFORE_THE_KILL = 2
VISIBILITY_TIMEOUT = 3


def readers_of_one_batch(password_hash: str) -> tuple[list[User], datetime.datetime]:
    """Readers in one time zone (one batch) who follow an initiative with news; the instant their digest is due."""
    people = cast(password_hash, members=1, readers=READERS_IN_BATCH, initiatives=1)
    initiative = people.initiatives[0]
    first = timezone.now()
    for reader in people.readers:
        factories.FollowFactory(user=reader, initiative=initiative)
    factories.ActivityFactory(
        actor=people.members[0],
        verb=V.EVIDENCE_ADDED,
        initiative=initiative,
        working_group=people.group,
        details={"title": "Joint statement", "url": "https://example.org/statement", "kind": "news"},
    )
    at, zones = digest_moment(first, timezone.now(), zones=1)
    reads_daily(people.readers, zones)
    return people.readers, at


def taken_at(redis_server: RedisServer) -> float:
    """When the unacknowledged batch was handed to the worker (kombu's index of unacked messages), 0 if none."""
    taken = redis_server.client().zrange("unacked_index", 0, -1, withscores=True)
    return max((score for _, score in taken), default=0.0)


@pytest.mark.parametrize(
    ("broker_name", "killed", "server_took_it"),
    [
        ("redis", "worker", False),
        ("rabbitmq", "worker", False),
        ("redis", "pool process", False),
        ("redis", "pool process", True),
    ],
    ids=["redis-worker", "rabbitmq-worker", "pool-process", "pool-process-after-the-server-took-a-digest"],
)
def test_a_worker_killed_in_the_middle_of_a_digest_batch(
    deployment, mailbox, password_hash, broker_name, killed, server_took_it
):
    """The batch is handed out again and sends what was left: each digest once, except in one known window.

    Killed while the mail server has not yet taken the third digest: its claim (``sent_at``) rolls back with
    the dead database connection, and the batch, run again, sends it and the rest; the two already sent are
    not repeated. Killed after the server took the third digest but before the worker heard so and committed
    its claim: the batch run again sends that one digest a second time. ``mail.send_once`` claims and sends
    in one transaction, so a kill repeats at most the one digest in flight, never one whose claim committed.

    The whole worker killed (a machine lost): Redis hands the batch out again once the visibility timeout has
    passed, RabbitMQ as soon as the worker's connection is gone. Its pool process killed (the OOM killer): the
    worker requeues the batch at once.
    """
    readers, at = readers_of_one_batch(password_hash)
    redis_server = RedisServer(deployment)
    if broker_name == "redis":
        redis_server.start()
    broker = deployment.broker(redis_server.url() if broker_name == "redis" else RABBITMQ)
    short = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT), "EMAIL_TIMEOUT": "60"}
    first = deployment.worker("w1", env=short)
    deployment.wait_until_consuming(broker, first)

    mailbox.hold(after=MAILED_BEFORE_THE_KILL, taken=server_took_it)
    broker.publish("dispatch_digests", at_iso=at.isoformat(), frequency=DAILY)
    deployment.wait_for(mailbox.holding.is_set, "the worker to wait on the third digest")
    assert Digest.objects.filter(user__in=readers).count() == READERS_IN_BATCH
    assert Digest.objects.filter(sent_at__isnull=False).count() == MAILED_BEFORE_THE_KILL
    if killed == "worker":
        first.kill()
        if broker_name == "redis":
            # Redis hands the batch out again once its visibility timeout has passed since the worker took it;
            # a worker starting then (the killed one restarted, say) finds it at once (others look every 100 s).
            deployment.wait_for(lambda: time.time() > taken_at(redis_server) + VISIBILITY_TIMEOUT, "the timeout")
        again = deployment.worker("w2", env=short)
    else:
        # The pool process alone: the worker requeues the batch at once (CELERY_TASK_REJECT_ON_WORKER_LOST).
        (pool_process,) = first.children()
        os.kill(pool_process, signal.SIGKILL)
        again = first
    deployment.wait_for(lambda: not Digest.objects.filter(sent_at__isnull=True).exists(), "every digest sent")
    settle(deployment, broker, [again])

    mailed = Counter(mailbox.digests().values())
    if server_took_it:
        assert mailed == {1: READERS_IN_BATCH - 1, 2: 1}, mailbox.digests()
    else:
        digest_mails_match_rows(mailbox)
        assert mailed == {1: READERS_IN_BATCH}
    assert len(deployment.ran("send_digest_batch")) == 1, "the batch ran to its end once, after the kill"

"""``python manage.py generate_scale_data --initiatives N --users M [--big-initiative] [--force]``.

Fills an empty database with a whole programme for benchmarks (``make bench``, ``bench/run.py``):
working groups with coordinators and members, initiatives with owners on both sides, milestones in
mixed states and due dates (so some initiatives are off track, some at risk, some on track), evidence,
indicators with readings, progress updates, comments, activity and follows. Inserts are in bulk and
the random choices come from a fixed seed, so a given size always produces the same rows.

The shape, per initiative: 5 milestones (planned, in progress, submitted, changes requested, approved,
cancelled in turn; due from about 30 days overdue to 100 days ahead), 2 owners (one per side, who follow
it), 3 evidence links, 1 indicator with 4 readings, 2 progress updates, 1 source reference, 3 comments
(one in ten initiatives has a hidden one) and 5 activity rows over the last 14 days; one in five is
restricted. One working group per ``INITIATIVES_PER_GROUP`` initiatives (5 to 50), each with 2
coordinators and its share of ``users / 10`` members; ``bench.coordinator`` coordinates every fifth
group, so their review queue holds a fifth of the programme's submitted milestones. Everyone else is a
stakeholder; every user follows 5 initiatives and one in ten also a working group; everyone takes the
weekly digest. ``--big-initiative`` gives one group-0 initiative 100 milestones, 500 comments and 2,000
activity rows.

Every user gets the same password (``--password``, or a random one that is printed); it is hashed once
with the project's hasher. Operator output, in English like ``send_digests``.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib.util
import random
import secrets
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import Membership, User, WorkingGroup
from proposals.models import (
    Activity,
    Comment,
    CommentRevision,
    EvidenceLink,
    Follow,
    Indicator,
    IndicatorReading,
    Initiative,
    InitiativeOwner,
    InitiativeStatus,
    Milestone,
    MilestoneStatus,
    Pillar,
    ProgressUpdate,
    SeedDocument,
    Side,
    SourceReference,
)

SEED = 20261125
STAKEHOLDER = "bench.stakeholder"
COORDINATOR = "bench.coordinator"
INITIATIVES_PER_GROUP = 200
MIN_GROUPS, MAX_GROUPS = 5, 50
COORDINATED_EVERY = 5  # bench.coordinator coordinates groups 0, 5, 10, …
MILESTONES, EVIDENCE, COMMENTS, ACTIVITY, FOLLOWS = 5, 3, 3, 5, 5
BIG_MILESTONES, BIG_COMMENTS, BIG_ACTIVITY = 100, 500, 2_000
CHUNK = 1_000  # initiatives generated and inserted at a time, so memory stays flat at any size
BATCH = 2_000  # rows per INSERT
MILESTONE_OFFSETS = (-20, 5, 12, 40, 90)
# The state before each transition, for the activity that led to a milestone's current state.
PREVIOUS_STATE = {
    "submitted": "in_progress",
    "approved": "submitted",
    "changes_requested": "submitted",
    "cancelled": "planned",
}
LANGUAGES = (("en", "UTC", "other"), ("ko", "Asia/Seoul", "KR"), ("ja", "Asia/Tokyo", "JP"))


def group_count(initiatives: int) -> int:
    return max(MIN_GROUPS, min(MAX_GROUPS, initiatives // INITIATIVES_PER_GROUP))


def members_per_group(initiatives: int, users: int) -> int:
    return max(2, users // 10 // group_count(initiatives))


def users_needed(initiatives: int) -> int:
    """The fewest users a programme of this size can be built with (two sign-ins, coordinators, members)."""
    groups = group_count(initiatives)
    coordinated = len(range(0, groups, COORDINATED_EVERY))
    return 2 + 2 * groups - coordinated + 2 * groups


def big_initiative_index(initiatives: int) -> int:
    """A group-0 initiative in the middle of the list that every signed-in user may read."""
    groups = group_count(initiatives)
    index = initiatives // 2 // groups * groups
    while index // groups % 5 == 4 or index >= initiatives:  # restricted, or past the end: step back a round
        index -= groups
    return max(index, 0)


def slug_of(index: int) -> str:
    return f"bench-initiative-{index:05d}"


def programme_today() -> datetime.date:
    """The day stored health is computed for, when the project defines one; else the local date."""
    if importlib.util.find_spec("proposals.figures") is not None:
        from proposals import figures

        if hasattr(figures, "programme_day"):
            day: datetime.date = figures.programme_day()
            return day
    return timezone.localdate()


def chunked(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def insert(model: type[models.Model], rows: Iterable[Any]) -> list[Any]:
    return model._default_manager.bulk_create(list(rows), batch_size=BATCH)


@dataclasses.dataclass
class Summary:
    """What the command reports: sign-ins, the big initiative, counts and time taken."""

    initiatives: int
    users: int
    groups: int
    coordinator_groups: int = 0
    review_waiting: int = 0
    big_slug: str = ""
    owner: str = ""
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)


class Programme:
    """Generates the rows; ``run`` inserts everything in one transaction."""

    def __init__(self, *, initiatives: int, users: int, big_initiative: bool, seed: int, password_hash: str) -> None:
        self.n, self.users, self.big = initiatives, users, big_initiative
        self.rng = random.Random(seed)
        self.password_hash = password_hash
        self.groups_n = group_count(initiatives)
        self.now = timezone.now()
        self.today = programme_today()
        self.big_index = big_initiative_index(initiatives) if big_initiative else -1
        self.group_ids: list[int] = []
        self.user_ids: list[int] = []
        self.coordinators: dict[int, list[int]] = {}
        self.members: dict[int, list[int]] = {}
        self.initiative_ids: list[int] = []
        self.owner_pairs: set[tuple[int, int]] = set()

    def day(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

    # --- people -------------------------------------------------------------------------------------

    def create_people(self) -> None:
        groups = insert(
            WorkingGroup,
            (
                WorkingGroup(name=f"Bench working group {g:02d}", slug=f"bench-group-{g:02d}", description="Generated.")
                for g in range(self.groups_n)
            ),
        )
        self.group_ids = [g.pk for g in groups]
        people = []
        for n in range(self.users):
            # The two sign-ins are English/UTC, so the pages they read do not depend on the catalogues.
            language, zone, country = LANGUAGES[0] if n < 2 else LANGUAGES[n % 3]
            username = {0: STAKEHOLDER, 1: COORDINATOR}.get(n, f"bench.user{n:05d}")
            people.append(
                User(
                    username=username,
                    email=f"{username}@example.org",
                    display_name=f"Bench user {n:05d}",
                    password=self.password_hash,
                    language=language,
                    time_zone=zone,
                    country=country,
                    digest_frequency="weekly",
                )
            )
        self.user_ids = [u.pk for u in insert(User, people)]
        coordinator = self.user_ids[1]
        # Roles go to users drawn at random, so any slice of user ids (a digest batch) mixes roles.
        pool = self.rng.sample(self.user_ids[2:], len(self.user_ids) - 2)
        per_group = members_per_group(self.n, self.users)
        for g in range(self.groups_n):
            first = coordinator if g % COORDINATED_EVERY == 0 else pool.pop()
            self.coordinators[g] = [first, pool.pop()]
        for g in range(self.groups_n):
            self.members[g] = [pool.pop() for _ in range(per_group)]
        insert(
            Membership,
            [
                *(
                    Membership(user_id=u, working_group_id=self.group_ids[g], role="coordinator")
                    for g, pair in self.coordinators.items()
                    for u in pair
                ),
                *(
                    Membership(user_id=u, working_group_id=self.group_ids[g], role="member")
                    for g, ids in self.members.items()
                    for u in ids
                ),
            ],
        )

    # --- initiatives, a chunk at a time ---------------------------------------------------------------

    def create_initiatives(self) -> None:
        for start in range(0, self.n, CHUNK):
            self.create_chunk(range(start, min(start + CHUNK, self.n)))

    def owners_of(self, i: int) -> tuple[int, int]:
        # By the initiative's rank in its group, so every member of the group owns some.
        pool, rank = self.members[i % self.groups_n], i // self.groups_n
        return pool[rank % len(pool)], pool[(rank + 1) % len(pool)]

    @staticmethod
    def status_of(i: int) -> str:
        statuses = [InitiativeStatus.ACTIVE.value] * 3 + list(InitiativeStatus.values)
        return statuses[i % len(statuses)]

    def create_chunk(self, indices: range) -> None:
        pillars = list(Pillar.values)
        rows = insert(
            Initiative,
            (
                Initiative(
                    title=f"Initiative {i:05d}",
                    slug=slug_of(i),
                    summary="A generated initiative.",
                    description="Generated for **benchmarks**.",
                    description_html="<p>Generated for <strong>benchmarks</strong>.</p>",
                    pillar=pillars[i % len(pillars)],
                    status=self.status_of(i),
                    lead_side=("KR", "JP", "joint")[i % 3],
                    working_group_id=self.group_ids[i % self.groups_n],
                    visibility="restricted" if i // self.groups_n % 5 == 4 else "internal",
                    start_date=self.day(-180),
                    target_date=self.day(365),
                    created_by_id=self.coordinators[i % self.groups_n][0],
                )
                for i in indices
            ),
        )
        ids = {i: row.pk for i, row in zip(indices, rows, strict=True)}
        self.initiative_ids += ids.values()
        owners = {i: self.owners_of(i) for i in indices}
        insert(
            InitiativeOwner,
            (
                InitiativeOwner(initiative_id=ids[i], user_id=user, side=side)
                for i in indices
                for user, side in zip(owners[i], (Side.KOREA, Side.JAPAN), strict=True)
            ),
        )
        self.owner_pairs.update((user, ids[i]) for i in indices for user in owners[i])

        milestones = insert(Milestone, (m for i in indices for m in self.milestones(i, ids[i], owners[i])))
        milestones_of: dict[int, list[Milestone]] = {}
        for m in milestones:
            milestones_of.setdefault(m.initiative_id, []).append(m)

        kinds = list(EvidenceLink.Kind.values)
        evidence = insert(
            EvidenceLink,
            (
                EvidenceLink(
                    initiative_id=ids[i],
                    url=f"https://example.org/bench/{i}/{k}",
                    title=f"Evidence {i}.{k}",
                    kind=kinds[(i + k) % len(kinds)],
                    published_on=self.day(-10 * k),
                    added_by_id=owners[i][k % 2],
                    # The first link backs the submitted milestone, if any, so the review queue has evidence to show.
                    milestone=next((m for m in milestones_of[ids[i]] if m.status == "submitted"), None)
                    if k == 0
                    else None,
                )
                for i in indices
                for k in range(EVIDENCE)
            ),
        )
        first_evidence = {link.initiative_id: link for link in evidence[::EVIDENCE]}
        indicators = insert(
            Indicator,
            (
                Indicator(
                    initiative_id=ids[i],
                    name="Trade volume",
                    unit="USD billion",
                    baseline=10,
                    target=30,
                    current_value=10 + i % 15,
                )
                for i in indices
            ),
        )
        insert(
            IndicatorReading,
            (
                IndicatorReading(
                    indicator_id=indicator.pk,
                    date=self.day(-30 * (3 - r)),
                    value=10 + (i % 15) * r / 3,
                    recorded_by_id=owners[i][0],
                    evidence=first_evidence[ids[i]] if r == 3 else None,
                )
                for i, indicator in zip(indices, indicators, strict=True)
                for r in range(4)
            ),
        )
        insert(
            ProgressUpdate,
            (
                ProgressUpdate(
                    initiative_id=ids[i],
                    author_id=owners[i][p],
                    date=self.day(-7 * p),
                    note="Moved forward.",
                    percent=20 + 10 * p,
                    milestone=milestones_of[ids[i]][p],
                )
                for i in indices
                for p in range(2)
            ),
        )
        documents = list(SeedDocument.values)
        insert(
            SourceReference,
            (
                SourceReference(initiative_id=ids[i], document=documents[i % len(documents)], note="Generated.")
                for i in indices
            ),
        )
        comments = insert(Comment, (c for i in indices for c in self.comments(i, ids[i], owners[i])))
        insert(
            CommentRevision,
            (
                CommentRevision(
                    comment=c, body="An earlier text.", body_html="<p>An earlier text.</p>", edited_by_id=c.author_id
                )
                for c in comments[:: 4 * COMMENTS]
            ),
        )
        first_comment = {c.initiative_id: c for c in reversed(comments)}
        insert(
            Activity,
            (
                a
                for i in indices
                for a in self.activity(
                    i,
                    ids[i],
                    owners[i],
                    milestones_of[ids[i]],
                    first_evidence[ids[i]],
                    first_comment[ids[i]],
                    indicators[i - indices.start],
                )
            ),
        )

    def milestones(self, i: int, initiative_id: int, owners: tuple[int, int]) -> Iterator[Milestone]:
        """Mixed states and due dates: some initiatives off track, some at risk, some on track."""
        cycle = list(MilestoneStatus.values)  # planned, in progress, submitted, changes requested, approved, cancelled
        coordinator = self.coordinators[i % self.groups_n][0]
        shift = (i % 7) * 3 - 9
        count = BIG_MILESTONES if i == self.big_index else MILESTONES
        for j in range(count):
            offset = MILESTONE_OFFSETS[j % MILESTONES] + (j // MILESTONES) * 7
            status = cycle[(i + j) % len(cycle)]
            submitted = status in ("submitted", "changes_requested", "approved")
            decided = status in ("changes_requested", "approved")
            yield Milestone(
                initiative_id=initiative_id,
                title=f"Milestone {i:05d}.{j}",
                description="Generated.",
                owner_id=owners[j % 2],
                due_date=self.day(offset + shift),
                weight=1 + (i + j) % 3,
                status=status,
                submitted_by_id=owners[0] if submitted else None,
                submitted_at=self.now - datetime.timedelta(hours=1 + (i * 5 + j) % 200) if submitted else None,
                decided_by_id=coordinator if decided else None,
                decided_at=self.now if decided else None,
            )

    def comments(self, i: int, initiative_id: int, owners: tuple[int, int]) -> Iterator[Comment]:
        coordinator = self.coordinators[i % self.groups_n][0]
        members = self.members[i % self.groups_n]
        count = BIG_COMMENTS if i == self.big_index else COMMENTS
        for c in range(count):
            hidden = (i % 10 == 0 and c == 2) or (count > COMMENTS and c % 50 == 49)
            author = owners[c % 2] if c < COMMENTS else members[c % len(members)]
            yield Comment(
                initiative_id=initiative_id,
                author_id=author,
                body=f"Comment {c} on initiative {i}.",
                body_html=f"<p>Comment {c} on initiative {i}.</p>",
                is_hidden=hidden,
                hidden_by_id=coordinator if hidden else None,
                hidden_at=self.now if hidden else None,
            )

    def activity(
        self,
        i: int,
        initiative_id: int,
        owners: tuple[int, int],
        milestones: list[Milestone],
        link: EvidenceLink,
        comment: Comment,
        indicator: Indicator,
    ) -> Iterator[Activity]:
        """Up to two milestone transitions that led to today's states, then evidence, a comment, and one of an
        indicator reading / status change / progress note, then an edit; the big initiative repeats the mix."""
        group = self.group_ids[i % self.groups_n]
        coordinator = self.coordinators[i % self.groups_n][0]
        moved = [m for m in milestones if m.status in PREVIOUS_STATE]

        def transition(m: Milestone) -> Activity:
            actor = coordinator if m.status in ("approved", "changes_requested") else owners[0]
            return Activity(
                actor_id=actor,
                verb=f"milestone.{m.status}",
                initiative_id=initiative_id,
                milestone=m,
                working_group_id=group,
                details={"old": PREVIOUS_STATE[m.status], "new": m.status, "note": "Generated."},
            )

        def fillers(k: int) -> list[Activity]:
            return [
                Activity(
                    actor_id=owners[1],
                    verb="evidence.added",
                    initiative_id=initiative_id,
                    working_group_id=group,
                    details={"evidence_id": link.pk, "title": link.title, "url": link.url, "kind": link.kind},
                ),
                Activity(
                    actor_id=owners[0],
                    verb="comment.added",
                    initiative_id=initiative_id,
                    working_group_id=group,
                    details={"comment_id": comment.pk, "excerpt": comment.body, "mentioned_user_ids": [owners[1]]},
                ),
                [
                    Activity(
                        actor_id=owners[0],
                        verb="indicator.reading_added",
                        initiative_id=initiative_id,
                        working_group_id=group,
                        details={
                            "indicator_id": indicator.pk,
                            "name": indicator.name,
                            "unit": indicator.unit,
                            "old": "10.00",
                            "new": str(indicator.current_value),
                        },
                    ),
                    Activity(
                        actor_id=coordinator,
                        verb="initiative.status_changed",
                        initiative_id=initiative_id,
                        working_group_id=group,
                        details={"old": "proposed", "new": self.status_of(i), "note": ""},
                    ),
                    Activity(
                        actor_id=owners[1],
                        verb="progress.logged",
                        initiative_id=initiative_id,
                        working_group_id=group,
                        details={"note": "Moved forward."},
                    ),
                ][(i + k) % 3],
                Activity(
                    actor_id=owners[1],
                    verb="initiative.edited",
                    initiative_id=initiative_id,
                    working_group_id=group,
                    details={"changes": ["summary"]},
                ),
            ]

        if i != self.big_index:
            rows = [transition(m) for m in moved[:2]]
            yield from rows + fillers(0)[: ACTIVITY - len(rows)]
            return
        produced, k = 0, 0
        while produced < BIG_ACTIVITY:
            for row in [transition(moved[k % len(moved)]), *fillers(k)][: BIG_ACTIVITY - produced]:
                yield row
                produced += 1
            k += 1

    # --- follows, dates, stored figures ------------------------------------------------------------

    def create_follows(self) -> None:
        def follows() -> Iterator[Follow]:
            yield from (Follow(user_id=u, initiative_id=i, reason="owner") for u, i in sorted(self.owner_pairs))
            for n, user in enumerate(self.user_ids):
                chosen = self.rng.sample(self.initiative_ids, min(FOLLOWS, len(self.initiative_ids)))
                yield from (
                    Follow(user_id=user, initiative_id=i, reason="manual")
                    for i in chosen
                    if (user, i) not in self.owner_pairs
                )
                if n % 10 == 0:
                    yield Follow(
                        user_id=user, working_group_id=self.group_ids[n // 10 % self.groups_n], reason="manual"
                    )

        for batch in chunked(follows(), BATCH * 5):
            insert(Follow, batch)

    def spread_dates(self) -> None:
        # created_at is auto_now_add (bulk_create stamps "now") and Activity refuses .update(): spread activity over
        # the last 14 days and comments over the last 21 in SQL, so periods and "last activity" have something to
        # sort. Comments keep their order of creation on each initiative.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE proposals_activity SET created_at = %s - ((id * 7919) %% 20160) * interval '1 minute' "
                "WHERE initiative_id = ANY(%s)",
                [self.now, self.initiative_ids],
            )
            cursor.execute(
                "WITH ranked AS (SELECT id, row_number() OVER (PARTITION BY initiative_id ORDER BY id) AS position, "
                "count(*) OVER (PARTITION BY initiative_id) AS total FROM proposals_comment "
                "WHERE initiative_id = ANY(%s)) "
                "UPDATE proposals_comment AS c SET created_at = "
                "%s - interval '21 days' * ((ranked.total - ranked.position + 1)::float / ranked.total) "
                "FROM ranked WHERE c.id = ranked.id",
                [self.initiative_ids, self.now],
            )

    def refresh_figures(self) -> float | None:
        """Stored progress and health, when the project stores them: bulk inserts bypass the services."""
        if importlib.util.find_spec("proposals.figures") is None:
            return None
        from proposals import figures

        started = time.perf_counter()
        figures.refresh_all(today=self.today)
        return time.perf_counter() - started

    def run(self) -> Summary:
        summary = Summary(initiatives=self.n, users=self.users, groups=self.groups_n)
        started = time.perf_counter()
        with transaction.atomic():
            self.create_people()
            self.create_initiatives()
            self.create_follows()
            self.spread_dates()
            summary.seconds["insert"] = time.perf_counter() - started
            refreshed = self.refresh_figures()
            if refreshed is not None:
                summary.seconds["figures"] = refreshed
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh tables: let the planner see the real row counts
        coordinated = [self.group_ids[g] for g in range(0, self.groups_n, COORDINATED_EVERY)]
        summary.coordinator_groups = len(coordinated)
        summary.review_waiting = Milestone.objects.filter(
            status=MilestoneStatus.SUBMITTED, initiative__working_group_id__in=coordinated
        ).count()
        summary.big_slug = slug_of(self.big_index) if self.big else ""
        summary.owner = User.objects.get(pk=self.owners_of(0)[0]).username
        summary.seconds["total"] = time.perf_counter() - started
        return summary


class Command(BaseCommand):
    help = "Fill an empty database with a programme of N initiatives and M users for benchmarks (bulk, deterministic)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--initiatives", type=int, required=True, help="Initiatives to generate.")
        parser.add_argument("--users", type=int, required=True, help="Users to generate.")
        parser.add_argument(
            "--big-initiative",
            action="store_true",
            help=f"Give one initiative {BIG_MILESTONES} milestones, {BIG_COMMENTS} comments and "
            f"{BIG_ACTIVITY:,} activity rows.",
        )
        parser.add_argument("--password", help="Password of every generated user (default: a random one, printed).")
        parser.add_argument("--seed", type=int, default=SEED, help=f"Random seed (default {SEED}).")
        parser.add_argument(
            "--force", action="store_true", help="Generate even though the database already holds initiatives or users."
        )

    def handle(
        self,
        *args: Any,
        initiatives: int,
        users: int,
        big_initiative: bool = False,
        password: str | None = None,
        seed: int = SEED,
        force: bool = False,
        **options: Any,
    ) -> None:
        if initiatives < 1:
            raise CommandError("--initiatives must be at least 1.")
        if users < users_needed(initiatives):
            raise CommandError(
                f"--users must be at least {users_needed(initiatives)} for {initiatives} initiatives "
                f"({group_count(initiatives)} working groups, each with coordinators and members)."
            )
        if User.objects.filter(username__in=[STAKEHOLDER, COORDINATOR]).exists():
            raise CommandError("This database already holds generated data; generate into an empty database.")
        if not force and (Initiative.objects.exists() or User.objects.filter(is_superuser=False).exists()):
            raise CommandError(
                "This database already holds initiatives or users. Generate into an empty database, "
                "or pass --force to add the generated programme beside them."
            )
        password = password or secrets.token_urlsafe(12)
        # One hash for every user: hashing thousands of passwords with Argon2 would take minutes.
        programme = Programme(
            initiatives=initiatives,
            users=users,
            big_initiative=big_initiative,
            seed=seed,
            password_hash=make_password(password),
        )
        summary = programme.run()
        if options.get("verbosity", 1) < 1:
            return
        figures = f", stored figures {summary.seconds['figures']:.1f} s" if "figures" in summary.seconds else ""
        lines = [
            f"Generated {initiatives:,} initiatives, {users:,} users and {summary.groups} working groups in "
            f"{summary.seconds['total']:.1f} s (inserts {summary.seconds['insert']:.1f} s{figures}).",
            f"Every generated user's password: {password}",
            f"  coordinator: {COORDINATOR} (coordinates {summary.coordinator_groups} of the working groups, "
            f"{summary.review_waiting:,} milestones waiting for review)",
            f"  stakeholder: {STAKEHOLDER}",
            f"  an owner:    {summary.owner}",
        ]
        if summary.big_slug:
            lines.append(
                f"Big initiative ({BIG_MILESTONES} milestones, {BIG_COMMENTS} comments, {BIG_ACTIVITY:,} "
                f"activity rows): {summary.big_slug}"
            )
        self.stdout.write("\n".join(lines))

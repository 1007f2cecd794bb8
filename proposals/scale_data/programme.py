"""The whole programme: people, then initiatives (``rows``), follows, dates and stored figures."""

from __future__ import annotations

import importlib.util
import random
import time
from collections.abc import Iterator

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Membership, User, WorkingGroup
from proposals.models import (
    Follow,
    Milestone,
    MilestoneStatus,
)

from .rows import InitiativeRows
from .shape import (
    BATCH,
    COORDINATED_EVERY,
    COORDINATOR,
    FOLLOWS,
    LANGUAGES,
    STAKEHOLDER,
    Summary,
    big_initiative_index,
    chunked,
    group_count,
    insert,
    members_per_group,
    programme_today,
    slug_of,
)


class Programme(InitiativeRows):
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
            # Fresh tables: the planner sees the real row counts, and the visibility map lets counts and list pages
            # read indexes alone, as autovacuum would have it on a programme that grew over months. (VACUUM cannot run
            # inside a transaction, as in the tests.)
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        coordinated = [self.group_ids[g] for g in range(0, self.groups_n, COORDINATED_EVERY)]
        summary.coordinator_groups = len(coordinated)
        summary.review_waiting = Milestone.objects.filter(
            status=MilestoneStatus.SUBMITTED, initiative__working_group_id__in=coordinated
        ).count()
        summary.big_slug = slug_of(self.big_index) if self.big else ""
        summary.owner = User.objects.get(pk=self.owners_of(0)[0]).username
        summary.seconds["total"] = time.perf_counter() - started
        return summary

"""The rows of each initiative, generated and inserted a chunk of initiatives at a time."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from proposals.models import (
    Activity,
    Comment,
    CommentRevision,
    EvidenceLink,
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

from .shape import (
    ACTIVITY,
    BIG_ACTIVITY,
    BIG_COMMENTS,
    BIG_MILESTONES,
    CHUNK,
    COMMENTS,
    EVIDENCE,
    MILESTONE_OFFSETS,
    MILESTONES,
    PREVIOUS_STATE,
    insert,
    slug_of,
)


class InitiativeRows:
    """The initiatives and everything hanging off them; mixed into ``Programme``, whose ``__init__`` sets these."""

    n: int
    now: datetime.datetime
    today: datetime.date
    groups_n: int
    big_index: int
    group_ids: list[int]
    coordinators: dict[int, list[int]]
    members: dict[int, list[int]]
    initiative_ids: list[int]
    owner_pairs: set[tuple[int, int]]

    def day(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

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

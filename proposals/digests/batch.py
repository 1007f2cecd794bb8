"""The rows a batch of digest readers needs, loaded with seven queries whatever the batch's size.

The readers' memberships and ownerships (``proposals.access.ReadIndex``, the one read rule, which
offers them to its callers), their follows, the initiatives in scope, the open milestones in scope
that are overdue, due soon or waiting for review (as they stand now), the activity of the verbs a
digest reports since the earliest period start (the people it names joined in), and the hidden
comments in scope.

In scope: the initiatives the readers follow, directly or through a working group; those where a
reader owns or submitted a milestone or is mentioned in a comment; and, for a group's coordinators,
the group's submissions waiting for review.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from django.db.models import Exists, OuterRef, Q

from accounts.models import Membership, User

from .. import batch_titles, health, sides
from ..access import ReadIndex
from ..mail import zone
from ..models import Activity, Comment, Follow, Initiative, Milestone, MilestoneSignoff, MilestoneStatus, Side

Item = dict[str, Any]
V = Activity.Verb
#: Whether each side (Korea, then Japan) has signed a joint milestone: read with the milestone itself.
SIGNED_COLUMNS = {
    f"signed_{side.lower()}": Exists(MilestoneSignoff.objects.filter(milestone=OuterRef("pk"), side=side))
    for side in Side.values
}
DUE_SOON_DAYS = health.AT_RISK_WINDOW_DAYS
DECISIONS = {V.MILESTONE_APPROVED: "approved", V.MILESTONE_CHANGES_REQUESTED: "changes_requested"}
COMMENT_VERBS = (V.COMMENT_ADDED, V.COMMENT_EDITED)
REPORTED_VERBS = (
    *DECISIONS,
    *COMMENT_VERBS,
    V.EVIDENCE_ADDED,
    V.INITIATIVE_STATUS_CHANGED,
    V.INDICATOR_READING_ADDED,
    V.INITIATIVE_HEALTH_CHANGED,
    V.DOMESTIC_STEP_UPDATED,
    V.ASSESSMENT_POSTED,
)
PERSON_FIELDS = ("display_name", "first_name", "last_name", "username")
#: What a digest says of each side's reading beside the computed health (``proposals.sides``).
SIDE_COLUMNS = ("health", "kr_rating", "jp_rating", "disagreement_since")


def standing_of(row: Mapping[str, Any], today: datetime.date) -> Item | None:
    """Each side's latest rating beside the computed health, and whether they disagree; None before any rating."""
    if not row["kr_rating"] and not row["jp_rating"]:
        return None
    return {
        "health": row["health"],
        "KR": row["kr_rating"],
        "JP": row["jp_rating"],
        "disagree": sides.flagged_since(row["disagreement_since"], today),
    }


def iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclasses.dataclass
class Reader:
    """One reader of the batch and what the batch's queries learnt about them."""

    user: User
    start: datetime.datetime
    end: datetime.datetime
    groups: dict[int, str] = dataclasses.field(default_factory=dict)
    followed_initiatives: set[int] = dataclasses.field(default_factory=set)
    followed_groups: set[int] = dataclasses.field(default_factory=set)

    @property
    def pk(self) -> int:
        return self.user.pk

    @property
    def coordinated_groups(self) -> set[int]:
        """Coordinators of a group review its submissions (and are the ones notified and reminded)."""
        return {group for group, role in self.groups.items() if role == Membership.Role.COORDINATOR}

    @property
    def today(self) -> datetime.date:
        """The reader's own date when the period ends: what "due in N days" counts from."""
        return self.end.astimezone(zone(self.user.time_zone)).date()


class OpenMilestone(NamedTuple):
    """A milestone not yet approved or cancelled, as it stands when the digest is built."""

    id: int
    initiative_id: int
    group_id: int
    title: str
    due_date: datetime.date
    status: str
    owner_id: int | None
    owner_name: str
    submitted_by_id: int | None
    submitted_by_name: str
    submitted_at: str | None
    #: A joint milestone needs both sides' sign-off; ``signed`` names the sides that have given it.
    is_joint: bool = False
    signed: tuple[str, ...] = ()


class BatchRows:
    """The rows a batch of readers needs, loaded with seven queries."""

    def __init__(self, readers: list[Reader]) -> None:
        self.readers = readers
        by_id = {reader.pk: reader for reader in readers}
        ids = list(by_id)
        self.index = ReadIndex(reader.user for reader in readers)
        for reader in readers:
            reader.groups = self.index.groups_of(reader.pk)
        for user_id, initiative_id, group_id in Follow.objects.filter(user_id__in=ids).values_list(
            "user_id", "initiative_id", "working_group_id"
        ):
            if initiative_id:
                by_id[user_id].followed_initiatives.add(initiative_id)
            else:
                by_id[user_id].followed_groups.add(group_id)

        self.initiatives: dict[int, Mapping[str, Any]] = {}
        self.initiatives_of_group: dict[int, list[int]] = defaultdict(list)
        self.open_milestones: dict[int, list[OpenMilestone]] = defaultdict(list)  # by initiative
        self.owned_milestones: dict[int, list[OpenMilestone]] = defaultdict(list)  # by owner
        self.submitted_milestones: dict[int, list[OpenMilestone]] = defaultdict(list)  # by submitter
        self.waiting_in_group: dict[int, list[OpenMilestone]] = defaultdict(list)  # submitted, by group
        self.refs: dict[int, Item] = {}  # what an item says of its initiative
        self.standings: dict[int, Item | None] = {}  # each side's reading beside the computed health
        self.activities: list[tuple] = []
        self.hidden_comments: set[int] = set()
        # Titles in each reader language, loaded as columns of the queries below (``proposals.translations``).
        self.titles = batch_titles.TranslatedTitles()
        self._names: dict[int, str] = {}
        if not readers:
            return

        # The readers' follows again as a subquery: their ids make a far shorter statement than the initiatives'.
        follows = Follow.objects.filter(user_id__in=ids)
        followed_q = Q(pk__in=follows.values("initiative_id")) | Q(
            working_group_id__in=follows.values("working_group_id")
        )
        theirs = Milestone.objects.filter(Q(owner_id__in=ids) | Q(submitted_by_id__in=ids)).values("initiative_id")
        mentioned = Comment.mentions.through.objects.filter(user_id__in=ids).values("comment__initiative_id")
        personal_q = Q(pk__in=theirs) | Q(pk__in=mentioned)
        coordinated = set().union(*(r.coordinated_groups for r in readers))
        for row in Initiative.objects.filter(followed_q | personal_q | Q(working_group_id__in=coordinated)).values(
            "id",
            "title",
            "slug",
            "visibility",
            "working_group_id",
            *SIDE_COLUMNS,
            **batch_titles.title_columns("initiative"),
        ):
            self.titles.add_row("initiative", row["id"], row)
            self.initiatives[row["id"]] = row
            self.initiatives_of_group[row["working_group_id"]].append(row["id"])
        self.index.add_initiatives(self.initiatives.values())
        self.refs = {pk: {"id": pk, "title": row["title"], "slug": row["slug"]} for pk, row in self.initiatives.items()}
        today = max(reader.today for reader in readers)
        self.standings = {pk: standing_of(row, today) for pk, row in self.initiatives.items()}

        horizon = max(reader.today for reader in readers) + datetime.timedelta(days=DUE_SOON_DAYS)
        person = [f"{role}__{field}" for role in ("owner", "submitted_by") for field in PERSON_FIELDS]
        milestones = (
            Milestone.objects.exclude(status__in=health.CLOSED_STATUSES)
            .filter(Q(due_date__lte=horizon) | Q(status=MilestoneStatus.SUBMITTED))
            .filter(
                Q(initiative__in=Initiative.objects.filter(followed_q).values("pk"))
                | Q(owner_id__in=ids)
                | Q(submitted_by_id__in=ids)
                | Q(status=MilestoneStatus.SUBMITTED, initiative__working_group_id__in=coordinated)
            )
            .annotate(**batch_titles.title_columns("milestone"), **SIGNED_COLUMNS)
            .values_list(
                "pk",
                "initiative_id",
                "title",
                "due_date",
                "status",
                "owner_id",
                "submitted_by_id",
                "submitted_at",
                "is_joint",
                *SIGNED_COLUMNS,
                *person,
                *batch_titles.TITLE_COLUMNS,
            )
        )
        for row in milestones:
            self.titles.add("milestone", row[0], row[-len(batch_titles.TITLE_COLUMNS) :])
        for pk, initiative_id, title, due, status, owner_id, submitter_id, submitted_at, joint, *rest in (
            row[: -len(batch_titles.TITLE_COLUMNS)] for row in milestones
        ):
            signed, names = rest[: len(SIGNED_COLUMNS)], rest[len(SIGNED_COLUMNS) :]
            initiative = self.initiatives.get(initiative_id)
            if initiative is None:
                continue
            milestone = OpenMilestone(
                pk,
                initiative_id,
                initiative["working_group_id"],
                title,
                due,
                status,
                owner_id,
                self.name(owner_id, names[: len(PERSON_FIELDS)]),
                submitter_id,
                self.name(submitter_id, names[len(PERSON_FIELDS) :]),
                iso(submitted_at),
                joint,
                tuple(side for side, has in zip(Side.values, signed, strict=True) if has),
            )
            self.open_milestones[initiative_id].append(milestone)
            if owner_id is not None:
                self.owned_milestones[owner_id].append(milestone)
            if status == MilestoneStatus.SUBMITTED:
                if submitter_id is not None:
                    self.submitted_milestones[submitter_id].append(milestone)
                self.waiting_in_group[milestone.group_id].append(milestone)

        earliest = min(reader.start for reader in readers)
        end = max(reader.end for reader in readers)
        reported = Initiative.objects.filter(followed_q | personal_q).values("pk")
        activities = list(
            Activity.objects.filter(
                initiative__in=reported,
                verb__in=REPORTED_VERBS,
                created_at__gte=earliest,
                created_at__lt=end,
            )
            .order_by("created_at", "pk")
            .annotate(**batch_titles.title_columns("milestone", "milestone_id"))
            .values_list(
                "pk",
                "verb",
                "created_at",
                "actor_id",
                "initiative_id",
                "milestone_id",
                "details",
                "milestone__title",
                "milestone__due_date",
                "milestone__owner_id",
                "milestone__submitted_by_id",
                *(f"actor__{field}" for field in PERSON_FIELDS),
                *batch_titles.TITLE_COLUMNS,
            )
        )
        for row in activities:
            self.titles.add("milestone", row[5], row[-len(batch_titles.TITLE_COLUMNS) :])
        self.activities = [row[: -len(batch_titles.TITLE_COLUMNS)] for row in activities]
        # Hidden comments are few: all of those in scope, rather than a look-up of every comment in the activity.
        self.hidden_comments = set(
            Comment.objects.filter(initiative__in=reported, is_hidden=True).values_list("pk", flat=True)
        )

    def name(self, user_id: int | None, fields: Iterable[str | None]) -> str:
        """A person's name as ``User.name`` gives it, from the columns joined into a query; once per person."""
        if user_id is None:
            return ""
        if user_id not in self._names:
            self._names[user_id] = User(**{k: v or "" for k, v in zip(PERSON_FIELDS, fields, strict=True)}).name
        return self._names[user_id]

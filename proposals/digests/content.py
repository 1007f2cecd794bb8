"""What a digest says: per reader, a JSON-able dict of sections, built for a whole batch at once.

``build_contents`` runs the same seven queries whatever the number of readers
(memberships, ownerships, follows, initiatives in scope, their milestones,
their activity since the earliest period start, hidden comments) and decides
the rest in Python: what each reader follows, what they may read (asked of
``proposals.access.ReadIndex``, the one read rule, which also supplies the
memberships and ownerships) and what is addressed to them personally.

Scope: the initiatives a reader follows directly or through a working group;
plus, even without following, what is theirs (approvals and change requests of
milestones they own or submitted, mentions of them, milestones they own that
fall due or are overdue, and submissions waiting for their review as
coordinator). The reader's own actions are left out.

Health is not stored: it is derived, as in ``proposals.selectors``, at the
period's start and end from the milestones' states at those instants. The
states are rebuilt from today's rows by undoing, newest first, the milestone
activity recorded since (``created`` → did not exist yet, transitions → the
``old`` status, re-planning → the old due date).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Q

from accounts.models import Membership, User

from .. import health
from ..access import ReadIndex
from ..mail import zone
from ..models import Activity, Comment, Follow, Initiative, Milestone, MilestoneStatus
from ..permissions import decides_own_submission

V = Activity.Verb
SECTIONS = (
    "approved", "awaiting_review", "changes_requested", "due_soon", "overdue", "evidence", "changes", "discussion",
)
DUE_SOON_DAYS = health.AT_RISK_WINDOW_DAYS
CLOSED = health.CLOSED_STATUSES
TRANSITION_VERBS = {
    V.MILESTONE_STARTED, V.MILESTONE_SUBMITTED, V.MILESTONE_APPROVED, V.MILESTONE_CHANGES_REQUESTED,
    V.MILESTONE_CANCELLED,
}
# Activity after a period's end still matters: it is undone to know the milestones' state at the end.
REWIND_VERBS = TRANSITION_VERBS | {V.MILESTONE_CREATED, V.MILESTONE_REPLANNED}


@dataclasses.dataclass
class Reader:
    """One reader of the batch and everything the batch queries learnt about them."""

    user: User
    start: datetime.datetime
    end: datetime.datetime
    groups: dict[int, str] = dataclasses.field(default_factory=dict)
    owned: set[int] = dataclasses.field(default_factory=set)
    followed_initiatives: set[int] = dataclasses.field(default_factory=set)
    followed_groups: set[int] = dataclasses.field(default_factory=set)

    @property
    def pk(self) -> int:
        return self.user.pk

    def follows(self, initiative: Mapping[str, Any]) -> bool:
        return initiative["id"] in self.followed_initiatives or initiative["working_group_id"] in self.followed_groups

    def reviews(self, initiative: Mapping[str, Any]) -> bool:
        """Coordinators of the group review its submissions (and are the ones notified and reminded)."""
        return self.groups.get(initiative["working_group_id"]) == Membership.Role.COORDINATOR

    def local_day(self, moment: datetime.datetime) -> datetime.date:
        return moment.astimezone(zone(self.user.time_zone)).date()


@dataclasses.dataclass
class MilestoneState:
    id: int
    initiative_id: int
    title: str
    due_date: datetime.date
    status: str
    owner_id: int | None
    owner_name: str
    submitted_by_id: int | None
    submitted_by_name: str
    submitted_at: datetime.datetime | None
    exists: bool = True


class MilestoneTimeline:
    """A milestone's state today, and at any earlier instant by undoing its activity newest first."""

    def __init__(self, current: MilestoneState):
        self.current = current
        self.changes: list[Activity] = []  # newest first
        self._cache: dict[datetime.datetime, MilestoneState] = {}

    def at(self, moment: datetime.datetime) -> MilestoneState:
        if moment not in self._cache:
            state = dataclasses.replace(self.current)
            for activity in self.changes:
                if activity.created_at < moment:
                    break
                details = activity.details or {}
                if activity.verb == V.MILESTONE_CREATED:
                    state.exists = False
                elif activity.verb == V.MILESTONE_REPLANNED and details.get("old_due_date"):
                    state.due_date = datetime.date.fromisoformat(details["old_due_date"])
                elif activity.verb in TRANSITION_VERBS and details.get("old"):
                    state.status = details["old"]
            self._cache[moment] = state
        return self._cache[moment]


def health_of(states: Iterable[MilestoneState], today: datetime.date) -> str:
    """``proposals.health`` on the milestones as they stood at some instant (those that existed then)."""
    return health.evaluate((state for state in states if state.exists), today)


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


def _name(user) -> str:
    return user.name if user is not None else ""


class BatchRows:
    """The rows a batch of readers needs, loaded with a fixed number of queries."""

    def __init__(self, readers: list[Reader]):
        self.readers = readers
        by_id = {reader.pk: reader for reader in readers}
        ids = list(by_id)
        self.index = ReadIndex(reader.user for reader in readers)
        for reader in readers:
            reader.groups = self.index.groups_of(reader.pk)
            reader.owned = self.index.owned_by(reader.pk)
        for user_id, initiative_id, group_id in Follow.objects.filter(user_id__in=ids).values_list(
            "user_id", "initiative_id", "working_group_id"
        ):
            if initiative_id:
                by_id[user_id].followed_initiatives.add(initiative_id)
            else:
                by_id[user_id].followed_groups.add(group_id)

        initiative_ids = set().union(*(r.followed_initiatives | r.owned for r in readers)) if readers else set()
        group_ids = set().union(
            *(r.followed_groups | {g for g, role in r.groups.items() if role == Membership.Role.COORDINATOR}
              for r in readers)
        ) if readers else set()
        theirs = Milestone.objects.filter(Q(owner_id__in=ids) | Q(submitted_by_id__in=ids)).values("initiative_id")
        scope = Q(pk__in=initiative_ids) | Q(working_group_id__in=group_ids) | Q(pk__in=theirs)
        self.initiatives: dict[int, Mapping[str, Any]] = {
            row["id"]: row
            for row in Initiative.objects.filter(scope).values(
                "id", "title", "slug", "visibility", "working_group_id", "status"
            )
        }
        self.index.add_initiatives(self.initiatives.values())

        self.earliest = min((r.start for r in readers), default=None)
        self.end = max((r.end for r in readers), default=None)
        self.timelines: dict[int, MilestoneTimeline] = {}
        self.activities: list[Activity] = []
        self.hidden_comments: set[int] = set()
        self.milestones_of: dict[int, list[MilestoneTimeline]] = defaultdict(list)
        self._health: dict[tuple, str] = {}
        if not self.initiatives:
            return
        scope_ids = list(self.initiatives)
        milestones = (
            Milestone.objects.filter(initiative_id__in=scope_ids)
            .filter(~Q(status__in=CLOSED) | Q(updated_at__gte=self.earliest))
            .select_related("owner", "submitted_by")
        )
        for m in milestones:
            self.timelines[m.pk] = MilestoneTimeline(MilestoneState(
                id=m.pk, initiative_id=m.initiative_id, title=m.title, due_date=m.due_date, status=m.status,
                owner_id=m.owner_id, owner_name=_name(m.owner), submitted_by_id=m.submitted_by_id,
                submitted_by_name=_name(m.submitted_by), submitted_at=m.submitted_at,
            ))
        self.activities = list(
            Activity.objects.filter(initiative_id__in=scope_ids, created_at__gte=self.earliest)
            .filter(Q(created_at__lt=self.end) | Q(verb__in=REWIND_VERBS))
            .select_related("actor", "milestone")
            .order_by("created_at", "pk")
        )
        for activity in reversed(self.activities):
            timeline = self.timelines.get(activity.milestone_id) if activity.milestone_id is not None else None
            if timeline is not None and activity.verb in REWIND_VERBS:
                timeline.changes.append(activity)
        comment_ids = {
            a.details.get("comment_id") for a in self.activities if a.verb in (V.COMMENT_ADDED, V.COMMENT_EDITED)
        } - {None}
        self.hidden_comments = set(
            Comment.objects.filter(pk__in=comment_ids, is_hidden=True).values_list("pk", flat=True)
        )
        for timeline in self.timelines.values():
            self.milestones_of[timeline.current.initiative_id].append(timeline)

    def health(self, initiative_id: int, moment: datetime.datetime, today: datetime.date) -> str:
        key = (initiative_id, moment, today)
        if key not in self._health:
            self._health[key] = health_of((t.at(moment) for t in self.milestones_of.get(initiative_id, ())), today)
        return self._health[key]


def _initiative_ref(initiative: Mapping[str, Any]) -> dict:
    return {"id": initiative["id"], "title": initiative["title"], "slug": initiative["slug"]}


def _milestone_ref(state: MilestoneState | None, milestone: Milestone | None = None) -> dict | None:
    if state is not None:
        return {"id": state.id, "title": state.title, "due_date": _iso(state.due_date)}
    if milestone is not None:
        return {"id": milestone.pk, "title": milestone.title, "due_date": _iso(milestone.due_date)}
    return None


def content_for(reader: Reader, batch: BatchRows) -> dict:
    """The sections of one reader's digest (see the module docstring for what is in scope)."""
    sections: dict[str, list] = {key: [] for key in SECTIONS}
    user_id = reader.pk
    today = reader.local_day(reader.end)
    first_day = reader.local_day(reader.start)
    status_changes: dict[int, dict] = {}
    indicator_changes: dict[int, dict] = {}
    comments: dict[int | None, dict] = {}

    for activity in batch.activities:
        if not (reader.start <= activity.created_at < reader.end) or activity.actor_id == user_id:
            continue
        initiative = batch.initiatives.get(activity.initiative_id) if activity.initiative_id is not None else None
        if initiative is None or not batch.index.can_read(user_id, initiative["id"]):
            continue
        follows = reader.follows(initiative)
        details = activity.details or {}
        timeline = batch.timelines.get(activity.milestone_id) if activity.milestone_id is not None else None
        milestone = activity.milestone
        base = {
            "initiative": _initiative_ref(initiative),
            "milestone": _milestone_ref(timeline.current if timeline else None, milestone),
            "actor": _name(activity.actor),
            "at": _iso(activity.created_at),
        }
        verb = activity.verb
        if verb in (V.MILESTONE_APPROVED, V.MILESTONE_CHANGES_REQUESTED):
            mine = milestone is not None and user_id in (milestone.owner_id, milestone.submitted_by_id)
            if follows or mine:
                key = "approved" if verb == V.MILESTONE_APPROVED else "changes_requested"
                sections[key].append({**base, "note": details.get("note", ""), "mine": mine})
        elif verb == V.EVIDENCE_ADDED and follows:
            sections["evidence"].append({**base, "title": details.get("title", ""), "url": details.get("url", ""),
                                         "kind": details.get("kind", "")})
        elif verb == V.INITIATIVE_STATUS_CHANGED and follows:
            change = status_changes.setdefault(
                initiative["id"], {**base, "change": "status", "old": details.get("old")}
            )
            change.update(new=details.get("new"), actor=base["actor"], at=base["at"])
        elif verb == V.INDICATOR_READING_ADDED and follows and details.get("indicator_id"):
            change = indicator_changes.setdefault(details["indicator_id"], {
                **base, "change": "indicator", "name": details.get("name", ""), "unit": details.get("unit", ""),
                "old": details.get("old"),
            })
            change.update(new=details.get("new"), actor=base["actor"], at=base["at"])
        elif verb in (V.COMMENT_ADDED, V.COMMENT_EDITED):
            comment_id = details.get("comment_id")
            mentions_me = user_id in (details.get("mentioned_user_ids") or [])
            if comment_id in batch.hidden_comments:
                continue
            if comment_id in comments:  # an edit of a comment already listed: show its latest text
                comments[comment_id].update(excerpt=details.get("excerpt", ""),
                                            mentions_me=comments[comment_id]["mentions_me"] or mentions_me)
            elif (verb == V.COMMENT_ADDED and (follows or mentions_me)) or (verb == V.COMMENT_EDITED and mentions_me):
                comments[comment_id] = {**base, "comment_id": comment_id, "excerpt": details.get("excerpt", ""),
                                        "mentions_me": mentions_me, "edited": verb == V.COMMENT_EDITED}
                sections["discussion"].append(comments[comment_id])

    for initiative_id, initiative in batch.initiatives.items():
        if not (batch.index.can_read(user_id, initiative_id) and reader.follows(initiative)):
            continue
        before = batch.health(initiative_id, reader.start, first_day)
        after = batch.health(initiative_id, reader.end, today)
        if before != after:
            sections["changes"].append({
                "initiative": _initiative_ref(initiative), "milestone": None, "change": "health",
                "old": before, "new": after, "actor": "", "at": _iso(reader.end),
            })
    sections["changes"].extend(c for c in status_changes.values() if c["old"] != c["new"])
    sections["changes"].extend(c for c in indicator_changes.values() if c["old"] != c["new"])

    for timeline in batch.timelines.values():
        state = timeline.at(reader.end)
        initiative = batch.initiatives[state.initiative_id]
        if not state.exists or state.status in CLOSED or not batch.index.can_read(user_id, initiative["id"]):
            continue
        follows = reader.follows(initiative)
        item = {"initiative": _initiative_ref(initiative), "milestone": _milestone_ref(state),
                "owner": state.owner_name, "mine": state.owner_id == user_id}
        if state.status == MilestoneStatus.SUBMITTED:
            for_me = reader.reviews(initiative) and not decides_own_submission(user_id, state.submitted_by_id)
            if follows or for_me or user_id in (state.owner_id, state.submitted_by_id):
                sections["awaiting_review"].append({
                    **item, "submitted_by": state.submitted_by_name, "submitted_at": _iso(state.submitted_at),
                    "for_my_review": for_me,
                })
        if not (follows or item["mine"]):
            continue
        days = (state.due_date - today).days
        if days < 0:
            sections["overdue"].append({**item, "days": -days})
        elif days <= DUE_SOON_DAYS:
            sections["due_soon"].append({**item, "days": days, "status": state.status})

    sections["awaiting_review"].sort(
        key=lambda i: (not i["for_my_review"], i["submitted_at"] or "", i["milestone"]["id"])
    )
    sections["due_soon"].sort(key=lambda i: (i["milestone"]["due_date"], i["milestone"]["id"]))
    sections["overdue"].sort(key=lambda i: (i["milestone"]["due_date"], i["milestone"]["id"]))
    sections["changes"].sort(key=lambda i: (i["initiative"]["title"], i["change"], i.get("name", "")))
    sections["discussion"].sort(key=lambda i: (not i["mentions_me"], i["at"]))
    return {
        "period": {"start": _iso(reader.start), "end": _iso(reader.end)},
        "sections": sections,
        "counts": {key: len(items) for key, items in sections.items()},
    }


def is_empty(content: dict) -> bool:
    return not any(content.get("sections", {}).values())


def build_contents(users, *, period_end: datetime.datetime, starts: dict[int, datetime.datetime]) -> dict[int, dict]:
    """Every user's digest content for the period ``starts[user.pk]`` .. ``period_end``; a fixed number of queries.

    ``users`` are User objects (already loaded); the result maps user id to a
    JSON-able dict ``{"period", "sections", "counts"}``.
    """
    readers = [Reader(user=user, start=starts[user.pk], end=period_end) for user in users]
    batch = BatchRows(readers)
    return {reader.pk: content_for(reader, batch) for reader in readers}


def initiative_ids_in(content: dict) -> set[int]:
    """Every initiative a stored digest content mentions."""
    return {item["initiative"]["id"] for items in content.get("sections", {}).values() for item in items}


def without_unreadable(content: dict, user_id: int, index: ReadIndex) -> dict | None:
    """``content`` less the items on initiatives the user may no longer read; ``None`` when nothing goes.

    A digest is built when its period ends and may be mailed or opened later;
    by then an initiative in it may have become restricted for its reader.
    """
    sections = content.get("sections", {})
    kept = {key: [i for i in items if index.can_read(user_id, i["initiative"]["id"])] for key, items in sections.items()}
    if all(len(kept[key]) == len(items) for key, items in sections.items()):
        return None
    return {**content, "sections": kept, "counts": {key: len(items) for key, items in kept.items()}}

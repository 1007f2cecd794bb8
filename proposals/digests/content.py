"""What a digest says: per reader, a JSON-able dict of sections, built for a whole batch at once.

``build_contents`` loads the batch's rows with seven queries, whatever the number of readers, of
initiatives in scope or of activity (``batch``); works out what happened to each initiative during
each period the readers have (``happenings``), once, for all of them; then assembles each reader's
sections here from the initiatives they follow (directly or through a working group) plus what is
addressed to them even without following: decisions on milestones they own or submitted, comments
that mention them, their own milestones that are overdue or due soon and, as a group's coordinator,
the submissions waiting for their review (never their own: ``permissions.decides_own_submission``).
Everything passes ``ReadIndex.can_read``; the reader's own actions are left out.

"Due soon", "overdue" and "awaiting review" are the milestones' state when the digest is built;
health changes are read from the period's ``initiative.health_changed`` activity.

A section keeps its first items in order (``SHOWN``; a coordinator's review queue
``SHOWN_FOR_REVIEW``, oldest first) and counts them all (``totals``), so that a long section reads
"and N more" with a link to the site. The content is ``{"period", "sections", "counts", "totals",
"review_waiting"}``: ``counts`` are the items listed, ``review_waiting`` the submissions waiting for
the reader's own review.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import NamedTuple

from accounts.models import User

from .. import batch_titles, mail
from ..access import ReadIndex
from ..models import MilestoneStatus
from ..permissions import awaited_sides, decides_own_submission, side_of
from .batch import DUE_SOON_DAYS, BatchRows, Item, OpenMilestone, Reader, iso
from .happenings import Period

SECTIONS = (
    "approved",
    "awaiting_review",
    "changes_requested",
    "due_soon",
    "overdue",
    "evidence",
    "changes",
    "discussion",
)
#: The first items of a section that a digest lists; the rest are counted and linked.
SHOWN = 10
#: A coordinator's review queue: the oldest few, then the queue itself on the site.
SHOWN_FOR_REVIEW = 5


class Entry(NamedTuple):
    """A candidate line of a section: sorted by ``key``, listed once per ``identity``, left out for its ``actors``.

    ``item`` is the item itself, or for a milestone what makes it (``Assembler.milestone_item``'s arguments):
    most candidates are counted, not listed, and are never made.
    """

    key: tuple
    identity: Hashable
    actors: tuple[int | None, ...]
    item: Item | tuple[OpenMilestone, str, bool, tuple]


def _entry_key(entry: Entry) -> tuple:
    return entry.key


def _change_entry(item: Item, actors: tuple[int | None, ...]) -> Entry:
    key = (item["initiative"]["title"], item["change"], item.get("name", ""))
    return Entry(key, (item["initiative"]["id"], item["change"], item.get("name", "")), actors, item)


class Assembler:
    """Each reader's digest from the batch's rows and the periods they share.

    What an initiative shows every follower during a period (``shared``) is made once per batch, as
    entries ready to sort; a reader's sections are the entries of the initiatives they follow plus
    their personal ones, each section sorted and cut once.
    """

    def __init__(self, rows: BatchRows) -> None:
        self.rows = rows
        self.periods: dict[tuple[datetime.datetime, datetime.datetime], Period] = {}
        self._shared: dict[tuple, list[tuple[str, list[Entry]]]] = {}
        self._milestone_items: dict[tuple, Item] = {}
        self._localized: dict[tuple, Item] = {}

    def period(self, reader: Reader) -> Period:
        key = (reader.start, reader.end)
        if key not in self.periods:
            self.periods[key] = Period(self.rows, reader.start, reader.end)
        return self.periods[key]

    def followed(self, reader: Reader) -> set[int]:
        """The readable initiatives the reader follows, directly or through a working group."""
        rows, uid = self.rows, reader.pk
        ids = {pk for pk in reader.followed_initiatives if pk in rows.initiatives}
        for group_id in reader.followed_groups:
            ids.update(rows.initiatives_of_group.get(group_id, ()))
        return {pk for pk in ids if rows.index.can_read(uid, pk)}

    def milestone_item(self, milestone: OpenMilestone, section: str, mine: bool, extra: tuple) -> Item:
        key = (milestone.id, section, mine, extra)
        item = self._milestone_items.get(key)
        if item is None:
            item = {
                "initiative": self.rows.refs[milestone.initiative_id],
                "milestone": {"id": milestone.id, "title": milestone.title, "due_date": iso(milestone.due_date)},
                "owner": milestone.owner_name,
                "mine": mine,
            }
            if section == "awaiting_review":
                item.update(
                    submitted_by=milestone.submitted_by_name,
                    submitted_at=milestone.submitted_at,
                    for_my_review=extra[0],
                )
                if milestone.is_joint:  # which side has signed, which is awaited
                    item.update(signed=list(milestone.signed), pending=awaited_sides(milestone.signed))
            elif section == "due_soon":
                item.update(days=extra[0], status=milestone.status)
            else:
                item.update(days=extra[0])
            self._milestone_items[key] = item
        return item

    def due_entry(self, milestone: OpenMilestone, today: datetime.date, mine: bool) -> tuple[str, Entry] | None:
        """The milestone as overdue or due soon for a reader on ``today``; None when it is neither."""
        days = (milestone.due_date - today).days
        key = (not mine, milestone.due_date, milestone.id)
        if days < 0:
            return "overdue", Entry(key, milestone.id, (), (milestone, "overdue", mine, (-days,)))
        if days <= DUE_SOON_DAYS:
            return "due_soon", Entry(key, milestone.id, (), (milestone, "due_soon", mine, (days,)))
        return None

    def shared(self, period: Period, initiative_id: int, today: datetime.date) -> list[tuple[str, list[Entry]]]:
        """What one initiative shows each of its followers during ``period``, section by section."""
        cache_key = (period.start, period.end, initiative_id, today)
        found = self._shared.get(cache_key)
        if found is not None:
            return found
        entries: dict[str, list[Entry]] = defaultdict(list)
        week = period.weeks.get(initiative_id)
        if week is not None:
            for event in week.decisions:
                entries[event.section].append(
                    Entry((True, event.item["at"], event.id), event.id, (event.actor_id,), event.item)
                )
            for event in week.evidence:
                entries["evidence"].append(Entry((event.item["at"], event.id), event.id, (event.actor_id,), event.item))
            if week.health is not None:
                entries["changes"].append(_change_entry(week.health, ()))
            for event in week.domestic:
                entries["changes"].append(_change_entry(event.item, (event.actor_id,)))
            for event in week.assessments:
                entries["changes"].append(_change_entry(event.item, (event.actor_id,)))
            for run in (week.status, *week.indicators.values()):
                if run is not None and (change := run.shared()) is not None:
                    entries["changes"].append(_change_entry(change, run.actors))
            for thread in week.threads:
                if thread.added:
                    entries["discussion"].append(
                        Entry(
                            (True, thread.item["at"], thread.comment_id),
                            thread.comment_id,
                            (thread.actor_id,),
                            thread.item,
                        )
                    )
        for m in self.rows.open_milestones.get(initiative_id, ()):
            if m.status == MilestoneStatus.SUBMITTED:
                entries["awaiting_review"].append(
                    Entry((True, m.submitted_at or "", m.id), m.id, (), (m, "awaiting_review", False, (False,)))
                )
            if (due := self.due_entry(m, today, mine=False)) is not None:
                entries[due[0]].append(due[1])
        found = self._shared[cache_key] = list(entries.items())
        return found

    def personal(self, reader: Reader, followed: set[int], period: Period, lists: dict[str, list[Entry]]) -> int:
        """Add what is addressed to the reader; returns how many submissions wait for their own review."""
        rows, uid = self.rows, reader.pk
        can_read = rows.index.can_read
        for event in period.decisions_for.get(uid, ()):
            if can_read(uid, event.initiative_id):
                item = event.for_reader(uid)
                lists[event.section].append(Entry((False, item["at"], event.id), event.id, (event.actor_id,), item))
        for thread in period.mentions_for.get(uid, ()):
            if can_read(uid, thread.initiative_id):
                item = thread.for_reader(uid)
                lists["discussion"].append(
                    Entry((False, item["at"], thread.comment_id), thread.comment_id, (thread.actor_id,), item)
                )
        for initiative_id, run in period.runs_by_actor.get(uid, ()):
            # The shared net change counts the reader's own steps: theirs is netted without them.
            if initiative_id in followed and (change := run.for_reader(uid)) is not None:
                lists["changes"].append(_change_entry(change, ()))

        coordinated = reader.coordinated_groups
        milestones: dict[int, OpenMilestone] = {}
        for source in (
            rows.owned_milestones.get(uid, ()),
            rows.submitted_milestones.get(uid, ()),
            *(rows.waiting_in_group.get(group_id, ()) for group_id in coordinated),
        ):
            milestones.update((m.id, m) for m in source)
        today, review_waiting = reader.today, 0
        side = side_of(reader.user)
        for m in milestones.values():
            if not can_read(uid, m.initiative_id):
                continue
            mine = m.owner_id == uid
            if m.status == MilestoneStatus.SUBMITTED:
                # A joint milestone is for a coordinator's review while their side has not signed it.
                for_me = (
                    m.group_id in coordinated
                    and not decides_own_submission(uid, m.submitted_by_id)
                    and (not m.is_joint or side in awaited_sides(m.signed))
                )
                review_waiting += for_me
                if for_me or uid in (m.owner_id, m.submitted_by_id):
                    key = (not for_me, m.submitted_at or "", m.id)
                    lists["awaiting_review"].append(Entry(key, m.id, (), (m, "awaiting_review", mine, (for_me,))))
            if mine and (due := self.due_entry(m, today, mine=True)) is not None:
                lists[due[0]].append(due[1])
        return review_waiting

    def content(self, reader: Reader) -> dict:
        uid, period = reader.pk, self.period(reader)
        followed = self.followed(reader)
        lists: dict[str, list[Entry]] = {key: [] for key in SECTIONS}
        # Personal entries go first: where one ties with a follower's entry, the sort keeps it first.
        review_waiting = self.personal(reader, followed, period, lists)
        today = reader.today
        for initiative_id in followed:
            for section, entries in self.shared(period, initiative_id, today):
                lists[section].extend(entries)
        listed: dict[str, list[Item]] = {}
        totals: dict[str, int] = {}
        for key in SECTIONS:
            shown = SHOWN_FOR_REVIEW if key == "awaiting_review" and review_waiting else SHOWN
            entries = lists[key]
            entries.sort(key=_entry_key)
            seen: set[Hashable] = set()
            items: list[Item] = []
            for entry in entries:
                if entry.identity in seen or uid in entry.actors:
                    continue
                seen.add(entry.identity)
                if len(items) < shown:
                    item = entry.item
                    items.append(item if isinstance(item, dict) else self.milestone_item(*item))
            listed[key], totals[key] = items, len(seen)
        language = mail.language_of(reader.user)
        listed = batch_titles.localize_with(
            {"sections": listed}, language, self.rows.titles.in_language(language), self._localized
        )["sections"]
        return {
            "period": {"start": iso(reader.start), "end": iso(reader.end)},
            "sections": listed,
            "counts": {key: len(items) for key, items in listed.items()},
            "totals": totals,
            "review_waiting": review_waiting,
        }


def is_empty(content: dict) -> bool:
    return not any(content.get("sections", {}).values())


def build_contents(
    users: Iterable[User], *, period_end: datetime.datetime, starts: dict[int, datetime.datetime]
) -> dict[int, dict]:
    """Every user's digest content for the period ``starts[user.pk]`` .. ``period_end``; seven queries.

    ``users`` are User objects (already loaded); the result maps user id to a JSON-able dict
    ``{"period", "sections", "counts", "totals", "review_waiting"}``: ``sections`` hold each section's
    first items, ``counts`` how many are listed and ``totals`` how many there are.
    """
    readers = [Reader(user=user, start=starts[user.pk], end=period_end) for user in users]
    assembler = Assembler(BatchRows(readers))
    return {reader.pk: assembler.content(reader) for reader in readers}


def initiative_ids_in(content: dict) -> set[int]:
    """Every initiative a stored digest content mentions."""
    return {item["initiative"]["id"] for items in content.get("sections", {}).values() for item in items}


def without_unreadable(content: dict, user_id: int, index: ReadIndex) -> dict | None:
    """``content`` less the items on initiatives the user may no longer read; ``None`` when nothing goes.

    A digest is built when its period ends and may be mailed or opened later;
    by then an initiative in it may have become restricted for its reader.
    """
    sections = content.get("sections", {})
    kept = {
        key: [item for item in items if index.can_read(user_id, item["initiative"]["id"])]
        for key, items in sections.items()
    }
    if all(len(kept[key]) == len(items) for key, items in sections.items()):
        return None
    totals = content.get("totals") or {}
    dropped = {key: len(items) - len(kept[key]) for key, items in sections.items()}
    review_dropped = sum(
        1
        for item in sections.get("awaiting_review", [])
        if item.get("for_my_review") and item not in kept["awaiting_review"]
    )
    return {
        **content,
        "sections": kept,
        "counts": {key: len(items) for key, items in kept.items()},
        "totals": {key: max(len(kept[key]), totals.get(key, len(sections[key])) - dropped[key]) for key in kept},
        "review_waiting": max(0, content.get("review_waiting", 0) - review_dropped),
    }

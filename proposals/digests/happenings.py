"""What happened to each initiative in scope during a period, worked out once for every reader who shares it.

From the batch's activity rows (``batch.BatchRows``): decisions on milestones, new evidence, changes
of status and of indicators (netted first old → last new, so a value that changed and changed back
is no news), changes of health (recorded as ``initiative.health_changed`` by ``proposals.figures``
whenever the stored health changes) and comments, with their latest text. Each is made into the
JSON-able item a digest stores, once; what differs between readers (their own actions, "mine",
"mentions me") is decided by the assembly in ``content``.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from typing import Any, NamedTuple

from .batch import COMMENT_VERBS, DECISIONS, BatchRows, Item, V, iso


@dataclasses.dataclass(eq=False)
class Event:
    """One reported activity (a decision, new evidence) as every reader sees it."""

    id: int
    section: str
    initiative_id: int
    actor_id: int | None
    item: Item
    #: Whose milestone a decision is on (its owner and submitter): for them the item says ``mine``.
    concerned: tuple[int | None, ...] = ()
    _mine: Item | None = None

    def for_reader(self, reader_id: int) -> Item:
        if reader_id not in self.concerned:
            return self.item
        if self._mine is None:
            self._mine = {**self.item, "mine": True}
        return self._mine


class Step(NamedTuple):
    """One change of a value: by whom (id and name), from what, to what, when."""

    actor_id: int | None
    old: Any
    new: Any
    actor: str
    at: str | None


@dataclasses.dataclass(eq=False)
class ChangeRun:
    """Successive changes of one value in the period (a status, an indicator), netted first old → last new."""

    base: Item
    steps: list[Step] = dataclasses.field(default_factory=list)
    _shared: Item | None = None
    _netted: bool = False

    @property
    def actors(self) -> tuple[int | None, ...]:
        return tuple({step.actor_id for step in self.steps})

    def shared(self) -> Item | None:
        """The net change over every step; None when the value ended where it started."""
        if not self._netted:
            self._shared, self._netted = self.net(self.steps), True
        return self._shared

    def for_reader(self, reader_id: int) -> Item | None:
        """The net change less the reader's own steps; None when, for them, nothing changed."""
        if all(step.actor_id != reader_id for step in self.steps):
            return self.shared()
        return self.net([step for step in self.steps if step.actor_id != reader_id])

    def net(self, steps: list[Step]) -> Item | None:
        if not steps or steps[0].old == steps[-1].new:
            return None
        return {**self.base, "old": steps[0].old, "new": steps[-1].new, "actor": steps[-1].actor, "at": steps[-1].at}


@dataclasses.dataclass(eq=False)
class Thread:
    """One comment's activity in the period: added and/or edited, with its latest text."""

    comment_id: int
    initiative_id: int
    actor_id: int | None
    added: bool
    item: Item
    mentioned: set[int] = dataclasses.field(default_factory=set)
    _mentioning: Item | None = None

    def for_reader(self, reader_id: int) -> Item:
        if reader_id not in self.mentioned:
            return self.item
        if self._mentioning is None:
            self._mentioning = {**self.item, "mentions_me": True}
        return self._mentioning


@dataclasses.dataclass
class InitiativeWeek:
    """What happened to one initiative during one period."""

    decisions: list[Event] = dataclasses.field(default_factory=list)
    evidence: list[Event] = dataclasses.field(default_factory=list)
    status: ChangeRun | None = None
    indicators: dict[int, ChangeRun] = dataclasses.field(default_factory=dict)
    health: Item | None = None
    threads: list[Thread] = dataclasses.field(default_factory=list)
    #: Domestic steps completed ("Japan completed: Cabinet decision").
    domestic: list[Event] = dataclasses.field(default_factory=list)
    #: Each side's assessments posted ("Japan says at risk (was on track)").
    assessments: list[Event] = dataclasses.field(default_factory=list)


class Period:
    """What happened to every initiative in scope during [start, end): once for all the readers who share it."""

    def __init__(self, rows: BatchRows, start: datetime.datetime, end: datetime.datetime) -> None:
        self.start, self.end = start, end
        self.weeks: dict[int, InitiativeWeek] = defaultdict(InitiativeWeek)
        self.runs_by_actor: dict[int, list[tuple[int, ChangeRun]]] = defaultdict(list)
        self.decisions_for: dict[int, list[Event]] = defaultdict(list)  # by the milestone's owner and submitter
        self.mentions_for: dict[int, list[Thread]] = defaultdict(list)
        threads: dict[int, Thread] = {}
        health_steps: dict[int, list[Step]] = defaultdict(list)
        for (
            pk,
            verb,
            created_at,
            actor_id,
            initiative_id,
            milestone_id,
            details,
            m_title,
            m_due,
            m_owner,
            m_submitter,
            *actor_fields,
        ) in rows.activities:
            if not start <= created_at < end:
                continue
            details = details or {}
            week = self.weeks[initiative_id]
            base: Item = {
                "initiative": rows.refs[initiative_id],
                "milestone": None
                if milestone_id is None
                else {
                    "id": milestone_id,
                    "title": m_title,
                    "due_date": iso(m_due),
                },
                "actor": rows.name(actor_id, actor_fields),
                "at": iso(created_at),
            }
            if verb in DECISIONS:
                concerned = tuple({m_owner, m_submitter} - {None})
                event = Event(
                    pk,
                    DECISIONS[verb],
                    initiative_id,
                    actor_id,
                    {
                        **base,
                        "note": details.get("note", ""),
                        "mine": False,
                        "both_signed": len(details.get("signoffs") or ()) > 1,  # a joint milestone's approval
                    },
                    concerned,
                )
                week.decisions.append(event)
                for person in concerned:
                    self.decisions_for[person].append(event)
            elif verb == V.EVIDENCE_ADDED:
                week.evidence.append(
                    Event(
                        pk,
                        "evidence",
                        initiative_id,
                        actor_id,
                        {
                            **base,
                            "title": details.get("title", ""),
                            "url": details.get("url", ""),
                            "kind": details.get("kind", ""),
                        },
                    )
                )
            elif verb == V.INITIATIVE_STATUS_CHANGED:
                if week.status is None:
                    week.status = ChangeRun({**base, "milestone": None, "change": "status"})
                week.status.steps.append(
                    Step(actor_id, details.get("old"), details.get("new"), base["actor"], base["at"])
                )
            elif verb == V.INDICATOR_READING_ADDED and details.get("indicator_id"):
                run = week.indicators.get(details["indicator_id"])
                if run is None:
                    run = week.indicators[details["indicator_id"]] = ChangeRun(
                        {
                            **base,
                            "change": "indicator",
                            "name": details.get("name", ""),
                            "unit": details.get("unit", ""),
                        }
                    )
                run.steps.append(Step(actor_id, details.get("old"), details.get("new"), base["actor"], base["at"]))
            elif verb == V.DOMESTIC_STEP_UPDATED:
                if details.get("new_status") == "done" and details.get("old_status") != "done":
                    item = {**base, "change": "domestic_step", "name": f"step-{details.get('step_id')}"}
                    item.update({key: details.get(key, "") for key in ("side", "kind", "title")})
                    week.domestic.append(Event(pk, "changes", initiative_id, actor_id, item))
            elif verb == V.ASSESSMENT_POSTED:
                item = {**base, "change": "assessment", "name": f"assessment-{pk}"}
                item.update({"side": details.get("side", ""), "rating": details.get("rating", "")})
                item.update({"old": details.get("old_rating", ""), "sides": rows.standings.get(initiative_id)})
                week.assessments.append(Event(pk, "changes", initiative_id, actor_id, item))
            elif verb == V.INITIATIVE_HEALTH_CHANGED:
                # A consequence of milestones and of time, not anyone's action: reported to every follower.
                health_steps[initiative_id].append(Step(None, details.get("old"), details.get("new"), "", base["at"]))
            elif verb in COMMENT_VERBS:
                comment_id = details.get("comment_id")
                if comment_id is None or comment_id in rows.hidden_comments:
                    continue
                thread = threads.get(comment_id)
                if thread is None:
                    thread = threads[comment_id] = Thread(
                        comment_id,
                        initiative_id,
                        actor_id,
                        verb == V.COMMENT_ADDED,
                        {
                            **base,
                            "comment_id": comment_id,
                            "excerpt": details.get("excerpt", ""),
                            "mentions_me": False,
                            "edited": verb == V.COMMENT_EDITED,
                        },
                    )
                    week.threads.append(thread)
                else:  # a later edit: the digest shows the latest text
                    thread.item["excerpt"] = details.get("excerpt", "")
                    thread.added = thread.added or verb == V.COMMENT_ADDED
                thread.mentioned.update(details.get("mentioned_user_ids") or ())
        for thread in threads.values():
            for person in thread.mentioned:
                self.mentions_for[person].append(thread)
        for initiative_id, steps in health_steps.items():
            base = {"initiative": rows.refs[initiative_id], "milestone": None, "change": "health"}
            if rows.standings.get(initiative_id):  # each side's reading beside the computed one
                base["sides"] = rows.standings[initiative_id]
            run = ChangeRun(base, steps)
            self.weeks[initiative_id].health = run.shared()
        for initiative_id, week in self.weeks.items():
            runs = [run for run in (week.status, *week.indicators.values()) if run is not None]
            for run in runs:
                for actor_id in run.actors:
                    if actor_id is not None:
                        self.runs_by_actor[actor_id].append((initiative_id, run))

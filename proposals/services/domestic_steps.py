"""Writes on domestic steps: the procedures each government completes at home (cabinet decision, legislative
consent, budget…), and the rule that a milestone waits for the steps required before it.

Each side's steps are kept by that side: owners and coordinators act for their own side
(``permissions.acting_side``), admins for either. Steps are never deleted; one that turns out
unnecessary is marked "not needed".
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from .. import access, figures, permissions
from ..models import (
    OPEN_DOMESTIC_STEP_STATUSES,
    Activity,
    DomesticStep,
    DomesticStepStatus,
    Initiative,
    Milestone,
    Side,
)
from .common import as_plain, bounded_note, check_version, field_error, full_clean, lock, record_activity

EDITABLE_FIELDS = ("kind", "title", "status", "due_on", "done_on", "note", "owner", "milestone")
DONE = DomesticStepStatus.DONE


def side_refusal(side: str) -> str:
    """Why someone of the other side (or of neither) may not change ``side``'s steps."""
    name = Side(side).label
    return _("Only %(side)s's owners and coordinators update %(side)s's domestic steps.") % {"side": name}


def may_manage_side(user: Any, initiative: Initiative, side: str) -> bool:
    """May ``user`` add or change ``side``'s domestic steps of ``initiative``? (The services ask the same.)"""
    if not permissions.can(user, "manage_domestic_steps", initiative):
        return False
    return access.is_admin(user) or permissions.acting_side(user, initiative) == side


def manageable_sides(user: Any, initiative: Initiative) -> list[str]:
    """The sides whose steps ``user`` may manage on ``initiative``, Korea first (both for an admin)."""
    return [side for side in Side.values if may_manage_side(user, initiative, side)]


def _require_side(actor: User, initiative: Initiative, side: str) -> None:
    permissions.require(actor, "manage_domestic_steps", initiative)
    if side not in Side.values:
        raise field_error("side", _("Choose Korea or Japan."), "invalid_choice")
    if not access.is_admin(actor) and permissions.acting_side(actor, initiative) != side:
        raise PermissionDenied(side_refusal(side))


def _validate_milestone(initiative: Initiative, milestone: Milestone | None) -> None:
    if milestone is not None and milestone.initiative_id != initiative.pk:
        raise field_error("milestone", _("Choose a milestone of this initiative."))


def _validate_owner(initiative: Initiative, owner: User | None) -> None:
    if owner is not None and not permissions.can(owner, "view", initiative):
        raise field_error("owner", _("The owner must be someone who can read this initiative."))


def _settle_dates(values: dict[str, Any], *, done_on_given: bool) -> None:
    """A step done on no date was done today; a date done belongs to a done step only, and is not in the future."""
    status, done_on = values["status"], values["done_on"]
    if status == DONE:
        if done_on is None:
            values["done_on"] = figures.programme_day()
        elif not isinstance(done_on, datetime.date):
            raise field_error("done_on", _("Enter a valid date."))
        elif done_on > figures.programme_day():
            raise field_error("done_on", _("A step cannot be done on a date still to come."), "future")
    elif done_on is not None:
        if done_on_given:
            raise field_error("done_on", _("Give the date done only for a step that is done."))
        values["done_on"] = None  # the step is open again (or not needed): its old date done no longer holds


def _details(step: DomesticStep, **extra: Any) -> dict[str, Any]:
    return {"step_id": step.pk, "side": step.side, "kind": step.kind, "title": step.title, **extra}


@transaction.atomic
def add_domestic_step(
    *,
    initiative: Initiative,
    actor: User,
    side: str,
    kind: str,
    title: str = "",
    status: str = DomesticStepStatus.PLANNED,
    due_on: datetime.date | None = None,
    done_on: datetime.date | None = None,
    note: str = "",
    owner: User | None = None,
    milestone: Milestone | None = None,
) -> DomesticStep:
    """Add one side's domestic step, optionally required before one of the initiative's milestones.

    Owners, coordinators and admins (``manage_domestic_steps``); all but admins for their own side
    only (``PermissionDenied`` naming the side). A step added as done without a date was done today.
    Records ``domestic_step.added``; the initiative's figures are untouched.
    """
    _require_side(actor, initiative, side)
    _validate_milestone(initiative, milestone)
    _validate_owner(initiative, owner)
    values: dict[str, Any] = {"status": status, "done_on": done_on}
    _settle_dates(values, done_on_given=done_on is not None)
    step = DomesticStep(
        initiative=initiative,
        milestone=milestone,
        side=side,
        kind=kind,
        title=(title or "").strip(),
        status=status,
        due_on=due_on,
        done_on=values["done_on"],
        note=bounded_note(note),
        owner=owner,
    )
    full_clean(step)
    step.save()
    record_activity(
        actor=actor,
        verb=Activity.Verb.DOMESTIC_STEP_ADDED,
        initiative=initiative,
        details=_details(step, status=step.status, milestone_id=step.milestone_id),
    )
    return step


@transaction.atomic
def edit_domestic_step(
    *, step: DomesticStep, actor: User, expected_version: int | None = None, **changes: Any
) -> DomesticStep:
    """Change a step's kind, title, status, dates, note, owner or the milestone it is required before.

    The same people as ``add_domestic_step``, for the step's side. Becoming done without a date sets
    today; becoming open again clears the date done. The row is locked and ``expected_version``
    checked (``StaleEdit``). Records ``domestic_step.updated`` with the old and new status; nothing
    is saved or recorded when nothing changed.
    """
    initiative = step.initiative
    _require_side(actor, initiative, step.side)  # a step's side never changes
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], _("This field cannot be edited here."))
    current = lock(DomesticStep, step.pk)
    check_version(current, expected_version)
    if "milestone" in changes:
        _validate_milestone(initiative, changes["milestone"])
    if "owner" in changes:
        _validate_owner(initiative, changes["owner"])
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
    if "note" in changes:
        changes["note"] = bounded_note(changes["note"])
    values = {
        "status": changes.get("status", current.status),
        "done_on": changes.get("done_on", current.done_on),
    }
    status_changes = values["status"] != current.status
    if "done_on" in changes or status_changes:
        _settle_dates(values, done_on_given="done_on" in changes and changes["done_on"] is not None)
        changes["done_on"] = values["done_on"]
    old_status = current.status
    changed: dict[str, dict[str, Any]] = {}
    for field, value in changes.items():
        old = getattr(current, field)
        if old != value:
            changed[field] = {"old": as_plain(old), "new": as_plain(value)}
            setattr(current, field, value)
    if not changed:
        return current
    full_clean(current)
    current.version += 1
    current.save()
    record_activity(
        actor=actor,
        verb=Activity.Verb.DOMESTIC_STEP_UPDATED,
        initiative=initiative,
        details=_details(current, old_status=old_status, new_status=current.status, changes=changed),
    )
    return current


# --- the milestone waits for its domestic steps ------------------------------------------------------------


def open_steps_before(milestone: Milestone) -> list[DomesticStep]:
    """The open domestic steps (of either side) required before ``milestone``."""
    return list(DomesticStep.objects.filter(milestone=milestone, status__in=OPEN_DOMESTIC_STEP_STATUSES))


def describe_open_steps(steps: list[DomesticStep]) -> str:
    """ "Japan — Cabinet decision (planned); Korea — Budget appropriation (in progress)"."""
    return "; ".join(
        _("%(side)s — %(step)s (%(status)s)")
        % {"side": step.get_side_display(), "step": str(step), "status": step.get_status_display().lower()}
        for step in steps
    )


def require_domestic_steps_done(milestone: Milestone) -> None:
    """Refuse (a field error on ``status``) while a domestic step required before ``milestone`` is open.

    Called by ``submit_milestone`` inside its transaction, after it locked the milestone.
    """
    steps = open_steps_before(milestone)
    if steps:
        raise field_error(
            "status",
            _("This milestone cannot be submitted until these domestic steps are done: %(steps)s")
            % {"steps": describe_open_steps(steps)},
            "domestic_steps_open",
        )

"""Writes on milestones: create, edit, re-plan and the review workflow.

Workflow: planned → in_progress → submitted → approved, or
submitted → changes_requested → in_progress; cancelled from any state but
approved. Nothing else.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import InvalidTransition

from .. import figures, permissions
from ..models import Activity, FollowReason, Initiative, LeadSide, Milestone
from . import signoffs as signoffs_service
from .common import (
    bounded_note,
    check_version,
    edit_recorded,
    ensure_following,
    field_error,
    full_clean,
    lock,
    record_activity,
)
from .domestic_steps import require_domestic_steps_done
from .translations import mark_milestone_translations_outdated

S = Milestone.Status

TRANSITIONS: dict[str, set[str]] = {
    S.PLANNED: {S.IN_PROGRESS, S.CANCELLED},
    S.IN_PROGRESS: {S.SUBMITTED, S.CANCELLED},
    S.SUBMITTED: {S.APPROVED, S.CHANGES_REQUESTED, S.CANCELLED},
    S.CHANGES_REQUESTED: {S.IN_PROGRESS, S.CANCELLED},
    S.APPROVED: set(),
    S.CANCELLED: set(),
}
EDITABLE_FIELDS = ("title", "description", "owner", "weight", "is_joint")
# Whether a milestone needs both sides' signatures is settled before anyone reviews it.
JOINT_SETTLED_STATUSES = (S.SUBMITTED, S.APPROVED)


def state_label(state: str) -> str:
    """A milestone state as people read it (the badge's words), for refusals."""
    if state == "replanned":
        return _("re-planned")
    try:
        return str(S(state).label)
    except ValueError:
        return state


def _refused(milestone: Milestone, wanted: str) -> InvalidTransition:
    return InvalidTransition(milestone.status, wanted, label=state_label)


def _with_figures(actor: User, milestone: Milestone) -> Milestone:
    """The milestone's initiative's stored progress and health follow the change, in the same transaction."""
    figures.refresh([milestone.initiative_id], actor=actor)
    return milestone


def _require_transition(milestone: Milestone, wanted: str) -> None:
    if wanted not in TRANSITIONS[milestone.status]:
        raise _refused(milestone, wanted)


def _validate_due_date(initiative: Initiative, due_date: object) -> None:
    if not isinstance(due_date, datetime.date):
        raise field_error("due_date", _("Enter a valid date."), "required")
    if initiative.start_date and due_date < initiative.start_date:
        raise field_error(
            "due_date",
            _("The due date cannot be before the initiative starts (%(date)s).")
            % {"date": initiative.start_date.isoformat()},
        )


def _validate_owner(initiative: Initiative, owner: User | None) -> None:
    if owner is not None and not permissions.can(owner, "view", initiative):
        raise field_error("owner", _("The owner must be someone who can read this initiative."))


def _validate_note(note: str, *, required: bool = False) -> str:
    note = bounded_note(note)
    if required and not note:
        raise field_error("note", _("Say what needs to change."), "required")
    return note


@transaction.atomic
def create_milestone(
    *,
    initiative: Initiative,
    actor: User,
    title: str,
    due_date: datetime.date,
    description: str = "",
    owner: User | None = None,
    weight: int = 1,
    import_key: str = "",
    is_joint: bool | None = None,
) -> Milestone:
    """Add a milestone (status planned). Members of the group, owners, coordinators, admins.

    ``import_key`` is the key of the spreadsheet row it comes from (``proposals.exports.imports``).
    ``is_joint`` (both sides must sign it) defaults to whether the initiative is led jointly.
    """
    permissions.require(actor, "edit_plan", initiative)
    if is_joint is None:
        is_joint = initiative.lead_side == LeadSide.JOINT
    _validate_due_date(initiative, due_date)
    _validate_owner(initiative, owner)
    milestone = Milestone(
        initiative=initiative,
        title=(title or "").strip(),
        description=description or "",
        owner=owner,
        due_date=due_date,
        weight=weight,
        import_key=import_key,
        is_joint=bool(is_joint),
    )
    full_clean(milestone)
    milestone.save()
    record_activity(
        actor=actor,
        verb=Activity.Verb.MILESTONE_CREATED,
        milestone=milestone,
        initiative=initiative,
        details={"title": milestone.title, "due_date": due_date.isoformat()},
    )
    figures.refresh([initiative.pk], actor=actor)
    return milestone


@transaction.atomic
def edit_milestone(
    *, milestone: Milestone, actor: User, expected_version: int | None = None, **changes: Any
) -> Milestone:
    """Change title, description, owner, weight or whether it is joint. Dates change through ``replan_milestone``.

    Whether it is joint may change only while the milestone is not submitted or approved.
    """
    permissions.require(actor, "edit_plan", milestone)
    if "owner" in changes:
        _validate_owner(milestone.initiative, changes["owner"])
    if "is_joint" in changes:
        changes["is_joint"] = bool(changes["is_joint"])
        current = lock(Milestone, milestone.pk)
        if changes["is_joint"] != current.is_joint and current.status in JOINT_SETTLED_STATUSES:
            raise field_error(
                "is_joint",
                _("Whether a milestone is joint cannot change once it is submitted or approved."),
            )
    return _with_figures(
        actor,
        edit_recorded(
            milestone,
            actor=actor,
            verb=Activity.Verb.MILESTONE_EDITED,
            allowed=EDITABLE_FIELDS,
            changes={
                field: value.strip() if field == "title" and isinstance(value, str) else value
                for field, value in changes.items()
            },
            expected_version=expected_version,
            before_save=_title_changes_translations,
            activity=lambda saved, changed: {"milestone": saved, "details": {"changes": changed}},
        ),
    )


def _title_changes_translations(saved: Milestone, changed: dict[str, dict[str, Any]]) -> None:
    """A new original title leaves the milestone's translations out of date."""
    if "title" in changed:
        mark_milestone_translations_outdated(saved.pk)


@transaction.atomic
def replan_milestone(
    *, milestone: Milestone, actor: User, due_date: datetime.date, reason: str = "", expected_version: int | None = None
) -> Milestone:
    """Move the due date; the activity records the old and the new date. Not for approved or cancelled ones."""
    permissions.require(actor, "edit_plan", milestone)
    milestone = lock(Milestone, milestone.pk)
    check_version(milestone, expected_version)
    if milestone.is_closed:
        raise _refused(milestone, "replanned")
    _validate_due_date(milestone.initiative, due_date)
    reason = _validate_note(reason)
    return _with_figures(
        actor,
        edit_recorded(
            milestone,
            actor=actor,
            verb=Activity.Verb.MILESTONE_REPLANNED,
            changes={"due_date": due_date},
            allowed=("due_date",),
            expected_version=expected_version,
            activity=lambda saved, changed: {
                "milestone": saved,
                "details": {
                    "old_due_date": changed["due_date"]["old"],
                    "new_due_date": changed["due_date"]["new"],
                    "reason": reason,
                },
            },
        ),
    )


def _transition(
    milestone: Milestone,
    *,
    actor: User,
    action: str,
    wanted: str,
    verb: str,
    expected_version: int | None,
    details: dict[str, Any],
    prepare: Callable[[Milestone], None] | None = None,
    extra_fields: Iterable[str] = (),
) -> Milestone:
    """Lock, check permission, version and transition, apply ``prepare``, save, record the activity."""
    permissions.require(actor, "view", milestone)
    milestone = lock(Milestone, milestone.pk)
    check_version(milestone, expected_version)
    permissions.require(actor, action, milestone)
    _require_transition(milestone, wanted)
    old = milestone.status
    if prepare:
        prepare(milestone)
    milestone.status = wanted
    milestone.version += 1
    milestone.save(update_fields=["status", "version", "updated_at", *extra_fields])
    record_activity(actor=actor, verb=verb, milestone=milestone, details={"old": old, "new": wanted, **details})
    return _with_figures(actor, milestone)


@transaction.atomic
def start_milestone(*, milestone: Milestone, actor: User, expected_version: int | None = None) -> Milestone:
    """planned or changes_requested → in_progress."""
    return _transition(
        milestone,
        actor=actor,
        action="submit",
        wanted=S.IN_PROGRESS,
        verb=Activity.Verb.MILESTONE_STARTED,
        expected_version=expected_version,
        details={},
    )


@transaction.atomic
def submit_milestone(
    *, milestone: Milestone, actor: User, note: str = "", expected_version: int | None = None
) -> Milestone:
    """in_progress → submitted, remembering who submitted (they may not review it). The submitter follows."""
    note = _validate_note(note)

    def prepare(m: Milestone) -> None:
        require_domestic_steps_done(m)
        m.submitted_by, m.submitted_at, m.decided_by, m.decided_at = actor, timezone.now(), None, None

    milestone = _transition(
        milestone,
        actor=actor,
        action="submit",
        wanted=S.SUBMITTED,
        verb=Activity.Verb.MILESTONE_SUBMITTED,
        expected_version=expected_version,
        details={"note": note},
        prepare=prepare,
        extra_fields=("submitted_by", "submitted_at", "decided_by", "decided_at"),
    )
    ensure_following(user=actor, initiative=milestone.initiative, reason=FollowReason.SUBMITTER)
    return milestone


def _review(
    milestone: Milestone, *, actor: User, wanted: str, verb: str, note: str, expected_version: int | None
) -> Milestone:
    def prepare(m: Milestone) -> None:
        m.decided_by, m.decided_at = actor, timezone.now()
        signoffs_service.clear_signoffs(m)

    return _transition(
        milestone,
        actor=actor,
        action="review",
        wanted=wanted,
        verb=verb,
        expected_version=expected_version,
        details={"note": note},
        prepare=prepare,
        extra_fields=("decided_by", "decided_at"),
    )


def _sign(milestone: Milestone, *, actor: User, note: str, expected_version: int | None) -> Milestone:
    """One side's signature on a locked, joint milestone; the second side's approves it.

    A first signature leaves the milestone submitted and its version as it was, so the
    other side's open page stays current; the approval is a status change like any other.
    """
    check_version(milestone, expected_version)
    _require_transition(milestone, S.APPROVED)
    permissions.require(actor, "review", milestone)
    side, signoffs, pending = signoffs_service.sign(milestone, actor=actor, note=note)
    if pending:
        return milestone
    old = milestone.status
    milestone.status = S.APPROVED
    milestone.decided_by, milestone.decided_at = actor, timezone.now()
    milestone.version += 1
    milestone.save(update_fields=["status", "version", "updated_at", "decided_by", "decided_at"])
    record_activity(
        actor=actor,
        verb=Activity.Verb.MILESTONE_APPROVED,
        milestone=milestone,
        details={"old": old, "new": S.APPROVED, "note": note, "side": side, "signoffs": signoffs},
    )
    return _with_figures(actor, milestone)


@transaction.atomic
def approve_milestone(
    *, milestone: Milestone, actor: User, note: str = "", expected_version: int | None = None
) -> Milestone:
    """submitted → approved. Coordinators of the group and admins, never the submitter (four eyes).

    The row is locked, so of two reviewers deciding at once exactly one succeeds; the
    other gets InvalidTransition naming the state it found.

    A joint milestone is signed instead: each call records the signature of the actor's side
    (``permissions.side_of``; someone of neither side is refused, and so is a side that already
    signed), and the second side's signature approves it. Both sides signing at once are
    serialised by the row lock: both signatures are kept and it is approved once.
    """
    note = _validate_note(note)
    permissions.require(actor, "view", milestone)
    locked = lock(Milestone, milestone.pk)
    if locked.is_joint:
        return _sign(locked, actor=actor, note=note, expected_version=expected_version)
    return _review(
        locked,
        actor=actor,
        wanted=S.APPROVED,
        verb=Activity.Verb.MILESTONE_APPROVED,
        note=note,
        expected_version=expected_version,
    )


@transaction.atomic
def request_changes(*, milestone: Milestone, actor: User, note: str, expected_version: int | None = None) -> Milestone:
    """submitted → changes_requested, with a required note. Same reviewers as approval.

    On a joint milestone the reviewers of a side that has not signed yet may send it back; the
    other side's signature is cleared, and the next submission needs both sides again.
    """
    note = _validate_note(note, required=True)
    return _review(
        milestone,
        actor=actor,
        wanted=S.CHANGES_REQUESTED,
        verb=Activity.Verb.MILESTONE_CHANGES_REQUESTED,
        note=note,
        expected_version=expected_version,
    )


@transaction.atomic
def cancel_milestone(
    *, milestone: Milestone, actor: User, note: str = "", expected_version: int | None = None
) -> Milestone:
    """Any state but approved (or already cancelled) → cancelled. It then no longer counts towards progress.

    A joint milestone's signatures go with it."""
    note = _validate_note(note)
    return _transition(
        milestone,
        actor=actor,
        action="edit_plan",
        wanted=S.CANCELLED,
        verb=Activity.Verb.MILESTONE_CANCELLED,
        expected_version=expected_version,
        details={"note": note},
        prepare=signoffs_service.clear_signoffs,
    )

"""Helpers every service shares: activity, versions, validation errors, automatic following."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from accounts.models import User, WorkingGroup
from core.versioning import as_plain, check_version, edit_versioned, lock, reject_unknown_fields
from tracker.limits import NOTE_MAX_LENGTH

from .. import events, figures
from ..models import Activity, Follow, Initiative, Milestone

__all__ = [
    "as_plain",
    "bounded_note",
    "check_version",
    "edit_recorded",
    "ensure_following",
    "field_error",
    "full_clean",
    "lock",
    "record_activity",
    "reject_unknown_fields",
]

M = TypeVar("M", bound=models.Model)


def record_activity(
    *,
    actor: User | None,
    verb: str,
    initiative: Initiative | None = None,
    milestone: Milestone | None = None,
    working_group: WorkingGroup | None = None,
    details: dict[str, Any] | None = None,
) -> Activity:
    """Append one row to the activity log, and publish its notification on commit when it is an event."""
    if milestone is not None and initiative is None:
        initiative = milestone.initiative
    if initiative is not None and working_group is None:
        working_group = initiative.working_group
    activity = Activity.objects.create(
        actor=actor,
        verb=verb,
        initiative=initiative,
        milestone=milestone,
        working_group=working_group,
        details=details or {},
    )
    if initiative is not None:
        figures.touch(initiative.pk, activity.created_at)
    events.publish_on_commit(activity)
    return activity


def edit_recorded(
    obj: M,
    *,
    actor: User,
    verb: str,
    changes: Mapping[str, Any],
    allowed: Iterable[str],
    expected_version: int | None,
    activity: Callable[[M, dict[str, dict[str, Any]]], dict[str, Any]],
    before_save: Callable[[M, dict[str, dict[str, Any]]], None] | None = None,
) -> M:
    """A versioned edit (``core.versioning.edit_versioned``) and the one activity row that describes it.

    ``activity(saved, changed)`` gives ``record_activity``'s arguments besides
    actor and verb. Nothing is saved or recorded when nothing changed.
    """
    saved, changed = edit_versioned(
        type(obj), obj.pk, changes=changes, allowed=allowed, expected_version=expected_version, before_save=before_save
    )
    if changed:
        record_activity(actor=actor, verb=verb, **activity(saved, changed))
    return saved


def field_error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def bounded_note(note: str) -> str:
    """A note on a change or a decision (kept in its activity), stripped and at most NOTE_MAX_LENGTH characters."""
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise field_error("note", _("Keep the note under %(max)d characters.") % {"max": NOTE_MAX_LENGTH}, "max_length")
    return note


def full_clean(obj: models.Model, *, exclude: Collection[str] | None = None) -> None:
    """Model validation (choices, lengths, constraints) as field errors, before anything is written."""
    obj.full_clean(exclude=exclude, validate_unique=True, validate_constraints=True)


def ensure_following(*, user: User | None, initiative: Initiative, reason: str) -> bool:
    """Make the user follow the initiative (automatic follows: owners, submitters, commenters, mentioned)."""
    if user is None:
        return False
    try:
        with transaction.atomic():
            _, created = Follow.objects.get_or_create(user=user, initiative=initiative, defaults={"reason": reason})
    except IntegrityError:  # a concurrent request created it first
        return False
    return created

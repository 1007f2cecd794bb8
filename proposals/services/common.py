"""Helpers every service shares: activity, versions, validation errors, automatic following."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tracker.limits import NOTE_MAX_LENGTH

from .. import notifications
from ..exceptions import StaleEdit
from ..models import Activity, Follow, Initiative, Milestone


def record_activity(
    *,
    actor,
    verb: str,
    initiative: Initiative | None = None,
    milestone: Milestone | None = None,
    working_group=None,
    details: dict | None = None,
) -> Activity:
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
    notifications.activity_recorded(activity)  # mentions, review requests and decisions: e-mailed on commit
    return activity


def reject_unknown_fields(changes: dict, allowed) -> None:
    """Edits name their fields; one that a service does not edit is a programming error shown as a form error."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(_("These fields cannot be edited here: %(fields)s") % {"fields": ", ".join(sorted(unknown))})


def as_plain(value):
    """A value as activity details store it: a primary key, an ISO date, a decimal as text."""
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def apply_changes(obj, changes: dict) -> dict:
    """Set the fields whose value differs; return ``{field: {"old": ..., "new": ...}}`` for the activity."""
    changed = {}
    for field, value in changes.items():
        old = getattr(obj, field)
        if old != value:
            changed[field] = {"old": as_plain(old), "new": as_plain(value)}
            setattr(obj, field, value)
    return changed


def check_version(obj, expected_version: int | None) -> None:
    """Raise StaleEdit when the caller read an older version than the one stored (None skips the check)."""
    if expected_version is not None and int(expected_version) != obj.version:
        raise StaleEdit(current_version=obj.version, expected_version=int(expected_version))


def lock(model, pk):
    return model.objects.select_for_update().get(pk=pk)


def field_error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def bounded_note(note: str) -> str:
    """A note on a change or a decision (kept in its activity), stripped and at most NOTE_MAX_LENGTH characters."""
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise field_error("note", _("Keep the note under %(max)d characters.") % {"max": NOTE_MAX_LENGTH}, "max_length")
    return note


def full_clean(obj, *, exclude=None) -> None:
    """Model validation (choices, lengths, constraints) as field errors, before anything is written."""
    obj.full_clean(exclude=exclude, validate_unique=True, validate_constraints=True)


def ensure_following(*, user, initiative: Initiative, reason: str) -> bool:
    """Make the user follow the initiative (automatic follows: owners, submitters, commenters, mentioned)."""
    if user is None:
        return False
    try:
        with transaction.atomic():
            _, created = Follow.objects.get_or_create(user=user, initiative=initiative, defaults={"reason": reason})
    except IntegrityError:  # a concurrent request created it first
        return False
    return created

"""The one way an editable row changes: lock, check the version, apply, validate, bump, save."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .errors import StaleEdit

M = TypeVar("M", bound=models.Model)


def lock(model: type[M], pk: int) -> M:
    """The row, locked until the surrounding transaction ends.

    FOR NO KEY UPDATE, the lock an UPDATE of its other columns takes: two writers of the row still queue, but
    rows being added that point at it (a comment on a milestone, the activity of a follow, whose foreign keys
    hold KEY SHARE) neither wait for it nor make it wait, so a writer that goes on to touch another row cannot
    deadlock with them.
    """
    return model._default_manager.select_for_update(no_key=True).get(pk=pk)


def check_version(obj: models.Model, expected_version: int | None) -> None:
    """Raise ``StaleEdit`` when the caller read an older version than the one stored (``None`` skips the check)."""
    current = obj.version  # type: ignore[attr-defined]  # every versioned model has one; Model does not declare it
    if expected_version is not None and int(expected_version) != current:
        raise StaleEdit(current_version=current, expected_version=int(expected_version))


def reject_unknown_fields(changes: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """An edit names its fields; one that is not editable there is refused as a form error."""
    unknown = set(changes) - set(allowed)
    if unknown:
        fields = ", ".join(sorted(unknown))
        raise ValidationError(_("These fields cannot be edited here: %(fields)s") % {"fields": fields})


def as_plain(value: Any) -> Any:
    """A value as an activity's details store it: a primary key, an ISO date, a decimal as text."""
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def apply_changes(obj: models.Model, changes: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Set the fields whose value differs; return ``{field: {"old": ..., "new": ...}}``."""
    changed = {}
    for field, value in changes.items():
        old = getattr(obj, field)
        if old != value:
            changed[field] = {"old": as_plain(old), "new": as_plain(value)}
            setattr(obj, field, value)
    return changed


def edit_versioned(
    model: type[M],
    pk: int,
    *,
    changes: Mapping[str, Any],
    allowed: Iterable[str],
    expected_version: int | None,
    exclude: Iterable[str] | None = None,
    before_save: Callable[[M, dict[str, dict[str, Any]]], None] | None = None,
) -> tuple[M, dict[str, dict[str, Any]]]:
    """Lock → check version → apply changes → full_clean → bump version → save. Call inside a transaction.

    ``before_save`` sees the validated row and what changed (checks across rows,
    derived fields). Returns the saved row and what changed (empty, and nothing
    saved, when every value was already as asked). The caller records the activity.
    """
    reject_unknown_fields(changes, allowed)
    obj = lock(model, pk)
    check_version(obj, expected_version)
    changed = apply_changes(obj, changes)
    if not changed:
        return obj, changed
    obj.full_clean(exclude=list(exclude or ()), validate_unique=True, validate_constraints=True)
    if before_save is not None:
        before_save(obj, changed)
    obj.version += 1  # type: ignore[attr-defined]  # as in check_version
    obj.save()
    return obj, changed

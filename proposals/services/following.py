"""Following initiatives and working groups."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import User, WorkingGroup

from .. import permissions
from ..models import Activity, Follow, Initiative
from .common import ensure_following, record_activity


@transaction.atomic
def follow_initiative(*, initiative: Initiative, actor: User) -> bool:
    """Follow an initiative the user can read; returns False if they already did."""
    permissions.require(actor, "follow", initiative)
    created = ensure_following(user=actor, initiative=initiative, reason=Follow.Reason.MANUAL)
    if created:
        record_activity(actor=actor, verb=Activity.Verb.FOLLOW_ADDED, initiative=initiative)
    return created


@transaction.atomic
def unfollow_initiative(*, initiative: Initiative, actor: User) -> bool:
    """Stop following; returns False if the user did not follow it."""
    permissions.require(actor, "view", initiative)
    deleted, _ = Follow.objects.filter(user=actor, initiative=initiative).delete()
    if deleted:
        record_activity(actor=actor, verb=Activity.Verb.FOLLOW_REMOVED, initiative=initiative)
    return bool(deleted)


@transaction.atomic
def follow_working_group(*, working_group: WorkingGroup, actor: User) -> bool:
    """Follow a whole working group (its restricted initiatives still reach only those who may read them)."""
    if not (actor and actor.is_authenticated):
        raise PermissionDenied
    _, created = Follow.objects.get_or_create(
        user=actor, working_group=working_group, defaults={"reason": Follow.Reason.MANUAL}
    )
    if created:
        record_activity(actor=actor, verb=Activity.Verb.FOLLOW_ADDED, working_group=working_group)
    return created


@transaction.atomic
def unfollow_working_group(*, working_group: WorkingGroup, actor: User) -> bool:
    deleted, _ = Follow.objects.filter(user=actor, working_group=working_group).delete()
    if deleted:
        record_activity(actor=actor, verb=Activity.Verb.FOLLOW_REMOVED, working_group=working_group)
    return bool(deleted)

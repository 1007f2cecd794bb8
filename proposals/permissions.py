"""The one place that answers “may this user do this to that?”.

The matrix is PRODUCT.md's “Who may do what”. Objects are an Initiative, a
Milestone, a Comment or a WorkingGroup; anything attached to an initiative is
judged by its initiative. A user who may not read an initiative is told it does
not exist (``Http404``); a user who may read it but not act gets ``PermissionDenied``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Membership, WorkingGroup

from . import access
from .models import Comment, Initiative, Milestone

COORDINATOR = Membership.Role.COORDINATOR

# Actions on an initiative (or something attached to it) and who may take them.
# Roles: "admin", "coordinator" (of the initiative's group), "owner", "member" (of the group), "reader".
ACTION_ROLES: dict[str, frozenset[str]] = {
    "view": frozenset({"admin", "coordinator", "owner", "member", "reader"}),
    "comment": frozenset({"admin", "coordinator", "owner", "member", "reader"}),
    "follow": frozenset({"admin", "coordinator", "owner", "member", "reader"}),
    "edit_initiative": frozenset({"admin", "coordinator", "owner"}),
    "change_status": frozenset({"admin", "coordinator", "owner"}),
    "manage_owners": frozenset({"admin", "coordinator", "owner"}),
    "edit_plan": frozenset({"admin", "coordinator", "owner", "member"}),
    "log_progress": frozenset({"admin", "coordinator", "owner", "member"}),
    "add_evidence": frozenset({"admin", "coordinator", "owner", "member"}),
    "submit": frozenset({"admin", "coordinator", "owner", "member"}),
    "review": frozenset({"admin", "coordinator"}),
    "moderate": frozenset({"admin", "coordinator"}),
}
ACTIONS = tuple(ACTION_ROLES) + ("create_initiative", "edit_comment")


def roles_for(user, initiative: Initiative) -> set[str]:
    """Every role the user holds towards the initiative (empty when they may not read it)."""
    if not access.can_read(user, initiative):
        return set()
    roles: set[str] = {"reader"}
    if access.is_admin(user):
        roles.add("admin")
    group_role = access.group_roles(user).get(initiative.working_group_id)
    if group_role == COORDINATOR:
        roles.update({"coordinator", "member"})
    elif group_role:
        roles.add("member")
    if user.pk in access.owner_ids(initiative):
        roles.add("owner")
    return roles


def initiative_of(obj) -> Initiative:
    if isinstance(obj, Initiative):
        return obj
    return obj.initiative


def can(user, action: str, obj) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    if action == "create_initiative":
        group = obj if isinstance(obj, WorkingGroup) else obj.working_group
        return access.is_admin(user) or access.group_roles(user).get(group.pk) == COORDINATOR
    roles = roles_for(user, initiative_of(obj))
    if not roles:
        return False
    if action == "edit_comment":
        return isinstance(obj, Comment) and obj.author_id == user.pk
    if action == "review" and isinstance(obj, Milestone) and obj.submitted_by_id == user.pk:
        return False
    return bool(roles & ACTION_ROLES[action])


def require(user, action: str, obj) -> None:
    """Raise ``Http404`` when the user may not read the object, ``PermissionDenied`` when they may not act."""
    if action != "create_initiative" and not roles_for(user, initiative_of(obj)):
        raise Http404(_("No such initiative."))
    if can(user, action, obj):
        return
    if action == "review" and isinstance(obj, Milestone) and obj.submitted_by_id == user.pk:
        raise PermissionDenied(_("You cannot review a milestone you submitted yourself."))
    raise PermissionDenied(_("You are not allowed to do that."))

"""The one place that answers “may this user do this to that?” (docs/roles-and-permissions.md).

Objects are an Initiative, a Milestone, a Comment or a WorkingGroup; anything
attached to an initiative is judged by its initiative. Reading is decided by
``proposals.access``; a user who may not read an initiative is told it does not
exist (``Http404``), one who may read it but not act gets ``PermissionDenied``.

Two rules have faces of their own because lists and batches need them too:
``is_reviewer`` (someone with a review queue) and the four-eyes rule of
``may_review`` / ``reviewable_by`` / ``decides_own_submission``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Membership, User, WorkingGroup

from . import access
from .models import Comment, Initiative, Milestone, MilestoneSignoff, Side

COORDINATOR = Membership.Role.COORDINATOR


class OnInitiative(Protocol):
    """Anything attached to an initiative (milestone, indicator, comment…), judged by its initiative."""

    @property
    def initiative(self) -> Initiative: ...


#: What an action is taken on; a working group only for the group's own actions (``GROUP_ACTIONS``).
Subject = Initiative | OnInitiative | WorkingGroup

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
    # Open data is the group's decision: what it tells everyone, signed in or not.
    "publish": frozenset({"admin", "coordinator"}),
    # The two sides (``acting_side`` says for which side): each side's assessment, its domestic steps,
    # and the translations of the initiative's text.
    "assess": frozenset({"admin", "coordinator", "owner"}),
    "manage_domestic_steps": frozenset({"admin", "coordinator", "owner"}),
    "translate": frozenset({"admin", "coordinator", "owner", "member"}),
}
# Taken on a working group, by its coordinators and admins.
GROUP_ACTIONS = ("create_initiative", "manage_webhooks")
ACTIONS = (*ACTION_ROLES, *GROUP_ACTIONS, "edit_comment")


def roles_for(user: User | AnonymousUser, initiative: Initiative) -> set[str]:
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


# --- reviewing: coordinators and admins, never of their own submission (four eyes) ---------------


def own_submission_message() -> str:
    return _("You cannot review a milestone you submitted yourself.")


def is_reviewer(user: User | AnonymousUser) -> bool:
    """Someone with a review queue: an admin, or a coordinator of at least one working group."""
    return access.is_admin(user) or COORDINATOR in access.group_roles(user).values()


def decides_own_submission(user_id: int | None, submitted_by_id: int | None) -> bool:
    """The four-eyes rule on ids alone, for rows loaded in bulk (digests, reminders, notifications)."""
    return user_id is not None and user_id == submitted_by_id


def signed_sides(milestone: Milestone) -> set[str]:
    """The sides that have signed a joint milestone (from prefetched ``signoffs`` when the caller loaded them)."""
    if not milestone.is_joint or milestone.pk is None:
        return set()
    return {signoff.side for signoff in milestone.signoffs.all()}


def awaited_sides(signed: Iterable[str]) -> list[str]:
    """The sides not among ``signed``, Korea first: those a joint milestone still waits for."""
    done = set(signed)
    return [side for side in Side.values if side not in done]


def pending_sides(milestone: Milestone) -> list[str]:
    """The sides whose signature a submitted joint milestone still waits for, Korea first."""
    if not milestone.is_joint or milestone.status != Milestone.Status.SUBMITTED:
        return []
    return awaited_sides(signed_sides(milestone))


@dataclass(frozen=True)
class SideSignoff:
    side: str
    label: str
    signoff: MilestoneSignoff | None


def side_signoffs(milestone: Milestone) -> list[SideSignoff]:
    """Korea, then Japan, each with its signature of a joint ``milestone`` (from its prefetched ``signoffs``) or
    None; empty for a milestone that is not joint. Pages and exports show these."""
    if not milestone.is_joint:
        return []
    signed = {signoff.side: signoff for signoff in milestone.signoffs.all()}
    return [SideSignoff(side, str(label), signed.get(side)) for side, label in Side.choices]


def may_review(user: User | AnonymousUser, milestone: Milestone) -> bool:
    """May ``user`` approve or send back ``milestone``? Coordinators of its group and admins, not its submitter.

    A joint milestone is reviewed side by side: only by someone of Korea or Japan (``side_of``), and
    only while their side has not signed it yet.
    """
    if decides_own_submission(getattr(user, "pk", None), milestone.submitted_by_id):
        return False
    if not roles_for(user, milestone.initiative) & ACTION_ROLES["review"]:
        return False
    if milestone.is_joint:
        side = side_of(user)
        return side is not None and side not in signed_sides(milestone)
    return True


def review_refusal(user: User | AnonymousUser, milestone: Milestone) -> str:
    """Why ``may_review`` says no, in words the reviewer can act on."""
    if decides_own_submission(getattr(user, "pk", None), milestone.submitted_by_id):
        return own_submission_message()
    if milestone.is_joint and roles_for(user, milestone.initiative) & ACTION_ROLES["review"]:
        side = side_of(user)
        if side is None:
            return _(
                "A joint milestone is signed by a coordinator of Korea and one of Japan; "
                "your profile names neither country."
            )
        if side in signed_sides(milestone):
            return _("%(side)s has already signed this milestone.") % {"side": Side(side).label}
    return _("You are not allowed to do that.")


def groups_coordinated_by(user: User | AnonymousUser) -> QuerySet[WorkingGroup]:
    """The working groups whose own actions (``GROUP_ACTIONS``: creating initiatives, managing webhooks)
    ``user`` may take: those they coordinate, every group for an admin; by name."""
    groups = WorkingGroup.objects.order_by("name")
    if access.is_admin(user):
        return groups
    if not access.may_read_anything(user):
        return groups.none()
    return groups.filter(memberships__user=user, memberships__role=COORDINATOR)


def reviewable_by(queryset: QuerySet[Milestone], user: User | AnonymousUser) -> QuerySet[Milestone]:
    """The milestones of ``queryset`` that ``user`` may review (``may_review`` as a filter, no duplicate rows)."""
    if not access.may_read_anything(user):
        return queryset.none()
    if not access.is_admin(user):
        coordinated = Membership.objects.filter(user=user, role=COORDINATOR).values("working_group_id")
        queryset = queryset.filter(initiative__working_group_id__in=coordinated)
    queryset = queryset.exclude(submitted_by=user)
    side = side_of(user)
    if side is None:
        return queryset.filter(is_joint=False)
    signed = MilestoneSignoff.objects.filter(milestone_id=OuterRef("pk"), side=side)
    return queryset.filter(~Exists(signed))


# --- the two sides -------------------------------------------------------------------------------


def side_of(user: User | AnonymousUser) -> str | None:
    """The side a user belongs to by their country ("KR" or "JP"), or None (another country, signed out)."""
    country = getattr(user, "country", None)
    return country if country in Side.values else None


def acting_side(user: User | AnonymousUser, initiative: Initiative) -> str | None:
    """The side for which ``user`` acts on ``initiative``: the side they own it for, else their country's."""
    for ownership in initiative.ownerships.all():
        if ownership.user_id == user.pk:
            return ownership.side
    return side_of(user)


def may_edit_glossary(user: User | AnonymousUser) -> bool:
    """The programme's glossary is kept by its coordinators (of any group) and admins."""
    return is_reviewer(user)


# --- everything else ------------------------------------------------------------------------------


def initiative_of(obj: Subject) -> Initiative:
    if isinstance(obj, Initiative):
        return obj
    if isinstance(obj, WorkingGroup):
        raise ValueError(f"A working group is the subject of {GROUP_ACTIONS} only")
    return obj.initiative


def can(user: User | AnonymousUser, action: str, obj: Subject) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    if action in GROUP_ACTIONS:
        group = obj if isinstance(obj, WorkingGroup) else initiative_of(obj).working_group
        return access.is_admin(user) or access.group_roles(user).get(group.pk) == COORDINATOR
    if action == "review" and isinstance(obj, Milestone):
        return may_review(user, obj)
    roles = roles_for(user, initiative_of(obj))
    if not roles:
        return False
    if action == "edit_comment":
        return isinstance(obj, Comment) and obj.author_id == user.pk
    return bool(roles & ACTION_ROLES[action])


def require(user: User | AnonymousUser, action: str, obj: Subject) -> None:
    """Raise ``Http404`` when the user may not read the object, ``PermissionDenied`` when they may not act."""
    if action not in GROUP_ACTIONS and not access.can_read(user, initiative_of(obj)):
        raise Http404(_("No such initiative."))
    if can(user, action, obj):
        return
    if action == "review" and isinstance(obj, Milestone):
        raise PermissionDenied(review_refusal(user, obj))
    raise PermissionDenied(_("You are not allowed to do that."))

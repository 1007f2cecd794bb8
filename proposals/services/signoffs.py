"""A joint milestone's signatures: one per side, recorded on the locked milestone, cleared when it is sent
back or cancelled. ``services.milestones.approve_milestone`` signs a joint milestone through here and
approves it once both sides have signed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.models import User

from .. import permissions
from ..models import Activity, Milestone, MilestoneSignoff
from .common import record_activity


def clear_signoffs(milestone: Milestone) -> None:
    """A joint milestone sent back or cancelled needs both sides' signatures again."""
    if milestone.is_joint:
        MilestoneSignoff.objects.filter(milestone=milestone).delete()


def signoff_details(milestone: Milestone) -> dict[str, dict[str, Any]]:
    """Each side's signature as an activity records it, by side, in the order given."""
    return {
        signoff.side: {
            "user_id": signoff.signed_by_id,
            "name": signoff.signed_by.name if signoff.signed_by else "",
            "note": signoff.note,
            "signed_at": signoff.created_at.isoformat(),
        }
        for signoff in milestone.signoffs.select_related("signed_by").order_by("created_at", "pk")
    }


def sign(milestone: Milestone, *, actor: User, note: str) -> tuple[str, dict[str, dict[str, Any]], list[str]]:
    """Record the signature of ``actor``'s side on a locked joint milestone the caller let them review.

    Returns the side, every signature so far (``signoff_details``) and the sides still awaited; while one
    is awaited, records ``milestone.signed``. A side that has signed is refused before this is called
    (``permissions.require(actor, "review", …)``).
    """
    side = permissions.side_of(actor)
    if side is None:  # ``may_review`` lets nobody without a side sign
        raise PermissionDenied(permissions.review_refusal(actor, milestone))
    MilestoneSignoff.objects.create(milestone=milestone, side=side, signed_by=actor, note=note)
    signoffs = signoff_details(milestone)
    pending = permissions.awaited_sides(signoffs)
    if pending:
        record_activity(
            actor=actor,
            verb=Activity.Verb.MILESTONE_SIGNED,
            milestone=milestone,
            details={"side": side, "note": note, "pending": pending[0]},
        )
    return side, signoffs, pending

"""A joint milestone's sign-offs as pages show them: each side, in order, with its signature or none."""

from __future__ import annotations

import dataclasses

from django import template

from .. import permissions
from ..models import Milestone, MilestoneSignoff, Side

register = template.Library()


@dataclasses.dataclass(frozen=True)
class SideSignoff:
    side: str
    label: str
    signoff: MilestoneSignoff | None


@register.filter
def side_signoffs(milestone: Milestone) -> list[SideSignoff]:
    """Korea, then Japan, each with its signature of ``milestone`` (from its prefetched ``signoffs``) or None."""
    if not milestone.is_joint:
        return []
    signed = {signoff.side: signoff for signoff in milestone.signoffs.all()}
    return [SideSignoff(side, str(label), signed.get(side)) for side, label in Side.choices]


@register.filter
def awaits_side_of(milestone: Milestone, user: object) -> bool:
    """Does ``milestone`` still wait for the side of ``user``? Always for a milestone that is not joint."""
    if not milestone.is_joint:
        return True
    side = permissions.side_of(user)  # type: ignore[arg-type]  # the template's user
    return side is not None and side not in permissions.signed_sides(milestone)

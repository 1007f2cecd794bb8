"""A joint milestone's sign-offs as pages show them: each side, in order, with its signature or none."""

from __future__ import annotations

from django import template

from .. import permissions
from ..models import Milestone

register = template.Library()


@register.filter
def side_signoffs(milestone: Milestone) -> list[permissions.SideSignoff]:
    """Korea, then Japan, each with its signature of ``milestone`` or None (``permissions.side_signoffs``)."""
    return permissions.side_signoffs(milestone)


@register.filter
def awaits_side_of(milestone: Milestone, user: object) -> bool:
    """Does ``milestone`` still wait for the side of ``user``? Always for a milestone that is not joint."""
    if not milestone.is_joint:
        return True
    side = permissions.side_of(user)  # type: ignore[arg-type]  # the template's user
    return side is not None and side not in permissions.signed_sides(milestone)

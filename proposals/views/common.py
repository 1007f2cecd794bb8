"""What every page shares: loading what a user may see, and the version a form was opened with."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .. import permissions
from ..models import Comment, Initiative, Milestone


def visible_initiative(user, slug: str) -> Initiative:
    initiative = get_object_or_404(Initiative.objects.select_related("working_group"), slug=slug)
    permissions.require(user, "view", initiative)
    return initiative


def visible_milestone(user, pk: int) -> Milestone:
    milestone = get_object_or_404(Milestone.objects.select_related("initiative__working_group", "owner"), pk=pk)
    permissions.require(user, "view", milestone)
    return milestone


def visible_comment(user, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("initiative__working_group", "author"), pk=pk)
    permissions.require(user, "view", comment)
    return comment


def version_of(form) -> int | None:
    value = form.cleaned_data.get("version")
    return None if value in (None, "") else int(value)

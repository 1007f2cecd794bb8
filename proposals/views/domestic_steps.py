"""Domestic steps on the site: the two sides' columns on the initiative page, and the add and edit forms."""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter, defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .. import permissions, services
from ..forms.domestic_steps import DomesticStepCreateForm, DomesticStepForm
from ..models import DomesticStep, Initiative, Milestone, Side
from ..services.domestic_steps import EDITABLE_FIELDS, manageable_sides, may_manage_side, side_refusal
from .common import visible_initiative
from .form_handling import add_to_initiative, edit_versioned, fields_of

ANCHOR = "#domestic-steps"


@dataclasses.dataclass
class SideColumn:
    """One side's steps on the initiative page."""

    side: str
    label: str
    legislature: str
    steps: list[DomesticStep]
    may_manage: bool


@dataclasses.dataclass
class Waiting:
    """ "Korea is waiting on Japan: 2 open steps required before “Sign the swap agreement”"."""

    side: str
    label: str
    other_label: str
    count: int
    milestone: Milestone


def legislature_of(side: str) -> str:
    return _("National Assembly") if side == Side.KOREA else _("Diet")


def domestic_steps_context(user: Any, initiative: Initiative, milestones: list[Milestone]) -> dict[str, Any]:
    """The "Domestic procedures" card: each side's steps (one query, whatever their number), what each side
    waits on from the other, and, on ``milestones``, ``open_domestic_steps`` (the open steps required before it).
    """
    by_id = {milestone.pk: milestone for milestone in milestones}
    steps = list(DomesticStep.objects.filter(initiative=initiative).select_related("owner").order_by("due_on", "pk"))
    by_side: dict[str, list[DomesticStep]] = defaultdict(list)
    open_before: Counter[tuple[str, int]] = Counter()
    for step in steps:
        if step.milestone_id is not None:
            step.milestone = by_id.get(step.milestone_id)
            if step.is_open:
                open_before[(step.side, step.milestone_id)] += 1
        by_side[step.side].append(step)
    sides = manageable_sides(user, initiative)
    columns = [
        SideColumn(side, str(label), legislature_of(side), by_side[side], side in sides) for side, label in Side.choices
    ]
    for milestone in milestones:
        milestone.open_domestic_steps = sum(  # type: ignore[attr-defined]  # for the milestone rows
            count for (_side, milestone_id), count in open_before.items() if milestone_id == milestone.pk
        )
    waiting = []
    # Korea's waiting first: the steps Japan still owes come first.
    for (side, milestone_id), count in sorted(open_before.items(), key=lambda item: (item[0][0] != "JP", item[0][1])):
        before = by_id.get(milestone_id)
        if before is None or before.is_closed:
            continue
        other = Side.JAPAN if side == Side.KOREA else Side.KOREA
        waiting.append(Waiting(str(other), str(Side(other).label), str(Side(side).label), count, before))
    return {"domestic_columns": columns, "domestic_waiting": waiting, "may_add_domestic_step": bool(sides)}


def _step_of(user: Any, pk: int) -> DomesticStep:
    step = get_object_or_404(DomesticStep.objects.select_related("initiative__working_group", "owner"), pk=pk)
    permissions.require(user, "view", step.initiative)
    return step


@login_required
def domestic_step_create(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "manage_domestic_steps", initiative)
    sides = manageable_sides(request.user, initiative)
    if not sides:
        own = permissions.acting_side(request.user, initiative)
        raise PermissionDenied(side_refusal(own) if own else _("You are not allowed to do that."))
    acting = permissions.acting_side(request.user, initiative)
    form = DomesticStepCreateForm(
        request.POST or None,
        initiative=initiative,
        sides=sides,
        initial={"side": acting if acting in sides else sides[0]},
    )
    return add_to_initiative(
        request,
        initiative,
        form,
        lambda data: services.add_domestic_step(
            initiative=initiative,
            actor=request.user,
            **fields_of(data, "side", "kind", "title", "status", "due_on", "done_on", "note", "owner", "milestone"),
        ),
        title=_("New domestic step for “%(title)s”") % {"title": initiative.title},
        submit=_("Add step"),
        anchor=ANCHOR,
        message=_("The domestic step is added."),
    )


@login_required
def domestic_step_edit(request, pk):
    step = _step_of(request.user, pk)
    initiative = step.initiative
    permissions.require(request.user, "manage_domestic_steps", initiative)
    if not may_manage_side(request.user, initiative, step.side):
        raise PermissionDenied(side_refusal(step.side))
    initial: dict[str, Any] = {name: getattr(step, name) for name in EDITABLE_FIELDS}
    initial["owner"] = step.owner.username if step.owner else None
    initial["milestone"] = step.milestone_id
    return edit_versioned(
        request,
        step,
        functools.partial(DomesticStepForm, initiative=initiative),
        lambda data, version: services.edit_domestic_step(
            step=step, actor=request.user, expected_version=version, **fields_of(data, *EDITABLE_FIELDS)
        ),
        fields=EDITABLE_FIELDS,
        initial=initial,
        title=_("Edit %(side)s's step “%(step)s”") % {"side": step.get_side_display(), "step": step},
        initiative=initiative,
        success_url=initiative.get_absolute_url() + ANCHOR,
        message=_("The domestic step is saved."),
    )

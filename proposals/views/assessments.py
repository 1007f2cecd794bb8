"""Each side's assessment of an initiative: posting one, its history, and the flagged disagreements."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.paging import page_of

from .. import permissions, selectors, services, sides
from .. import translations as texts
from ..forms.assessments import AssessmentForm
from ..models import Side
from .common import visible_initiative
from .form_handling import add_to_initiative, fields_of

PAGE_SIZE = 20


@login_required
def assessment_create(request, slug):
    """Post the user's side's assessment (the form sits on the initiative page; refused input is shown here)."""
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "assess", initiative)
    side = permissions.acting_side(request.user, initiative)
    if side is None:
        raise PermissionDenied(_("An assessment is given for Korea or for Japan; your profile names neither country."))
    return add_to_initiative(
        request,
        initiative,
        AssessmentForm(request.POST or None, auto_id="assessment_%s"),
        lambda data: services.post_assessment(
            initiative=initiative,
            actor=request.user,
            **fields_of(data, "rating", "rationale", "confidence", "next_update_on"),
        ),
        title=_("%(side)s's assessment of “%(title)s”") % {"side": Side(side).label, "title": initiative.title},
        submit=_("Post assessment"),
        anchor="#assessments",
        message=_("Your side's assessment is posted."),
    )


@login_required
def assessment_history(request, slug):
    """Every assessment of an initiative by both sides, newest first, a page at a time."""
    initiative = visible_initiative(request.user, slug)
    page = page_of(selectors.assessment_history(initiative=initiative), request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "proposals/assessment_history.html",
        {
            "nav": "initiatives",
            "initiative": initiative,
            "standing": sides.standing(initiative),
            "page": page,
            "assessments": page.object_list,
        },
    )


@login_required
def disagreements(request):
    """For coordinators and admins: the initiatives they may read whose two sides have disagreed too long."""
    if not permissions.is_reviewer(request.user):
        raise PermissionDenied(_("The list of disagreements is for coordinators and admins."))
    today = sides.programme_day()
    page = page_of(selectors.flagged_initiatives(user=request.user, today=today), request.GET.get("page"), PAGE_SIZE)
    rows = texts.attach(
        sides.with_standings(selectors.with_health_reasons(page.object_list), today), request.LANGUAGE_CODE
    )
    return render(
        request,
        "proposals/disagreements.html",
        {"nav": "review", "page": page, "rows": rows, "today": today, "flag_days": sides.flag_days()},
    )

"""Forms on milestones (create, edit, re-plan, the review workflow), indicators, readings, progress, evidence."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import FORM_ERRORS, StaleEdit
from core.forms import add_service_error

from .. import permissions, services
from ..forms import (
    EvidenceForm,
    IndicatorEditForm,
    IndicatorForm,
    MilestoneCreateForm,
    MilestoneForm,
    ProgressForm,
    ReadingForm,
    ReplanForm,
    TransitionForm,
)
from ..models import Indicator, LeadSide, Milestone
from .common import (
    version_of,
    visible_initiative,
    visible_milestone,
)
from .form_handling import (
    add_to_initiative,
    edit_versioned,
    fields_of,
    form_page,
    process,
    safe_next,
    saved_values,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# --- milestones -------------------------------------------------------------------------------------


@login_required
def milestone_create(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "edit_plan", initiative)
    return add_to_initiative(
        request,
        initiative,
        MilestoneCreateForm(
            request.POST or None,
            initiative=initiative,
            initial={"is_joint": initiative.lead_side == LeadSide.JOINT},
        ),
        lambda data: services.create_milestone(
            initiative=initiative,
            actor=request.user,
            **fields_of(data, "title", "description", "owner", "weight", "due_date", "is_joint"),
        ),
        title=_("New milestone for “%(title)s”") % {"title": initiative.title},
        submit=_("Add milestone"),
        anchor="#milestones",
        message=_("The milestone is added."),
    )


@login_required
def milestone_edit(request, pk):
    milestone = visible_milestone(request.user, pk)
    permissions.require(request.user, "edit_plan", milestone)
    fields = services.milestones.EDITABLE_FIELDS
    initial = {name: getattr(milestone, name) for name in fields}
    initial["owner"] = milestone.owner.username if milestone.owner else None
    return edit_versioned(
        request,
        milestone,
        functools.partial(MilestoneForm, initiative=milestone.initiative),
        lambda data, version: services.edit_milestone(
            milestone=milestone, actor=request.user, expected_version=version, **fields_of(data, *fields)
        ),
        fields=fields,
        initial=initial,
        title=_("Edit milestone “%(title)s”") % {"title": milestone.title},
        initiative=milestone.initiative,
        success_url=milestone.initiative.get_absolute_url() + "#milestones",
        message=_("The milestone is saved."),
    )


@login_required
def milestone_replan(request, pk):
    milestone = visible_milestone(request.user, pk)
    permissions.require(request.user, "edit_plan", milestone)
    return edit_versioned(
        request,
        milestone,
        ReplanForm,
        lambda data, version: services.replan_milestone(
            milestone=milestone,
            actor=request.user,
            due_date=data["due_date"],
            reason=data["reason"],
            expected_version=version,
        ),
        fields=["due_date"],
        title=_("Re-plan “%(title)s”") % {"title": milestone.title},
        initiative=milestone.initiative,
        success_url=milestone.initiative.get_absolute_url() + "#milestones",
        message=_("The milestone is re-planned."),
    )


# Lazy: the titles and messages are translated into the language of each request, not of the import.
TRANSITIONS: dict[str, tuple[Callable[..., Milestone], str, StrPromise, StrPromise, StrPromise]] = {
    "start": (
        services.start_milestone,
        "submit",
        gettext_lazy("Start work on “%(title)s”"),
        gettext_lazy("Start"),
        gettext_lazy("The milestone is in progress."),
    ),
    "submit": (
        services.submit_milestone,
        "submit",
        gettext_lazy("Submit “%(title)s” for review"),
        gettext_lazy("Submit for review"),
        gettext_lazy("The milestone is submitted for review."),
    ),
    "approve": (
        services.approve_milestone,
        "review",
        gettext_lazy("Approve “%(title)s”"),
        gettext_lazy("Approve"),
        gettext_lazy("The milestone is approved."),
    ),
    "request-changes": (
        services.request_changes,
        "review",
        gettext_lazy("Request changes to “%(title)s”"),
        gettext_lazy("Request changes"),
        gettext_lazy("Changes are requested."),
    ),
    "cancel": (
        services.cancel_milestone,
        "edit_plan",
        gettext_lazy("Cancel “%(title)s”"),
        gettext_lazy("Cancel milestone"),
        gettext_lazy("The milestone is cancelled."),
    ),
}


@login_required
def milestone_transition(request, pk, action):
    """start / submit / approve / request-changes / cancel, each with an optional (or required) note."""
    if action not in TRANSITIONS:
        raise Http404
    service, permission, title_text, submit, done = TRANSITIONS[action]
    milestone = visible_milestone(request.user, pk)
    initiative = milestone.initiative
    permissions.require(request.user, permission, milestone)
    title = title_text % {"title": milestone.title}
    inline = bool(request.headers.get("HX-Request"))
    if request.method != "POST":
        form = TransitionForm(initial={"version": milestone.version})
        return form_page(request, form, title=title, initiative=initiative, submit=submit, danger=action == "cancel")
    form = TransitionForm(request.POST)
    success_url = safe_next(request, initiative.get_absolute_url() + "#milestones")
    outcome = {"done": done}

    def perform(data):
        kwargs = {"milestone": milestone, "actor": request.user, "expected_version": version_of(form)}
        if action != "start":
            kwargs["note"] = data["note"]
        result = service(**kwargs)
        if action == "approve" and result.status == Milestone.Status.SUBMITTED:
            # One side of a joint milestone signed; the other side's sign-off is still awaited.
            outcome["done"] = gettext_lazy("Your side's signature is recorded. The other side's sign-off is pending.")
        milestone.status = result.status

    def redisplay(form, status, stale):
        if inline:
            return render(
                request,
                "includes/review_item.html",
                {"milestone": milestone, "transition_form": form, "done": None},
                status=status,
            )
        current = saved_values(form, milestone, ["status"]) if stale else None
        return form_page(
            request, form, title=title, initiative=initiative, submit=submit, status=status, current=current
        )

    if inline:
        if form.is_valid():
            try:
                perform(form.cleaned_data)
            except FORM_ERRORS as error:
                return redisplay(form, add_service_error(form, error), isinstance(error, StaleEdit))
            return render(request, "includes/review_item.html", {"milestone": milestone, "done": outcome["done"]})
        return redisplay(form, 400, False)
    message = lazy(lambda: str(outcome["done"]), str)()
    return process(request, form, perform, success_url=success_url, message=message, redisplay=redisplay)


# --- indicators, progress, evidence ---------------------------------------------------------------------


@login_required
def indicator_create(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "edit_plan", initiative)
    return add_to_initiative(
        request,
        initiative,
        IndicatorForm(request.POST or None),
        lambda data: services.create_indicator(
            initiative=initiative, actor=request.user, **fields_of(data, "name", "unit", "baseline", "target")
        ),
        title=_("New indicator for “%(title)s”") % {"title": initiative.title},
        submit=_("Add indicator"),
        anchor="#indicators",
        message=_("The indicator is added."),
    )


@login_required
def indicator_edit(request, slug, indicator_pk):
    initiative = visible_initiative(request.user, slug)
    indicator = get_object_or_404(
        Indicator.objects.select_related("initiative"), pk=indicator_pk, initiative=initiative
    )
    permissions.require(request.user, "edit_plan", initiative)
    fields = ("name", "unit", "baseline", "target")
    return edit_versioned(
        request,
        indicator,
        IndicatorEditForm,
        lambda data, version: services.edit_indicator(
            indicator=indicator, actor=request.user, expected_version=version, **fields_of(data, *fields)
        ),
        fields=fields,
        title=_("Edit indicator “%(name)s”") % {"name": indicator.name},
        initiative=initiative,
        success_url=initiative.get_absolute_url() + "#indicators",
        message=_("The indicator is saved."),
    )


@login_required
def reading_create(request, slug, indicator_pk):
    initiative = visible_initiative(request.user, slug)
    indicator = get_object_or_404(
        Indicator.objects.select_related("initiative"), pk=indicator_pk, initiative=initiative
    )
    permissions.require(request.user, "edit_plan", initiative)
    return add_to_initiative(
        request,
        initiative,
        ReadingForm(request.POST or None, initiative=initiative),
        lambda data: services.add_reading(
            indicator=indicator, actor=request.user, **fields_of(data, "date", "value", "evidence", "note")
        ),
        title=_("New reading of “%(name)s”") % {"name": indicator.name},
        submit=_("Record reading"),
        anchor="#indicators",
        message=_("The reading is recorded."),
    )


@login_required
def progress_create(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "log_progress", initiative)
    return add_to_initiative(
        request,
        initiative,
        ProgressForm(request.POST or None, initiative=initiative),
        lambda data: services.log_progress(
            initiative=initiative, actor=request.user, **fields_of(data, "note", "percent", "milestone", "date")
        ),
        title=_("Log progress on “%(title)s”") % {"title": initiative.title},
        submit=_("Log progress"),
        anchor="#progress",
        message=_("Your progress update is logged."),
    )


@login_required
def evidence_create(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "add_evidence", initiative)
    return add_to_initiative(
        request,
        initiative,
        EvidenceForm(request.POST or None, initiative=initiative),
        lambda data: services.add_evidence(
            initiative=initiative,
            actor=request.user,
            **fields_of(data, "url", "title", "kind", "published_on", "milestone", "note"),
        ),
        title=_("Add evidence to “%(title)s”") % {"title": initiative.title},
        submit=_("Add evidence"),
        anchor="#evidence",
        message=_("The evidence is added."),
    )

"""Every form of the site. Each parses input, calls one service and redirects; refusals redisplay the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import WorkingGroup

from .. import permissions, services
from ..exceptions import StaleEdit
from ..forms import (
    CommentEditForm,
    CommentForm,
    EvidenceForm,
    HideForm,
    IndicatorEditForm,
    IndicatorForm,
    InitiativeCreateForm,
    InitiativeForm,
    MilestoneCreateForm,
    MilestoneForm,
    OwnerForm,
    ProgressForm,
    ReadingForm,
    ReplanForm,
    StatusForm,
    TransitionForm,
    VisibilityForm,
)
from ..rendering import render_markdown
from .common import (
    SERVICE_ERRORS,
    add_service_error,
    version_of,
    visible_comment,
    visible_indicator,
    visible_initiative,
    visible_milestone,
)


def safe_next(request, default: str) -> str:
    """The ``next`` the form carried, if it points back into this site; else ``default``."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def form_page(request, form, *, title, initiative=None, back=None, submit=None, status=200, current=None,
              intro="", danger=False):
    """The one template for a form on its own page (also where a form from the initiative page is redisplayed)."""
    return render(request, "proposals/form_page.html", {
        "nav": "initiatives",
        "form": form,
        "title": title,
        "initiative": initiative,
        "back": back or (initiative.get_absolute_url() if initiative else reverse("proposals:dashboard")),
        "submit": submit or _("Save"),
        "current": current,
        "intro": intro,
        "danger": danger,
    }, status=status)


def process(request, form, perform, *, success_url, message, redisplay):
    """Valid input → the service → a message and a redirect; otherwise the form again, with what the user typed.

    ``redisplay(form, status, stale)`` renders the form page; on a stale edit it shows the other person's change.
    """
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except SERVICE_ERRORS as error:
            status = add_service_error(form, error)
            return redisplay(form, status, isinstance(error, StaleEdit))
        messages.success(request, message)
        return redirect(success_url)
    return redisplay(form, 400, False)


def add_to_initiative(request, initiative, form, perform, *, title, submit, anchor, message):
    """A form that adds something to an initiative: GET shows it, POST runs ``perform`` and returns to ``anchor``."""

    def redisplay(form, status, stale):
        return form_page(request, form, title=title, initiative=initiative, status=status, submit=submit)

    if request.method != "POST":
        return redisplay(form, 200, False)
    return process(request, form, perform, success_url=initiative.get_absolute_url() + anchor, message=message,
                   redisplay=redisplay)


def _fields(data: dict, *names) -> dict:
    return {name: data[name] for name in names}


# --- initiatives ----------------------------------------------------------------------------------


@login_required
def initiative_create(request, group_slug):
    group = get_object_or_404(WorkingGroup, slug=group_slug)
    permissions.require(request.user, "create_initiative", group)
    form = InitiativeCreateForm(request.POST or None)
    title = _("New initiative in %(group)s") % {"group": group.name}
    created = {}

    def perform(data):
        created["initiative"] = services.create_initiative(
            actor=request.user, working_group=group,
            **_fields(data, "title", "summary", "description", "pillar", "lead_side", "start_date", "target_date",
                      "status", "visibility"),
        )

    if request.method != "POST":
        return form_page(request, form, title=title, back=reverse("proposals:group-detail", args=[group.slug]),
                         submit=_("Create initiative"))
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except SERVICE_ERRORS as error:
            status = add_service_error(form, error)
            return form_page(request, form, title=title, status=status, submit=_("Create initiative"))
        messages.success(request, _("The initiative is created. Add its owners and milestones next."))
        return redirect(created["initiative"])
    return form_page(request, form, title=title, status=400, submit=_("Create initiative"))


def _initiative_values(initiative) -> dict:
    return {field: getattr(initiative, field) for field in services.initiatives.EDITABLE_FIELDS}


def _current(form, obj, names) -> list[tuple[str, object]]:
    """The saved values someone else wrote, labelled as the form labels them (or as the model does)."""
    obj.refresh_from_db()
    rows = []
    for name in names:
        label = form.fields[name].label if name in form.fields else capfirst(obj._meta.get_field(name).verbose_name)
        display = getattr(obj, f"get_{name}_display", None)
        rows.append((label, display() if display else getattr(obj, name)))
    return rows


@login_required
def initiative_edit(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "edit_initiative", initiative)
    title = _("Edit “%(title)s”") % {"title": initiative.title}
    if request.method != "POST":
        form = InitiativeForm(initial={**_initiative_values(initiative), "version": initiative.version})
        return form_page(request, form, title=title, initiative=initiative)
    form = InitiativeForm(request.POST)

    def perform(data):
        services.edit_initiative(initiative=initiative, actor=request.user, expected_version=version_of(form),
                                 **_fields(data, *services.initiatives.EDITABLE_FIELDS))

    def redisplay(form, status, stale):
        current = _current(form, initiative, services.initiatives.EDITABLE_FIELDS) if stale else None
        return form_page(request, form, title=title, initiative=initiative, status=status, current=current)

    return process(request, form, perform, success_url=initiative.get_absolute_url(),
                   message=_("The initiative is saved."), redisplay=redisplay)


@login_required
def initiative_status(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "change_status", initiative)
    title = _("Change the status of “%(title)s”") % {"title": initiative.title}
    if request.method != "POST":
        form = StatusForm(initial={"status": initiative.status, "version": initiative.version})
        return form_page(request, form, title=title, initiative=initiative)
    form = StatusForm(request.POST)

    def perform(data):
        services.change_initiative_status(initiative=initiative, actor=request.user, status=data["status"],
                                          note=data["note"], expected_version=version_of(form))

    def redisplay(form, status, stale):
        current = _current(form, initiative, ["status"]) if stale else None
        return form_page(request, form, title=title, initiative=initiative, status=status, current=current)

    return process(request, form, perform, success_url=initiative.get_absolute_url(),
                   message=_("The status is changed."), redisplay=redisplay)


@login_required
def initiative_visibility(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "edit_initiative", initiative)
    title = _("Who can read “%(title)s”") % {"title": initiative.title}
    if request.method != "POST":
        form = VisibilityForm(initial={"visibility": initiative.visibility, "version": initiative.version})
        return form_page(request, form, title=title, initiative=initiative)
    form = VisibilityForm(request.POST)

    def perform(data):
        services.change_initiative_visibility(initiative=initiative, actor=request.user,
                                              visibility=data["visibility"], expected_version=version_of(form))

    def redisplay(form, status, stale):
        current = _current(form, initiative, ["visibility"]) if stale else None
        return form_page(request, form, title=title, initiative=initiative, status=status, current=current)

    return process(request, form, perform, success_url=initiative.get_absolute_url(),
                   message=_("The visibility is changed."), redisplay=redisplay)


@login_required
def initiative_owners(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "manage_owners", initiative)
    form = OwnerForm(request.POST or None)
    ownerships = initiative.ownerships.select_related("user").order_by("side", "user__username")

    def page(form, status, stale=False):
        return render(request, "proposals/owners.html", {
            "nav": "initiatives", "initiative": initiative, "form": form, "ownerships": ownerships,
        }, status=status)

    if request.method != "POST":
        return page(form, 200)

    def perform(data):
        services.add_owner(initiative=initiative, actor=request.user, user=data["user"], side=data["side"])

    return process(request, form, perform, success_url=reverse("proposals:initiative-owners", args=[slug]),
                   message=_("The owner is added."), redisplay=page)


@login_required
@require_POST
def initiative_owner_remove(request, slug, username):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "manage_owners", initiative)
    user = get_object_or_404(initiative.owners.all(), username=username)
    try:
        services.remove_owner(initiative=initiative, actor=request.user, user=user)
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("%(name)s no longer owns this initiative.") % {"name": user.name})
    return redirect("proposals:initiative-owners", slug=slug)


@login_required
@require_POST
def initiative_follow(request, slug):
    initiative = visible_initiative(request.user, slug)
    if request.POST.get("follow") == "0":
        services.unfollow_initiative(initiative=initiative, actor=request.user)
        following = False
    else:
        services.follow_initiative(initiative=initiative, actor=request.user)
        following = True
    if request.headers.get("HX-Request"):
        return render(request, "includes/follow_button.html", {"initiative": initiative, "following": following})
    messages.success(request, _("You follow this initiative.") if following else _("You no longer follow it."))
    return redirect(safe_next(request, initiative.get_absolute_url()))


# --- milestones -------------------------------------------------------------------------------------


@login_required
def milestone_create(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "edit_plan", initiative)
    return add_to_initiative(
        request, initiative, MilestoneCreateForm(request.POST or None),
        lambda data: services.create_milestone(
            initiative=initiative, actor=request.user,
            **_fields(data, "title", "description", "owner", "weight", "due_date")),
        title=_("New milestone for “%(title)s”") % {"title": initiative.title}, submit=_("Add milestone"),
        anchor="#milestones", message=_("The milestone is added."),
    )


@login_required
def milestone_edit(request, pk):
    milestone = visible_milestone(request.user, pk)
    initiative = milestone.initiative
    permissions.require(request.user, "edit_plan", milestone)
    title = _("Edit milestone “%(title)s”") % {"title": milestone.title}
    fields = services.milestones.EDITABLE_FIELDS
    if request.method != "POST":
        initial = {name: getattr(milestone, name) for name in fields}
        initial["owner"] = milestone.owner.username if milestone.owner else None
        form = MilestoneForm(initial={**initial, "version": milestone.version})
        return form_page(request, form, title=title, initiative=initiative)
    form = MilestoneForm(request.POST)

    def perform(data):
        services.edit_milestone(milestone=milestone, actor=request.user, expected_version=version_of(form),
                                **_fields(data, *fields))

    def redisplay(form, status, stale):
        current = _current(form, milestone, fields) if stale else None
        return form_page(request, form, title=title, initiative=initiative, status=status, current=current)

    return process(request, form, perform, success_url=initiative.get_absolute_url() + "#milestones",
                   message=_("The milestone is saved."), redisplay=redisplay)


@login_required
def milestone_replan(request, pk):
    milestone = visible_milestone(request.user, pk)
    initiative = milestone.initiative
    permissions.require(request.user, "edit_plan", milestone)
    title = _("Re-plan “%(title)s”") % {"title": milestone.title}
    if request.method != "POST":
        form = ReplanForm(initial={"due_date": milestone.due_date, "version": milestone.version})
        return form_page(request, form, title=title, initiative=initiative)
    form = ReplanForm(request.POST)

    def perform(data):
        services.replan_milestone(milestone=milestone, actor=request.user, due_date=data["due_date"],
                                  reason=data["reason"], expected_version=version_of(form))

    def redisplay(form, status, stale):
        current = _current(form, milestone, ["due_date"]) if stale else None
        return form_page(request, form, title=title, initiative=initiative, status=status, current=current)

    return process(request, form, perform, success_url=initiative.get_absolute_url() + "#milestones",
                   message=_("The milestone is re-planned."), redisplay=redisplay)


# Lazy: the titles and messages are translated into the language of each request, not of the import.
TRANSITIONS = {
    "start": (services.start_milestone, "submit", gettext_lazy("Start work on “%(title)s”"),
              gettext_lazy("Start"), gettext_lazy("The milestone is in progress.")),
    "submit": (services.submit_milestone, "submit", gettext_lazy("Submit “%(title)s” for review"),
               gettext_lazy("Submit for review"), gettext_lazy("The milestone is submitted for review.")),
    "approve": (services.approve_milestone, "review", gettext_lazy("Approve “%(title)s”"),
                gettext_lazy("Approve"), gettext_lazy("The milestone is approved.")),
    "request-changes": (services.request_changes, "review", gettext_lazy("Request changes to “%(title)s”"),
                        gettext_lazy("Request changes"), gettext_lazy("Changes are requested.")),
    "cancel": (services.cancel_milestone, "edit_plan", gettext_lazy("Cancel “%(title)s”"),
               gettext_lazy("Cancel milestone"), gettext_lazy("The milestone is cancelled.")),
}


@login_required
def milestone_transition(request, pk, action):
    """start / submit / approve / request-changes / cancel, each with an optional (or required) note."""
    if action not in TRANSITIONS:
        raise Http404
    service, permission, title_text, submit, done = TRANSITIONS[action]
    milestone = visible_milestone(request.user, pk)
    initiative = milestone.initiative
    if action in ("approve", "request-changes") and milestone.submitted_by_id == request.user.pk:
        raise PermissionDenied(_("You cannot review a milestone you submitted yourself."))
    permissions.require(request.user, permission, milestone)
    title = title_text % {"title": milestone.title}
    inline = bool(request.headers.get("HX-Request"))
    if request.method != "POST":
        form = TransitionForm(initial={"version": milestone.version})
        return form_page(request, form, title=title, initiative=initiative, submit=submit,
                         danger=action == "cancel")
    form = TransitionForm(request.POST)
    success_url = safe_next(request, initiative.get_absolute_url() + "#milestones")

    def perform(data):
        kwargs = {"milestone": milestone, "actor": request.user, "expected_version": version_of(form)}
        if action != "start":
            kwargs["note"] = data["note"]
        result = service(**kwargs)
        milestone.status = result.status

    def redisplay(form, status, stale):
        if inline:
            return render(request, "includes/review_item.html",
                          {"milestone": milestone, "transition_form": form, "done": None}, status=status)
        current = _current(form, milestone, ["status"]) if stale else None
        return form_page(request, form, title=title, initiative=initiative, submit=submit, status=status,
                         current=current)

    if inline:
        if form.is_valid():
            try:
                perform(form.cleaned_data)
            except SERVICE_ERRORS as error:
                return redisplay(form, add_service_error(form, error), isinstance(error, StaleEdit))
            return render(request, "includes/review_item.html", {"milestone": milestone, "done": done})
        return redisplay(form, 400, False)
    return process(request, form, perform, success_url=success_url, message=done, redisplay=redisplay)


# --- indicators, progress, evidence ---------------------------------------------------------------------


@login_required
def indicator_create(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "edit_plan", initiative)
    return add_to_initiative(
        request, initiative, IndicatorForm(request.POST or None),
        lambda data: services.create_indicator(
            initiative=initiative, actor=request.user, **_fields(data, "name", "unit", "baseline", "target")),
        title=_("New indicator for “%(title)s”") % {"title": initiative.title}, submit=_("Add indicator"),
        anchor="#indicators", message=_("The indicator is added."),
    )


@login_required
def indicator_edit(request, slug, indicator_pk):
    initiative = visible_initiative(request.user, slug)
    indicator = visible_indicator(request.user, initiative, indicator_pk)
    permissions.require(request.user, "edit_plan", initiative)
    title = _("Edit indicator “%(name)s”") % {"name": indicator.name}
    fields = ("name", "unit", "baseline", "target")
    if request.method != "POST":
        form = IndicatorEditForm(initial={**{name: getattr(indicator, name) for name in fields},
                                          "version": indicator.version})
        return form_page(request, form, title=title, initiative=initiative)
    form = IndicatorEditForm(request.POST)

    def perform(data):
        services.edit_indicator(indicator=indicator, actor=request.user, expected_version=version_of(form),
                                **_fields(data, *fields))

    def redisplay(form, status, stale):
        current = _current(form, indicator, fields) if stale else None
        return form_page(request, form, title=title, initiative=initiative, status=status, current=current)

    return process(request, form, perform, success_url=initiative.get_absolute_url() + "#indicators",
                   message=_("The indicator is saved."), redisplay=redisplay)


@login_required
def reading_create(request, slug, indicator_pk):
    initiative = visible_initiative(request.user, slug)
    indicator = visible_indicator(request.user, initiative, indicator_pk)
    permissions.require(request.user, "edit_plan", initiative)
    return add_to_initiative(
        request, initiative, ReadingForm(request.POST or None, initiative=initiative),
        lambda data: services.add_reading(
            indicator=indicator, actor=request.user, **_fields(data, "date", "value", "evidence", "note")),
        title=_("New reading of “%(name)s”") % {"name": indicator.name}, submit=_("Record reading"),
        anchor="#indicators", message=_("The reading is recorded."),
    )


@login_required
def progress_create(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "log_progress", initiative)
    return add_to_initiative(
        request, initiative, ProgressForm(request.POST or None, initiative=initiative),
        lambda data: services.log_progress(
            initiative=initiative, actor=request.user, **_fields(data, "note", "percent", "milestone", "date")),
        title=_("Log progress on “%(title)s”") % {"title": initiative.title}, submit=_("Log progress"),
        anchor="#progress", message=_("Your progress update is logged."),
    )


@login_required
def evidence_create(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "add_evidence", initiative)
    return add_to_initiative(
        request, initiative, EvidenceForm(request.POST or None, initiative=initiative),
        lambda data: services.add_evidence(
            initiative=initiative, actor=request.user,
            **_fields(data, "url", "title", "kind", "published_on", "milestone", "note")),
        title=_("Add evidence to “%(title)s”") % {"title": initiative.title}, submit=_("Add evidence"),
        anchor="#evidence", message=_("The evidence is added."),
    )


# --- comments ---------------------------------------------------------------------------------------------


@login_required
def comment_create(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "comment", initiative)
    return add_to_initiative(
        request, initiative, CommentForm(request.POST or None, initiative=initiative),
        lambda data: services.add_comment(
            initiative=initiative, actor=request.user, body=data["body"], milestone=data["milestone"]),
        title=_("Comment on “%(title)s”") % {"title": initiative.title}, submit=_("Post comment"),
        anchor="#comments", message=_("Your comment is posted."),
    )


@login_required
@require_POST
def comment_preview(request):
    """The rendered, sanitized Markdown of a draft (htmx), exactly as it will be shown."""
    body = request.POST.get("body", "")[:20_000]
    return HttpResponse(render_markdown(body) or "<p class='empty'>%s</p>" % _("Nothing to preview yet."))


@login_required
def comment_edit(request, pk):
    comment = visible_comment(request.user, pk)
    initiative = comment.initiative
    if not permissions.can(request.user, "edit_comment", comment):
        raise PermissionDenied(_("Only the author can edit a comment."))
    revisions = list(comment.revisions.select_related("edited_by").order_by("-created_at"))
    title = _("Edit your comment")
    form = CommentEditForm(request.POST or None, initial={"body": comment.body, "version": comment.version})

    def page(form, status, stale=False):
        return render(request, "proposals/comment_edit.html", {
            "nav": "initiatives", "initiative": initiative, "comment": comment, "form": form, "title": title,
            "revisions": revisions, "current_body": comment.body if stale else None,
        }, status=status)

    if request.method != "POST":
        return page(form, 200)

    def perform(data):
        services.edit_comment(comment=comment, actor=request.user, body=data["body"],
                              expected_version=version_of(form))

    def redisplay(form, status, stale):
        if stale:
            comment.refresh_from_db()
        return page(form, status, stale)

    return process(request, form, perform, success_url=initiative.get_absolute_url() + f"#comment-{comment.pk}",
                   message=_("Your comment is saved; the earlier text is kept in its history."), redisplay=redisplay)


@login_required
@require_POST
def comment_moderate(request, pk, action):
    comment = visible_comment(request.user, pk)
    permissions.require(request.user, "moderate", comment)
    if action == "hide":
        form = HideForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.hide_comment(comment=comment, actor=request.user, reason=reason)
        messages.success(request, _("The comment is hidden from readers."))
    elif action == "unhide":
        services.unhide_comment(comment=comment, actor=request.user)
        messages.success(request, _("The comment is visible again."))
    else:
        raise Http404
    return redirect(comment.initiative.get_absolute_url() + f"#comment-{comment.pk}")


# --- working groups ------------------------------------------------------------------------------------------


@login_required
@require_POST
def group_follow(request, slug):
    group = get_object_or_404(WorkingGroup, slug=slug)
    if request.POST.get("follow") == "0":
        services.unfollow_working_group(working_group=group, actor=request.user)
        messages.success(request, _("You no longer follow %(group)s.") % {"group": group.name})
    else:
        services.follow_working_group(working_group=group, actor=request.user)
        messages.success(request, _("You follow %(group)s.") % {"group": group.name})
    return redirect("proposals:group-detail", slug=slug)

"""Forms on initiatives (create, edit, status, visibility, owners, following) and following working groups."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import WorkingGroup
from core.errors import FORM_ERRORS
from core.forms import add_service_error

from .. import permissions, services
from ..forms import (
    InitiativeCreateForm,
    InitiativeForm,
    InitiativeInGroupForm,
    OwnerForm,
    PublicationForm,
    StatusForm,
    VisibilityForm,
)
from .common import (
    version_of,
    visible_initiative,
)
from .form_handling import (
    edit_versioned,
    fields_of,
    form_page,
    process,
    safe_next,
)

# --- initiatives ----------------------------------------------------------------------------------


#: Edited fields a posted form may leave out (empty), keeping what is stored.
OPTIONAL = ("original_language", "assessment_cadence")
CREATE_FIELDS = (
    "title",
    "summary",
    "description",
    "pillar",
    "lead_side",
    "start_date",
    "target_date",
    "status",
    "visibility",
    "original_language",
)


@login_required
def initiative_create(request, group_slug):
    """A new initiative in a named working group (from the group's page)."""
    group = get_object_or_404(WorkingGroup, slug=group_slug)
    permissions.require(request.user, "create_initiative", group)
    form = InitiativeCreateForm(request.POST or None, initial={"original_language": request.user.language})
    title = _("New initiative in %(group)s") % {"group": group.name}
    return _create(request, form, title, lambda data: group, back=reverse("proposals:group-detail", args=[group.slug]))


@login_required
def initiative_new(request):
    """A new initiative, the working group chosen on the form among those the user may create in."""
    groups = permissions.groups_coordinated_by(request.user)
    if not groups.exists():
        raise PermissionDenied(_("Only a working group's coordinators can create its initiatives."))
    form = InitiativeInGroupForm(
        request.POST or None, groups=groups, initial={"original_language": request.user.language}
    )
    return _create(
        request,
        form,
        _("New initiative"),
        lambda data: data["working_group"],
        back=reverse("proposals:initiative-list"),
    )


def _create(request, form, title, group_of, *, back: str):
    created = {}

    def perform(data):
        created["initiative"] = services.create_initiative(
            actor=request.user, working_group=group_of(data), **fields_of(data, *CREATE_FIELDS)
        )

    if request.method != "POST":
        return form_page(request, form, title=title, back=back, submit=_("Create initiative"))
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except FORM_ERRORS as error:
            status = add_service_error(form, error)
            return form_page(request, form, title=title, status=status, submit=_("Create initiative"))
        messages.success(request, _("The initiative is created. Add its owners and milestones next."))
        return redirect(created["initiative"])
    return form_page(request, form, title=title, status=400, submit=_("Create initiative"))


@login_required
def initiative_edit(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "edit_initiative", initiative)
    fields = services.initiatives.EDITABLE_FIELDS
    return edit_versioned(
        request,
        initiative,
        InitiativeForm,
        lambda data, version: services.edit_initiative(
            initiative=initiative,
            actor=request.user,
            expected_version=version,
            # A form posted without the language (or the cadence) leaves it as it is.
            **{name: value for name, value in fields_of(data, *fields).items() if name not in OPTIONAL or value},
        ),
        fields=fields,
        title=_("Edit “%(title)s”") % {"title": initiative.title},
        initiative=initiative,
        success_url=initiative.get_absolute_url(),
        message=_("The initiative is saved."),
    )


@login_required
def initiative_status(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "change_status", initiative)
    return edit_versioned(
        request,
        initiative,
        StatusForm,
        lambda data, version: services.change_initiative_status(
            initiative=initiative,
            actor=request.user,
            status=data["status"],
            note=data["note"],
            expected_version=version,
        ),
        fields=["status"],
        title=_("Change the status of “%(title)s”") % {"title": initiative.title},
        initiative=initiative,
        success_url=initiative.get_absolute_url(),
        message=_("The status is changed."),
    )


@login_required
def initiative_visibility(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "edit_initiative", initiative)
    return edit_versioned(
        request,
        initiative,
        VisibilityForm,
        lambda data, version: services.change_initiative_visibility(
            initiative=initiative, actor=request.user, visibility=data["visibility"], expected_version=version
        ),
        fields=["visibility"],
        title=_("Who can read “%(title)s”") % {"title": initiative.title},
        initiative=initiative,
        success_url=initiative.get_absolute_url(),
        message=_("The visibility is changed."),
    )


@login_required
def initiative_publication(request, slug):
    """Publish the initiative as open data, or withdraw it (a button on its page; a form page when refused)."""
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "publish", initiative)
    form = PublicationForm(request.POST if request.method == "POST" else None, initial={"public": "1"})
    title = _("Open data: “%(title)s”") % {"title": initiative.title}
    intro = _(
        "Published initiatives are listed, with their progress, health and next milestone, on the open-data "
        "page and downloads, for anyone."
    )

    def redisplay(form, status, stale):
        return form_page(request, form, title=title, initiative=initiative, status=status, intro=intro)

    if request.method != "POST":
        return redisplay(form, 200, False)
    return process(
        request,
        form,
        lambda data: services.publish_initiative(
            initiative=initiative, actor=request.user, public=data["public"], expected_version=version_of(form)
        ),
        success_url=initiative.get_absolute_url(),
        message=_("Open data updated."),
        redisplay=redisplay,
    )


@login_required
def initiative_owners(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "manage_owners", initiative)
    form = OwnerForm(request.POST or None)
    ownerships = initiative.ownerships.select_related("user").order_by("side", "user__username")

    def page(form, status, stale=False):
        return render(
            request,
            "proposals/owners.html",
            {
                "nav": "initiatives",
                "initiative": initiative,
                "form": form,
                "ownerships": ownerships,
            },
            status=status,
        )

    if request.method != "POST":
        return page(form, 200)

    def perform(data):
        services.add_owner(initiative=initiative, actor=request.user, user=data["user"], side=data["side"])

    return process(
        request,
        form,
        perform,
        success_url=reverse("proposals:initiative-owners", args=[slug]),
        message=_("The owner is added."),
        redisplay=page,
    )


@login_required
@require_POST
def initiative_owner_remove(request, slug, username):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "manage_owners", initiative)
    user = get_object_or_404(initiative.owners.all(), username=username)
    try:
        services.remove_owner(initiative=initiative, actor=request.user, user=user)
    except FORM_ERRORS as error:
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

"""Initiatives, milestones, indicators and comment moderation: saved through the services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import (
    Comment,
    Indicator,
    Initiative,
    Milestone,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from .base import (
    COMMENT_FIELDS,
    DOMAIN_ERRORS,
    TIMESTAMPS,
    WORKFLOW_FIELDS,
    CommentRevisionInline,
    EvidenceLinkInline,
    IndicatorInline,
    IndicatorReadingInline,
    InitiativeOwnerInline,
    MilestoneInline,
    ServiceAdmin,
    SourceReferenceInline,
    excerpt,
)

# Written through the services ---------------------------------------------------


@admin.register(Initiative)
class InitiativeAdmin(ServiceAdmin):
    through = ""
    list_display = ["title", "working_group", "pillar", "status", "lead_side", "visibility", "target_date"]
    list_filter = ["pillar", "status", "lead_side", "visibility", "working_group"]
    list_select_related = ["working_group"]
    search_fields = ["title", "summary", "slug"]
    autocomplete_fields = ["working_group"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description"]}),
        (_("Classification"), {"fields": ["working_group", "pillar", "status", "lead_side", "visibility"]}),
        (_("Dates"), {"fields": ["start_date", "target_date"]}),
        (_("Record"), {"fields": ["created_by", *TIMESTAMPS, "version"]}),
    ]
    inlines = [InitiativeOwnerInline, MilestoneInline, IndicatorInline, SourceReferenceInline, EvidenceLinkInline]

    def get_readonly_fields(self, request, obj=None):
        fields = ["created_by", *TIMESTAMPS, "version"]
        # A slug is a page's address and the group decides who reads it: both are fixed once created.
        return [*fields, "slug", "working_group"] if obj is not None else fields

    def perform(self, request, original, form):
        data = form.cleaned_data
        if original is None:
            return services.create_initiative(
                actor=request.user,
                working_group=data["working_group"],
                title=data["title"],
                summary=data["summary"],
                pillar=data["pillar"],
                description=data.get("description", ""),
                status=data["status"],
                lead_side=data["lead_side"],
                start_date=data.get("start_date"),
                target_date=data.get("target_date"),
                visibility=data["visibility"],
                slug=data.get("slug", ""),
            )
        initiative = original
        version = data.get("expected_version")
        edits = self.changes(form, services.initiatives.EDITABLE_FIELDS)
        if edits:
            initiative = services.edit_initiative(
                initiative=initiative, actor=request.user, expected_version=version, **edits
            )
            version = initiative.version
        if "status" in form.changed_data:
            initiative = services.change_initiative_status(
                initiative=initiative, actor=request.user, status=data["status"], expected_version=version
            )
            version = initiative.version
        if "visibility" in form.changed_data:
            initiative = services.change_initiative_visibility(
                initiative=initiative, actor=request.user, visibility=data["visibility"], expected_version=version
            )
        return initiative


@admin.register(Milestone)
class MilestoneAdmin(ServiceAdmin):
    list_display = ["title", "initiative", "owner", "due_date", "weight", "status", "is_overdue"]
    list_filter = ["status", "initiative__working_group"]
    list_select_related = ["initiative", "owner"]
    search_fields = ["title", "description", "initiative__title"]
    date_hierarchy = "due_date"
    autocomplete_fields = ["initiative", "owner"]
    fieldsets = [
        (None, {"fields": ["initiative", "title", "description", "owner", "due_date", "weight", "status"]}),
        (
            _("Review"),
            {
                "fields": ["submitted_by", "submitted_at", "decided_by", "decided_at"],
                "description": _(
                    "The review workflow runs on the site or through the actions of the list, "
                    "with the same rules and activity."
                ),
            },
        ),
        (_("Record"), {"fields": [*TIMESTAMPS, "version"]}),
    ]
    actions = ["approve_selected", "cancel_selected"]

    def get_readonly_fields(self, request, obj=None):
        fields = [*TIMESTAMPS, "version", *WORKFLOW_FIELDS]
        return [*fields, "initiative"] if obj is not None else fields

    def perform(self, request, original, form):
        data = form.cleaned_data
        if original is None:
            return services.create_milestone(
                initiative=data["initiative"],
                actor=request.user,
                title=data["title"],
                due_date=data["due_date"],
                description=data.get("description", ""),
                owner=data.get("owner"),
                weight=data["weight"],
            )
        milestone = original
        version = data.get("expected_version")
        edits = self.changes(form, services.milestones.EDITABLE_FIELDS)
        if edits:
            milestone = services.edit_milestone(
                milestone=milestone, actor=request.user, expected_version=version, **edits
            )
            version = milestone.version
        if "due_date" in form.changed_data:
            milestone = services.replan_milestone(
                milestone=milestone, actor=request.user, due_date=data["due_date"], expected_version=version
            )
        return milestone

    def _run(self, request, queryset, service, done: StrOrPromise) -> None:
        for milestone in queryset.select_related("initiative__working_group"):
            try:
                service(milestone=milestone, actor=request.user)
            except DOMAIN_ERRORS as error:
                self.message_user(request, f"{milestone}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"{milestone}: {done}", messages.SUCCESS)

    @admin.action(description=_("Approve the selected submitted milestones"))
    def approve_selected(self, request, queryset):
        self._run(request, queryset, services.approve_milestone, _("approved"))

    @admin.action(description=_("Cancel the selected milestones"))
    def cancel_selected(self, request, queryset):
        self._run(request, queryset, services.cancel_milestone, _("cancelled"))

    @admin.display(description=_("overdue"), boolean=True)
    def is_overdue(self, milestone: Milestone) -> bool:
        return milestone.is_overdue


@admin.register(Indicator)
class IndicatorAdmin(ServiceAdmin):
    list_display = ["name", "initiative", "unit", "baseline", "target", "current_value"]
    list_select_related = ["initiative"]
    list_filter = ["initiative__working_group"]
    search_fields = ["name", "unit", "initiative__title"]
    autocomplete_fields = ["initiative"]
    fields = ["initiative", "name", "unit", "baseline", "target", "current_value", *TIMESTAMPS, "version"]
    inlines = [IndicatorReadingInline]

    def get_readonly_fields(self, request, obj=None):
        fields = ["current_value", *TIMESTAMPS, "version"]
        return [*fields, "initiative"] if obj is not None else fields

    def perform(self, request, original, form):
        data = form.cleaned_data
        if original is None:
            return services.create_indicator(
                initiative=data["initiative"],
                actor=request.user,
                name=data["name"],
                unit=data["unit"],
                baseline=data["baseline"],
                target=data["target"],
            )
        edits = self.changes(form, ("name", "unit", "baseline", "target"))
        if not edits:
            return original
        return services.edit_indicator(
            indicator=original, actor=request.user, expected_version=data.get("expected_version"), **edits
        )


@admin.register(Comment)
class CommentAdmin(ServiceAdmin):
    """Moderation only: what people wrote is not rewritten or added here, only hidden or shown again."""

    list_display = ["body_excerpt", "author", "initiative", "milestone", "is_hidden", "created_at"]
    list_filter = ["is_hidden"]
    list_select_related = ["author", "initiative", "milestone"]
    search_fields = ["body", "author__username", "initiative__title"]
    fields = COMMENT_FIELDS
    readonly_fields = [field for field in COMMENT_FIELDS if field != "is_hidden"]
    inlines = [CommentRevisionInline]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("body"))
    def body_excerpt(self, comment: Comment) -> str:
        return excerpt(comment.body)

    def perform(self, request, original, form):
        if "is_hidden" not in form.changed_data:
            return original
        if form.cleaned_data["is_hidden"]:
            return services.hide_comment(comment=original, actor=request.user)
        return services.unhide_comment(comment=original, actor=request.user)

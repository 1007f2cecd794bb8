"""The admin: the same rules as the site.

Every admin page lists and opens only what the signed-in staff user may read
(``proposals.access``). Initiatives, milestones, indicators and comment
moderation are written through the services, so permissions, validation,
versions and the activity log apply exactly as on the site; a refusal shows on
the form and changes nothing. Everything else the product writes itself
(owners, evidence, readings, progress, follows, activity, revisions) is read-only
here, and nothing of the domain is deleted: initiatives are dropped and
milestones cancelled instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidTransition, StaleEdit
from core.forms import add_service_error

from . import access, services
from .models import (
    Activity,
    Comment,
    CommentRevision,
    Digest,
    EvidenceLink,
    Follow,
    Indicator,
    IndicatorReading,
    Initiative,
    InitiativeOwner,
    Milestone,
    Notification,
    ProgressUpdate,
    Reminder,
    SourceReference,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TIMESTAMPS = ("created_at", "updated_at")
WORKFLOW_FIELDS = ("status", "submitted_by", "submitted_at", "decided_by", "decided_at")
DOMAIN_ERRORS = (ValidationError, PermissionDenied, Http404, InvalidTransition, StaleEdit)
COMMENT_FIELDS = (
    "initiative",
    "milestone",
    "author",
    "body",
    "mentions",
    "is_hidden",
    "hidden_by",
    "hidden_at",
    "edited_at",
    *TIMESTAMPS,
    "version",
)


def _excerpt(text: str, length: int = 80) -> str:
    return Truncator(text).chars(length)


class _DryRun(Exception):
    """Rolls back a service call made only to learn whether it would succeed."""


class ReadRuleAdmin(admin.ModelAdmin):
    """Lists and opens only rows whose initiative the staff user may read; deletes nothing."""

    #: Lookup path from the model to its initiative ("" for Initiative itself).
    through = "initiative"
    #: Rows that may belong to no initiative (kept, as the site does for group-level rows).
    unattached_allowed = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.unattached_allowed:
            return access.readable_or_unattached(queryset, request.user, through=self.through)
        return access.readable(queryset, request.user, through=self.through)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadRuleAdmin):
    """Written by the product itself: shown, never added or changed here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ServiceModelForm(forms.ModelForm):
    """Carries the version the form was opened with, for the services' stale-edit check."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and hasattr(self.instance, "version"):
            self.fields["expected_version"].initial = self.instance.version


class ServiceAdmin(ReadRuleAdmin):
    """Add and change forms that write through the services.

    The form is first checked by running the service and rolling it back, so a
    refusal (permission, validation, illegal transition, stale version) shows on
    the form and nothing is saved; ``save_model`` then runs it for real, in the
    admin's transaction. The version the form was opened with travels in a
    hidden field, so an edit over someone else's newer change is refused.
    """

    form = ServiceModelForm

    def perform(self, request, original: Any, form: forms.ModelForm) -> models.Model:
        """Call the services for this form (``original`` is the stored row, ``None`` when adding)."""
        raise NotImplementedError

    @staticmethod
    def changes(form: forms.ModelForm, fields) -> dict[str, Any]:
        return {field: form.cleaned_data[field] for field in fields if field in form.changed_data}

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class ServiceForm(base):  # type: ignore[misc, valid-type]
            def clean(self):
                cleaned = super().clean()
                if not self.errors:
                    try:
                        with transaction.atomic():
                            model_admin.perform(request, model_admin._stored(obj), self)
                            raise _DryRun
                    except _DryRun:
                        pass
                    except DOMAIN_ERRORS as error:
                        add_service_error(self, error)
                return cleaned

        return ServiceForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if not any("expected_version" in options["fields"] for _name, options in fieldsets):
            name, options = fieldsets[-1]
            fieldsets[-1] = (name, {**options, "fields": [*options["fields"], "expected_version"]})
        return fieldsets

    def _stored(self, obj):
        return None if obj is None else type(obj).objects.get(pk=obj.pk)

    def save_model(self, request, obj, form, change):
        saved = self.perform(request, self._stored(obj) if change else None, form)
        obj.pk = saved.pk
        obj.__dict__.update({key: value for key, value in saved.__dict__.items() if not key.startswith("_")})
        obj._state.adding = False


# Inlines: what hangs off an object, shown beside it -----------------------------


class ReadOnlyInline(admin.TabularInline):
    can_delete = False
    extra = 0
    max_num = 0
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return list(self.fields or ())

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InitiativeOwnerInline(ReadOnlyInline):
    model = InitiativeOwner
    fields = ["user", "side"]
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ["title", "owner", "due_date", "weight", "status"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = ["name", "unit", "baseline", "target", "current_value"]


class SourceReferenceInline(ReadOnlyInline):
    model = SourceReference
    fields = ["document", "note"]
    show_change_link = False


class EvidenceLinkInline(ReadOnlyInline):
    model = EvidenceLink
    fields = ["url", "title", "kind", "published_on", "milestone", "added_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("milestone", "added_by")


class IndicatorReadingInline(ReadOnlyInline):
    model = IndicatorReading
    fields = ["date", "value", "evidence", "note", "recorded_by"]
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("evidence", "recorded_by")


class CommentRevisionInline(ReadOnlyInline):
    """Earlier texts of a comment: history."""

    model = CommentRevision
    fields = ["created_at", "edited_by", "body"]
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("edited_by")


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
        return _excerpt(comment.body)

    def perform(self, request, original, form):
        if "is_hidden" not in form.changed_data:
            return original
        if form.cleaned_data["is_hidden"]:
            return services.hide_comment(comment=original, actor=request.user)
        return services.unhide_comment(comment=original, actor=request.user)


# Written by the product itself: read-only here ------------------------------------


@admin.register(InitiativeOwner)
class InitiativeOwnerAdmin(ReadOnlyAdmin):
    list_display = ["user", "initiative", "side", "created_at"]
    list_filter = ["side"]
    list_select_related = ["user", "initiative"]
    search_fields = ["user__username", "user__display_name", "initiative__title"]


@admin.register(SourceReference)
class SourceReferenceAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "document", "note_excerpt"]
    list_filter = ["document"]
    list_select_related = ["initiative"]
    search_fields = ["note", "initiative__title"]

    @admin.display(description=_("what it says"))
    def note_excerpt(self, source: SourceReference) -> str:
        return _excerpt(source.note)


@admin.register(IndicatorReading)
class IndicatorReadingAdmin(ReadOnlyAdmin):
    through = "indicator__initiative"
    list_display = ["indicator", "date", "value", "evidence", "recorded_by"]
    list_select_related = ["indicator", "evidence", "recorded_by"]
    search_fields = ["indicator__name", "indicator__initiative__title", "note"]
    date_hierarchy = "date"


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(ReadOnlyAdmin):
    list_display = ["title", "initiative", "milestone", "kind", "published_on", "added_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["initiative", "milestone", "added_by"]
    search_fields = ["title", "url", "note", "initiative__title"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "milestone", "author", "date", "percent", "note_excerpt"]
    list_select_related = ["initiative", "milestone", "author"]
    search_fields = ["note", "initiative__title", "milestone__title", "author__username"]
    date_hierarchy = "date"

    @admin.display(description=_("note"))
    def note_excerpt(self, update: ProgressUpdate) -> str:
        return _excerpt(update.note)


@admin.register(CommentRevision)
class CommentRevisionAdmin(ReadOnlyAdmin):
    through = "comment__initiative"
    list_display = ["comment", "edited_by", "created_at"]
    list_select_related = ["comment__author", "comment__initiative", "edited_by"]
    search_fields = ["body", "comment__body"]
    fields = ["comment", "edited_by", "body", *TIMESTAMPS]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    """The audit trail: append-only."""

    unattached_allowed = True
    list_display = ["created_at", "actor", "verb", "initiative", "milestone", "working_group"]
    list_filter = ["verb"]
    list_select_related = ["actor", "initiative", "milestone", "working_group"]
    search_fields = ["verb", "actor__username", "initiative__title", "milestone__title"]
    date_hierarchy = "created_at"
    fields = ["created_at", "actor", "verb", "initiative", "milestone", "working_group", "details"]
    actions = None


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    unattached_allowed = True
    list_display = ["user", "initiative", "working_group", "reason", "created_at"]
    list_filter = ["reason"]
    list_select_related = ["user", "initiative", "working_group"]
    search_fields = ["user__username", "initiative__title", "working_group__name"]


# Deliveries: only ``sent_at`` may be cleared, to let one go out again (it is re-checked when sent) ----


class DeliveryAdmin(ReadRuleAdmin):
    """A staff user who is not a superuser sees their own deliveries only: a digest tells of many initiatives."""

    recipient_field = "user"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if access.is_admin(request.user):
            return queryset
        return queryset.filter(**{self.recipient_field: request.user})

    def get_readonly_fields(self, request, obj=None):
        return [field for field in self.get_fields(request, obj) if field != "sent_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Digest)
class DigestAdmin(DeliveryAdmin):
    list_display = ["user", "frequency", "period_start", "period_end", "language", "is_empty", "sent_at"]
    list_filter = ["frequency", "is_empty", "language"]
    list_select_related = ["user"]
    search_fields = ["user__username", "subject"]
    date_hierarchy = "period_start"
    fields = [
        "user",
        "frequency",
        "period_start",
        "period_end",
        "language",
        "subject",
        "is_empty",
        "content",
        "body_text",
        "body_html",
        "sent_at",
        *TIMESTAMPS,
    ]

    def get_queryset(self, request):
        # A digest belongs to its reader rather than to one initiative.
        return (
            super(ReadRuleAdmin, self)
            .get_queryset(request)
            .filter(**({} if access.is_admin(request.user) else {"user": request.user}))
        )


@admin.register(Notification)
class NotificationAdmin(DeliveryAdmin):
    through = "activity__initiative"
    unattached_allowed = True
    recipient_field = "recipient"
    list_display = ["recipient", "kind", "activity", "sent_at", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient", "activity", "activity__actor"]
    search_fields = ["recipient__username"]
    date_hierarchy = "created_at"
    fields = ["recipient", "kind", "activity", "sent_at", *TIMESTAMPS]


@admin.register(Reminder)
class ReminderAdmin(DeliveryAdmin):
    through = "milestone__initiative"
    recipient_field = "recipient"
    list_display = ["milestone", "recipient", "reason", "due_date", "sent_at", "created_at"]
    list_filter = ["reason"]
    list_select_related = ["milestone", "recipient"]
    search_fields = ["milestone__title", "recipient__username"]
    date_hierarchy = "due_date"
    fields = ["milestone", "recipient", "reason", "due_date", "sent_at", *TIMESTAMPS]

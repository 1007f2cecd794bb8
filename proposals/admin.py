from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.admin import VersionedAdminMixin

from . import services
from .exceptions import InvalidTransition
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

TIMESTAMPS = ("created_at", "updated_at")
WORKFLOW_FIELDS = ("status", "submitted_by", "submitted_at", "decided_by", "decided_at")

# Evidence is http(s) only; a URL typed without a scheme is taken to be https (Django 6's default).
EVIDENCE_URL_FIELD = {models.URLField: {"assume_scheme": "https"}}


def _excerpt(text: str, length: int = 80) -> str:
    return Truncator(text).chars(length)


# Inlines ---------------------------------------------------------------------


class InitiativeOwnerInline(admin.TabularInline):
    model = InitiativeOwner
    fields = ["user", "side"]
    autocomplete_fields = ["user"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ["title", "owner", "due_date", "weight", "status"]
    readonly_fields = ["status"]  # the review workflow runs through the services (site or the actions below)
    autocomplete_fields = ["owner"]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ["name", "unit", "baseline", "target", "current_value"]
    show_change_link = True
    extra = 0


class SourceReferenceInline(admin.TabularInline):
    model = SourceReference
    fields = ["document", "note"]
    extra = 0


class EvidenceLinkInline(admin.TabularInline):
    model = EvidenceLink
    fields = ["url", "title", "kind", "published_on", "milestone", "added_by"]
    autocomplete_fields = ["milestone", "added_by"]
    formfield_overrides = EVIDENCE_URL_FIELD
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("milestone", "added_by")


class IndicatorReadingInline(admin.TabularInline):
    model = IndicatorReading
    fields = ["date", "value", "evidence", "note", "recorded_by"]
    autocomplete_fields = ["evidence", "recorded_by"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("evidence", "recorded_by")


class CommentRevisionInline(admin.TabularInline):
    """Earlier texts of a comment: history, so nothing here can be added or changed."""

    model = CommentRevision
    fields = ["created_at", "edited_by", "body"]
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("edited_by")


# Initiatives and what hangs off them -------------------------------------------


@admin.register(Initiative)
class InitiativeAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "working_group", "pillar", "status", "lead_side", "visibility", "target_date"]
    list_filter = ["pillar", "status", "lead_side", "visibility", "working_group"]
    list_select_related = ["working_group"]
    search_fields = ["title", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["working_group", "created_by"]
    readonly_fields = [*TIMESTAMPS, "version"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description"]}),
        (_("Classification"), {
            "fields": ["working_group", "pillar", "status", "lead_side", "visibility"],
            "description": _("Status and visibility of an existing initiative change on its page of the site, "
                             "where every change is recorded in its activity."),
        }),
        (_("Dates"), {"fields": ["start_date", "target_date"]}),
        (_("Record"), {"fields": ["created_by", *TIMESTAMPS, "version"]}),
    ]
    inlines = [InitiativeOwnerInline, MilestoneInline, IndicatorInline, SourceReferenceInline, EvidenceLinkInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "status", "visibility"] if obj is not None else fields

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(InitiativeOwner)
class InitiativeOwnerAdmin(admin.ModelAdmin):
    list_display = ["user", "initiative", "side", "created_at"]
    list_filter = ["side"]
    list_select_related = ["user", "initiative"]
    search_fields = ["user__username", "user__display_name", "initiative__title"]
    autocomplete_fields = ["initiative", "user"]
    readonly_fields = TIMESTAMPS


@admin.register(SourceReference)
class SourceReferenceAdmin(admin.ModelAdmin):
    list_display = ["initiative", "document", "note_excerpt"]
    list_filter = ["document"]
    list_select_related = ["initiative"]
    search_fields = ["note", "initiative__title"]
    autocomplete_fields = ["initiative"]
    readonly_fields = TIMESTAMPS

    @admin.display(description=_("what it says"))
    def note_excerpt(self, source: SourceReference) -> str:
        return _excerpt(source.note)


@admin.register(Milestone)
class MilestoneAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "initiative", "owner", "due_date", "weight", "status", "is_overdue"]
    list_filter = ["status", "initiative__working_group"]
    list_select_related = ["initiative", "owner"]
    search_fields = ["title", "description", "initiative__title"]
    date_hierarchy = "due_date"
    autocomplete_fields = ["initiative", "owner"]
    readonly_fields = [*TIMESTAMPS, "version", *WORKFLOW_FIELDS]
    fieldsets = [
        (None, {"fields": ["initiative", "title", "description", "owner", "due_date", "weight", "status"]}),
        (_("Review"), {
            "fields": ["submitted_by", "submitted_at", "decided_by", "decided_at"],
            "description": _("The review workflow runs on the site or through the actions of the list, "
                             "with the same rules and activity."),
        }),
        (_("Record"), {"fields": [*TIMESTAMPS, "version"]}),
    ]
    actions = ["approve_selected", "cancel_selected"]

    def _run(self, request, queryset, service, done: str) -> None:
        for milestone in queryset.select_related("initiative__working_group"):
            try:
                service(milestone=milestone, actor=request.user)
            except (Http404, PermissionDenied, InvalidTransition, ValidationError) as error:
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
class IndicatorAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "initiative", "unit", "baseline", "target", "current_value"]
    list_select_related = ["initiative"]
    list_filter = ["initiative__working_group"]
    search_fields = ["name", "unit", "initiative__title"]
    autocomplete_fields = ["initiative"]
    readonly_fields = [*TIMESTAMPS, "version"]
    inlines = [IndicatorReadingInline]


@admin.register(IndicatorReading)
class IndicatorReadingAdmin(admin.ModelAdmin):
    list_display = ["indicator", "date", "value", "evidence", "recorded_by"]
    list_select_related = ["indicator", "evidence", "recorded_by"]
    search_fields = ["indicator__name", "indicator__initiative__title", "note"]
    date_hierarchy = "date"
    autocomplete_fields = ["indicator", "evidence", "recorded_by"]
    readonly_fields = TIMESTAMPS


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "milestone", "kind", "published_on", "added_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["initiative", "milestone", "added_by"]
    search_fields = ["title", "url", "note", "initiative__title"]
    autocomplete_fields = ["initiative", "milestone", "added_by"]
    formfield_overrides = EVIDENCE_URL_FIELD
    readonly_fields = TIMESTAMPS


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["initiative", "milestone", "author", "date", "percent", "note_excerpt"]
    list_select_related = ["initiative", "milestone", "author"]
    search_fields = ["note", "initiative__title", "milestone__title", "author__username"]
    date_hierarchy = "date"
    autocomplete_fields = ["initiative", "milestone", "author", "evidence"]
    readonly_fields = TIMESTAMPS

    @admin.display(description=_("note"))
    def note_excerpt(self, update: ProgressUpdate) -> str:
        return _excerpt(update.note)


@admin.register(Comment)
class CommentAdmin(VersionedAdminMixin, admin.ModelAdmin):
    """Moderation only: what people wrote is not rewritten or added here, only hidden or restored."""

    list_display = ["body_excerpt", "author", "initiative", "milestone", "is_hidden", "created_at"]
    list_filter = ["is_hidden"]
    list_select_related = ["author", "initiative", "milestone"]
    search_fields = ["body", "author__username", "initiative__title"]
    fields = [
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
    ]
    readonly_fields = [field for field in fields if field != "is_hidden"]
    inlines = [CommentRevisionInline]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("body"))
    def body_excerpt(self, comment: Comment) -> str:
        return _excerpt(comment.body)

    def save_model(self, request, obj, form, change):
        if "is_hidden" in form.changed_data:
            obj.hidden_by = request.user if obj.is_hidden else None
            obj.hidden_at = timezone.now() if obj.is_hidden else None
        super().save_model(request, obj, form, change)


@admin.register(CommentRevision)
class CommentRevisionAdmin(admin.ModelAdmin):
    list_display = ["comment", "edited_by", "created_at"]
    list_select_related = ["comment__author", "comment__initiative", "edited_by"]
    search_fields = ["body", "comment__body"]
    fields = ["comment", "edited_by", "body", *TIMESTAMPS]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """The audit trail: append-only, so it can be read here and nothing else."""

    list_display = ["created_at", "actor", "verb", "initiative", "milestone", "working_group"]
    list_filter = ["verb"]
    list_select_related = ["actor", "initiative", "milestone", "working_group"]
    search_fields = ["verb", "actor__username", "initiative__title", "milestone__title"]
    date_hierarchy = "created_at"
    fields = ["created_at", "actor", "verb", "initiative", "milestone", "working_group", "details"]
    readonly_fields = fields
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "initiative", "working_group", "reason", "created_at"]
    list_filter = ["reason"]
    list_select_related = ["user", "initiative", "working_group"]
    search_fields = ["user__username", "initiative__title", "working_group__name"]
    autocomplete_fields = ["user", "initiative", "working_group"]
    readonly_fields = TIMESTAMPS


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    """Digests are built by the digest task; only ``sent_at`` may be cleared here to let one go out again."""

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
    readonly_fields = [field for field in fields if field != "sent_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Immediate e-mails, recorded by the notification task; only ``sent_at`` may be cleared to send one again."""

    list_display = ["recipient", "kind", "activity", "sent_at", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient", "activity", "activity__actor"]
    search_fields = ["recipient__username"]
    date_hierarchy = "created_at"
    fields = ["recipient", "kind", "activity", "sent_at", *TIMESTAMPS]
    readonly_fields = [field for field in fields if field != "sent_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["milestone", "recipient", "reason", "due_date", "sent_at", "created_at"]
    list_filter = ["reason"]
    list_select_related = ["milestone", "recipient"]
    search_fields = ["milestone__title", "recipient__username"]
    date_hierarchy = "due_date"
    autocomplete_fields = ["milestone", "recipient"]
    readonly_fields = TIMESTAMPS

"""What the product writes itself: read-only in the admin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import (
    Activity,
    CommentRevision,
    EvidenceLink,
    Follow,
    IndicatorReading,
    InitiativeOwner,
    ProgressUpdate,
    SourceReference,
)

if TYPE_CHECKING:
    pass

from .base import (
    TIMESTAMPS,
    ReadOnlyAdmin,
    excerpt,
)

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
        return excerpt(source.note)


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
        return excerpt(update.note)


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

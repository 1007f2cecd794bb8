"""The two sides and the three languages: written on the site through the services, read-only here."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import (
    Assessment,
    AssessmentReminder,
    DomesticStep,
    GlossaryTerm,
    InitiativeTranslation,
    MilestoneSignoff,
    MilestoneTranslation,
)
from .base import ReadOnlyAdmin, excerpt


@admin.register(MilestoneSignoff)
class MilestoneSignoffAdmin(ReadOnlyAdmin):
    through = "milestone__initiative"
    list_display = ["milestone", "side", "signed_by", "created_at"]
    list_filter = ["side"]
    list_select_related = ["milestone", "signed_by"]
    search_fields = ["milestone__title", "signed_by__username"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "side", "rating", "confidence", "author", "created_at"]
    list_filter = ["side", "rating"]
    list_select_related = ["initiative", "author"]
    search_fields = ["initiative__title", "rationale", "author__username"]
    date_hierarchy = "created_at"


@admin.register(AssessmentReminder)
class AssessmentReminderAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "side", "recipient", "due_date", "sent_at"]
    list_filter = ["side"]
    list_select_related = ["initiative", "recipient"]
    search_fields = ["initiative__title", "recipient__username"]


@admin.register(DomesticStep)
class DomesticStepAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "initiative", "side", "kind", "status", "due_on", "done_on", "milestone", "owner"]
    list_filter = ["side", "kind", "status"]
    list_select_related = ["initiative", "milestone", "owner"]
    search_fields = ["title", "initiative__title", "note"]


@admin.register(InitiativeTranslation)
class InitiativeTranslationAdmin(ReadOnlyAdmin):
    list_display = ["title", "initiative", "language", "translated_from", "outdated_since", "updated_by"]
    list_filter = ["language"]
    list_select_related = ["initiative", "updated_by"]
    search_fields = ["title", "summary", "initiative__title"]


@admin.register(MilestoneTranslation)
class MilestoneTranslationAdmin(ReadOnlyAdmin):
    through = "milestone__initiative"
    list_display = ["title", "milestone", "language", "translated_from", "outdated_since", "updated_by"]
    list_filter = ["language"]
    list_select_related = ["milestone", "updated_by"]
    search_fields = ["title", "milestone__title"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    """Programme-wide and read by every signed-in user; kept by coordinators on the site's glossary pages."""

    list_display = ["en", "ko", "ja", "note_excerpt", "updated_by", "updated_at"]
    list_select_related = ["updated_by"]
    search_fields = ["en", "ko", "ja"]

    @admin.display(description=_("note"))
    def note_excerpt(self, term: GlossaryTerm) -> str:
        return excerpt(term.note)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

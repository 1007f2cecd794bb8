"""Digests, notifications and reminders: only ``sent_at`` may be cleared, to let one go out again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from .. import access
from ..models import (
    Digest,
    Notification,
    Reminder,
)

if TYPE_CHECKING:
    pass

from .base import (
    TIMESTAMPS,
    ReadRuleAdmin,
)

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

"""Webhooks and their deliveries, read-only: a group's coordinators manage them on the site and in the API."""

from __future__ import annotations

from django.contrib import admin

from .. import selectors
from ..models import Webhook, WebhookDelivery
from .base import TIMESTAMPS, ReadOnlyAdmin


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    """The webhooks of the groups the staff user coordinates (all for a superuser); never their secret."""

    list_display = ["url", "working_group", "is_active", "consecutive_failures", "created_by", "created_at"]
    list_filter = ["is_active"]
    list_select_related = ["working_group", "created_by"]
    search_fields = ["url", "description"]
    fields = readonly_fields = (
        "working_group",
        "url",
        "description",
        "events",
        "is_active",
        "created_by",
        "consecutive_failures",
        "failing_since",
        "disabled_at",
        "disabled_reason",
        *TIMESTAMPS,
        "version",
    )

    def get_queryset(self, request):
        return selectors.webhooks_managed_by(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    """Deliveries of those webhooks whose initiative the staff user may read (test events have none)."""

    unattached_allowed = True
    list_display = ["event", "webhook", "status", "attempts", "response_status", "response_ms", "created_at"]
    list_filter = ["status", "event"]
    list_select_related = ["webhook"]
    fields = readonly_fields = (
        "webhook",
        "event",
        "activity",
        "initiative",
        "redelivery_of",
        *WebhookDelivery.OUTCOME_FIELDS,
        "body",
        *TIMESTAMPS,
    )

    def get_queryset(self, request):
        managed = selectors.webhooks_managed_by(request.user).values("pk")
        return super().get_queryset(request).filter(webhook__in=managed)

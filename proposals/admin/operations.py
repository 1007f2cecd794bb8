"""Task runs and failures, recorded from Celery for the operations status page: read-only here."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ..models import TaskFailure, TaskRun


class RecordedByWorkersAdmin(admin.ModelAdmin):
    """Written by the workers as tasks run: shown, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(TaskRun)
class TaskRunAdmin(RecordedByWorkersAdmin):
    list_display = ["task_name", "outcome", "started_at", "finished_at", "last_succeeded_at"]
    list_filter = ["outcome"]


@admin.register(TaskFailure)
class TaskFailureAdmin(RecordedByWorkersAdmin):
    list_display = ["created_at", "task_name", "error_class", "error_message", "task_id"]
    list_filter = ["task_name"]
    search_fields = ["task_name", "task_id", "error_class", "error_message"]
    date_hierarchy = "created_at"

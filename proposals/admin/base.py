"""What every admin page of the domain shares: the read rule, saving through the services, read-only inlines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils.text import Truncator

from core.errors import InvalidTransition, StaleEdit
from core.forms import add_service_error

from .. import access
from ..models import (
    CommentRevision,
    EvidenceLink,
    Indicator,
    IndicatorReading,
    InitiativeOwner,
    Milestone,
    SourceReference,
)

if TYPE_CHECKING:
    pass

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


def excerpt(text: str, length: int = 80) -> str:
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

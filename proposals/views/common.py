"""What every page shares: loading what a user may see, and turning service errors into form errors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .. import permissions
from ..exceptions import InvalidTransition, StaleEdit
from ..models import Comment, Indicator, Initiative, Milestone


def visible_initiative(user, slug: str) -> Initiative:
    initiative = get_object_or_404(Initiative.objects.select_related("working_group"), slug=slug)
    permissions.require(user, "view", initiative)
    return initiative


def visible_milestone(user, pk: int) -> Milestone:
    milestone = get_object_or_404(Milestone.objects.select_related("initiative__working_group", "owner"), pk=pk)
    permissions.require(user, "view", milestone)
    return milestone


def visible_comment(user, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("initiative__working_group", "author"), pk=pk)
    permissions.require(user, "view", comment)
    return comment


def visible_indicator(user, initiative: Initiative, pk: int) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("initiative"), pk=pk, initiative=initiative)


def add_service_error(form, error: Exception) -> int:
    """Put a service's refusal on the form; return the HTTP status the page should answer with."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return 400
    if isinstance(error, StaleEdit):
        form.add_error(None, str(error))
        if "version" in form.fields:
            form.data = form.data.copy()
            form.data["version"] = error.current_version
        return 412
    if isinstance(error, InvalidTransition):
        form.add_error(None, str(error))
        return 409
    raise error


SERVICE_ERRORS = (ValidationError, StaleEdit, InvalidTransition)


def version_of(form) -> int | None:
    value = form.cleaned_data.get("version")
    return None if value in (None, "") else int(value)


def not_allowed_message() -> str:
    return _("You are not allowed to do that.")

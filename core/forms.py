"""A service's refusal shown on a page's form: one mapping for every page of the site."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from .errors import StaleEdit, status_of


def add_service_error(form: forms.BaseForm, error: Exception) -> int:
    """Put ``error`` on ``form`` (per field where the form has it) and return the status the page answers with.

    A stale edit also puts the stored version in the form's data, so that sending
    the form again applies the user's change over the newer one on purpose.
    """
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    elif isinstance(error, Http404 | PermissionDenied) and not str(error):
        form.add_error(None, _("You are not allowed to do that."))
    else:
        form.add_error(None, str(error))
    if isinstance(error, StaleEdit) and "version" in form.fields:
        # A form's data is any mapping (request.POST is an immutable QueryDict): change a copy.
        data: MutableMapping[str, Any] = form.data.copy() if isinstance(form.data, MultiValueDict) else dict(form.data)
        data["version"] = error.current_version
        form.data = data
    return status_of(error)

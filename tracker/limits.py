"""How long the text people write may be: one place for the models, the forms, the services and the previews.

A bound is enforced by the model (a validator for forms and ``full_clean``, a check constraint in the
database) and by the form that edits the field; a preview refuses what the field it previews would refuse.
Markdown is rendered once, when it is saved, so these bounds also bound what one save may cost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Markdown, rendered once when saved.
COMMENT_MAX_LENGTH = 10_000
DESCRIPTION_MAX_LENGTH = 20_000

# Plain text.
SUMMARY_MAX_LENGTH = 1_000
PLAIN_DESCRIPTION_MAX_LENGTH = 5_000  # milestones and working groups
NOTE_MAX_LENGTH = 5_000  # progress updates, evidence, sources; review, re-plan and status notes


def bounded_text(verbose_name: StrOrPromise, max_length: int, **options: Any) -> models.TextField:
    """A text field whose bound holds in forms and in ``full_clean`` (``TextField`` alone only tells the form)."""
    return models.TextField(verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)], **options)


def at_most(field: str, max_length: int, name: str) -> models.CheckConstraint:
    """The same bound as a database constraint, so no writer that skips validation can pass it."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), max_length), name=name)

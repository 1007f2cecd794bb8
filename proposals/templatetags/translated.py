"""The text a reader sees of an initiative or a milestone (``proposals.translations.attach`` sets ``shown``)."""

from typing import Any

from django import template
from django.utils.translation import get_language

from .. import translations as texts
from ..models import Initiative, Milestone

register = template.Library()


def _shown(obj: Any) -> Any:
    """The object's ``shown``; for one object a view did not attach (a page's own initiative, a back link),
    attached here in the active language: one query, so lists attach theirs in the view instead."""
    shown = getattr(obj, "shown", None)
    if shown is None and isinstance(obj, Initiative | Milestone) and obj.pk is not None:
        texts.attach([obj], get_language() or "")
        shown = getattr(obj, "shown", None)
    return shown


@register.filter
def shown_title(obj: Any) -> str:
    """The title in the reader's language where one exists, else the original title."""
    shown = _shown(obj)
    return shown.title if shown is not None else getattr(obj, "title", "")


@register.filter
def shown_summary(obj: Any) -> str:
    shown = _shown(obj)
    return shown.summary if shown is not None else getattr(obj, "summary", "")

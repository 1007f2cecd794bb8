"""The text a reader sees of an initiative or a milestone (``proposals.translations.attach`` sets ``shown``)."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def shown_title(obj: Any) -> str:
    """The title in the reader's language where the view attached one, else the original title."""
    shown = getattr(obj, "shown", None)
    return shown.title if shown is not None else getattr(obj, "title", "")


@register.filter
def shown_summary(obj: Any) -> str:
    shown = getattr(obj, "shown", None)
    return shown.summary if shown is not None else getattr(obj, "summary", "")

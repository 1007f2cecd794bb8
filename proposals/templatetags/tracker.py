from django import template
from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe

from .. import selectors
from ..models import Follow

register = template.Library()


@register.filter
def trusted_html(html: str) -> SafeString:
    """HTML that was rendered and sanitized when its text was saved (``*_html`` fields, never per view)."""
    return mark_safe(html)  # stored only through render_markdown, which sanitizes


@register.simple_tag
def followed_by(user) -> QuerySet[Follow]:
    """What ``user`` follows and may still read (for pages of other apps, such as the settings page)."""
    return selectors.follows_of(user=user)

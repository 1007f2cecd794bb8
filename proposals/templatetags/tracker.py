from django import template
from django.utils.safestring import mark_safe

from ..rendering import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Markdown rendered and sanitized by the same allow-list as comments."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitized by nh3 in render_markdown


@register.filter
def trusted_html(html: str) -> str:
    """HTML that was sanitized when it was stored (comment bodies)."""
    return mark_safe(html)  # noqa: S308 - stored only through render_markdown

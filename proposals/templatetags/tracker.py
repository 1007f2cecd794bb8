from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def trusted_html(html: str) -> SafeString:
    """HTML that was rendered and sanitized when its text was saved (``*_html`` fields, never per view)."""
    return mark_safe(html)  # stored only through render_markdown, which sanitizes

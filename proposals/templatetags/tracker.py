from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from .. import selectors
from .. import translations as texts
from ..markup import link_mentions
from ..models import Follow, Health

register = template.Library()


@register.filter
def trusted_html(html: str) -> SafeString:
    """HTML that was rendered and sanitized when its text was saved (``*_html`` fields, never per view)."""
    return mark_safe(html)  # stored only through render_markdown, which sanitizes


@register.filter
def with_mentions(html: str, comment: Any) -> SafeString:
    """A comment's stored HTML with its mentions linked to the people's pages.

    Only the people the comment's mentions resolved to (active users who could read the initiative when it
    was written, and were told) are linked; any other ``@name`` stays plain text.
    """
    people = {person.username: reverse("proposals:person", args=[person.username]) for person in comment.mentions.all()}
    return mark_safe(link_mentions(html, people))  # stored HTML was sanitized; link_mentions escapes what it adds


@register.simple_tag
def followed_by(user) -> list[Follow]:
    """What ``user`` follows and may still read (for pages of other apps, such as the settings page); the
    initiatives' titles in the active language."""
    follows = list(selectors.follows_of(user=user))
    texts.attach([follow.initiative for follow in follows if follow.initiative is not None], get_language() or "")
    return follows


# The two badges every list row shows, written out in Python: as {% include %}s they cost a list page
# about a tenth of its time. Same markup and messages as the templates they replace.


@register.simple_tag
def progress_bar(value: float | None) -> SafeString:
    """The approved share of milestone weight as a bar and a percentage (``value`` from 0 to 1)."""
    percent = round(float(value or 0) * 100)
    return format_html(
        '<div class="progress" title="{}">'
        '<progress class="progress-bar" max="100" value="{}" aria-label="{}">{}%</progress>'
        '<span class="progress-value">{}%</span></div>',
        gettext("%(percent)s%% of the weight approved") % {"percent": percent},
        percent,
        gettext("Progress"),
        percent,
        percent,
    )


@register.simple_tag
def health_badge(initiative: Any) -> SafeString:
    """The initiative's stored health as a badge, its reason (``health_reason``, when set) as the title."""
    code = initiative.health if initiative.health in Health.values else Health.ON_TRACK
    return format_html(
        '<span class="badge {}" title="{}">{}</span>',
        code,
        getattr(initiative, "health_reason", ""),
        Health(code).label,
    )

"""Calendar (iCalendar) and activity (Atom) feeds, opened by the secret key in their address.

Calendar apps and feed readers poll these without signing in: the key (``accounts.feed_tokens``)
names the user, and each answer is built with the read rule for that user at that moment, in their
language and time zone. An unknown, replaced or inactive user's key, an initiative that does not
exist and one the user may not read all answer the same bare 404. No session is read for the
answer, no cookie is set, and nothing is cached by a shared cache (``Cache-Control: private``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from accounts import feed_tokens
from accounts.models import User, WorkingGroup

from .. import access
from ..exports import activity_feeds, calendars
from ..mail import reader_locale
from ..models import Initiative

FOLLOWED = activity_feeds.ActivityFeed()
INITIATIVE = activity_feeds.InitiativeActivityFeed()
GROUP = activity_feeds.ActivityFeed()


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def _not_found() -> HttpResponse:
    """The same answer for every "no": the site's 404 page would set a CSRF cookie, and says more than needed."""
    return _private(HttpResponseNotFound(gettext("Not found."), content_type="text/plain; charset=utf-8"))


def _readable_initiative(user: User, slug: str) -> Initiative | None:
    return access.readable(Initiative.objects.all(), user).filter(slug=slug).first()


def _in_owners_language(response: HttpResponse) -> HttpResponse:
    """Marked with the language it is written in (the key owner's, active here), not the visitor's."""
    response["Content-Language"] = get_language()
    return _private(response)


def _calendar(text: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _in_owners_language(response)


@require_safe
def my_calendar(request: HttpRequest, key: str) -> HttpResponse:
    """The due dates of the milestones the key's user owns or follows and may read."""
    user = feed_tokens.user_for_key(key)
    if user is None:
        return _not_found()
    with reader_locale(user):
        milestones = calendars.milestones_for_user(user=user, today=timezone.localdate())
        name = f"{gettext('Milestones')} · {gettext('Korea–Japan Initiative Tracker')}"
        return _calendar(calendars.calendar_text(milestones, user=user, name=name), "milestones.ics")


@require_safe
def initiative_calendar(request: HttpRequest, key: str, slug: str) -> HttpResponse:
    """The due dates of one initiative's milestones, while the key's user may read it."""
    user = feed_tokens.user_for_key(key)
    initiative = _readable_initiative(user, slug) if user is not None else None
    if user is None or initiative is None:
        return _not_found()
    with reader_locale(user):
        milestones = calendars.milestones_of_initiative(initiative=initiative, today=timezone.localdate())
        name = f"{initiative.title} · {gettext('Milestones')}"
        return _calendar(calendars.calendar_text(milestones, user=user, name=name), "milestones.ics")


@require_safe
def followed_activity(request: HttpRequest, key: str) -> HttpResponse:
    """The newest activity on what the key's user follows and may read."""
    user = feed_tokens.user_for_key(key)
    if user is None:
        return _not_found()
    with reader_locale(user):
        return _in_owners_language(FOLLOWED.respond(request, activity_feeds.followed_subject(request, user)))


@require_safe
def initiative_activity(request: HttpRequest, key: str, slug: str) -> HttpResponse:
    """The newest activity of one initiative, while the key's user may read it."""
    user = feed_tokens.user_for_key(key)
    initiative = _readable_initiative(user, slug) if user is not None else None
    if user is None or initiative is None:
        return _not_found()
    with reader_locale(user):
        return _in_owners_language(
            INITIATIVE.respond(request, activity_feeds.initiative_subject(request, user, initiative))
        )


@require_safe
def group_activity(request: HttpRequest, key: str, slug: str) -> HttpResponse:
    """The newest activity of a working group that the key's user may read."""
    user = feed_tokens.user_for_key(key)
    group = WorkingGroup.objects.filter(slug=slug).first() if user is not None else None
    if user is None or group is None:
        return _not_found()
    with reader_locale(user):
        return _in_owners_language(GROUP.respond(request, activity_feeds.group_subject(request, user, group)))

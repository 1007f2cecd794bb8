"""Activity as Atom feeds (``django.contrib.syndication``) for feed readers that poll without signing in.

Three feeds: what a user follows, one initiative, one working group. Each carries the newest
``ENTRIES`` activity rows its user may read (the selectors, hence the read rule, asked for that
user at each request), worded as the site's activity lists word them
(``templates/includes/activity_item.html``): who, what, the milestone, the change, the note. No
entry carries a comment's text, so a hidden comment's body never leaves through a feed. Titles
and dates are in the user's language and time zone; the caller activates them
(``proposals.mail.reader_locale``) around the whole response.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language, gettext

from accounts.models import User, WorkingGroup

from .. import selectors
from .. import translations as texts
from ..models import Activity, Initiative

CONTENT_TYPE = Atom1Feed.content_type
#: The newest entries a feed carries.
ENTRIES = 50


@dataclass
class Subject:
    """What one feed is about, for whom, and its rows (a lazy queryset, read once while writing)."""

    user: User
    title: str
    link: str
    self_url: str
    guid: str
    rows: QuerySet[Activity]


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _tag(name: str) -> str:
    """A permanent id (RFC 4151 tag URI) that does not change when the user regenerates their feed key."""
    return f"tag:{urlsplit(settings.SITE_URL).hostname or 'localhost'},2026:{name}"


def followed_subject(request: HttpRequest, user: User) -> Subject:
    return Subject(
        user=user,
        title=f"{gettext('What you follow')} · {gettext('Activity')}",
        link=_absolute(reverse("proposals:dashboard")),
        self_url=_absolute(request.path),
        guid=_tag(f"users/{user.pk}/followed"),
        rows=selectors.activity_for_follows(user=user, limit=ENTRIES),
    )


def initiative_subject(request: HttpRequest, user: User, initiative: Initiative) -> Subject:
    """The feed of an initiative the caller has established ``user`` may read."""
    return Subject(
        user=user,
        title=f"{initiative.title} · {gettext('Activity')}",
        link=_absolute(initiative.get_absolute_url()),
        self_url=_absolute(request.path),
        guid=_tag(f"initiatives/{initiative.pk}/activity"),
        rows=selectors.activity_for_initiative(initiative=initiative, limit=ENTRIES),
    )


def group_subject(request: HttpRequest, user: User, group: WorkingGroup) -> Subject:
    return Subject(
        user=user,
        title=f"{group.name} · {gettext('Activity')}",
        link=_absolute(reverse("proposals:group-detail", args=[group.slug])),
        self_url=_absolute(request.path),
        guid=_tag(f"groups/{group.pk}/activity"),
        rows=selectors.activity_for_group(user=user, group=group, limit=ENTRIES),
    )


def entry_title(activity: Activity, *, with_initiative: bool) -> str:
    """The row as the site's activity list words it, in the active language (plain text)."""
    actor = activity.actor.name if activity.actor else gettext("Someone")
    title = f"{actor} {activity.get_verb_display()}"
    if activity.milestone is not None:
        title += f" “{texts.title_of(activity.milestone)}”"
    if with_initiative:
        if activity.initiative is not None:
            title += f" · {texts.title_of(activity.initiative)}"
        elif activity.working_group is not None:
            title += f" · {activity.working_group.name}"
    if activity.side_detail:
        title += f" ({activity.side_detail})"
    change = activity.change
    if change:
        title += f" ({change[0]} → {change[1]})"
    return title


def entry_link(activity: Activity) -> str:
    if activity.initiative is not None:
        anchor = f"#milestone-{activity.milestone_id}" if activity.milestone_id else ""
        return _absolute(activity.initiative.get_absolute_url() + anchor)
    if activity.working_group is not None:
        return _absolute(reverse("proposals:group-detail", args=[activity.working_group.slug]))
    return _absolute(reverse("proposals:dashboard"))


class ActivityFeed(Feed):
    """An Atom feed of a ``Subject``; ``respond`` writes it (call it in the user's language and time zone)."""

    feed_type = Atom1Feed
    item_guid_is_permalink = False
    #: Whether entry titles name their initiative (feeds that span initiatives), as ``show_initiative`` does.
    with_initiative = True

    def respond(self, request: HttpRequest, subject: Subject) -> HttpResponse:
        return self(request, subject=subject)

    def get_object(self, request: HttpRequest, *args: object, subject: Subject) -> Subject:
        return subject

    def title(self, subject: Subject) -> str:
        return subject.title

    def link(self, subject: Subject) -> str:
        return subject.link

    def feed_url(self, subject: Subject) -> str:
        return subject.self_url

    def feed_guid(self, subject: Subject) -> str:
        return subject.guid

    def subtitle(self, subject: Subject) -> str:
        return gettext("Korea–Japan Initiative Tracker")

    def items(self, subject: Subject) -> list[Activity]:
        rows = list(subject.rows)
        # Titles in the feed owner's language (active here) where a translation exists; two queries.
        texts.attach(
            [
                *(activity.milestone for activity in rows if activity.milestone is not None),
                *(activity.initiative for activity in rows if activity.initiative is not None),
            ],
            get_language(),
        )
        return rows

    def item_title(self, activity: Activity) -> str:
        # Atom titles are text: the XML writer escapes them once (RSS's double escaping would show "&amp;").
        return entry_title(activity, with_initiative=self.with_initiative)

    def item_description(self, activity: Activity) -> str | None:  # type: ignore[override]  # None: no summary
        # Atom1Feed marks the summary as HTML: the note is plain text, so it is escaped here.
        note = (activity.details or {}).get("note")
        return escape(str(note)) if note else None

    def item_link(self, activity: Activity) -> str:
        return entry_link(activity)

    def item_guid(self, activity: Activity) -> str:
        return _tag(f"activity/{activity.pk}")

    def item_pubdate(self, activity: Activity) -> datetime.datetime:
        return timezone.localtime(activity.created_at)

    def item_updateddate(self, activity: Activity) -> datetime.datetime:
        return timezone.localtime(activity.created_at)  # activity is append-only: never updated

    def item_author_name(self, activity: Activity) -> str:
        return activity.actor.name if activity.actor else gettext("Someone")


class InitiativeActivityFeed(ActivityFeed):
    with_initiative = False

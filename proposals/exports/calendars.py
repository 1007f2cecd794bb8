"""Milestone due dates as iCalendar feeds that calendar apps subscribe to.

Each milestone is an all-day event on its due date. Its UID (``milestone-<id>@<host of SITE_URL>``)
never changes, so an app moves the event when the milestone is re-planned instead of adding a
second one; SEQUENCE is the milestone's version and DTSTAMP/LAST-MODIFIED its last change (UTC).
Approved milestones are CONFIRMED, open ones TENTATIVE; cancelled ones are left out. A feed holds
the milestones due from ``HORIZON`` ago on (at most ``MAX_EVENTS``), read in one query.

Who may read what is the read rule's (``access.readable``), asked for the feed's user at every request.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from icalendar import Calendar, Event, vDuration

from accounts.models import User

from .. import access, selectors
from .. import translations as texts
from ..mail import language_of, zone
from ..models import Initiative, Milestone

CONTENT_TYPE = "text/calendar; charset=utf-8"
#: How far back a feed reaches: a year of past due dates, then everything still to come.
HORIZON = datetime.timedelta(days=366)
#: A bound on the events of one feed, whatever the programme's size (the earliest due dates first).
MAX_EVENTS = 2000
#: How often apps are asked to poll (RFC 7986 REFRESH-INTERVAL, and Outlook's X-PUBLISHED-TTL).
REFRESH = datetime.timedelta(hours=1)
PRODUCT_ID = "-//Bilateral Initiative Tracker//Milestone calendar//EN"


def _bounded(milestones: QuerySet[Milestone], *, today: datetime.date) -> QuerySet[Milestone]:
    return (
        milestones.exclude(status=Milestone.Status.CANCELLED)
        .filter(due_date__gte=today - HORIZON)
        .select_related("initiative")
        .only(
            "title",
            "status",
            "due_date",
            "version",
            "updated_at",
            "initiative__title",
            "initiative__slug",
            "initiative__original_language",
        )
        .order_by("due_date", "pk")[:MAX_EVENTS]
    )


def milestones_for_user(*, user: User, today: datetime.date) -> QuerySet[Milestone]:
    """The milestones ``user`` owns or follows (their initiative or its working group) and may read.

    Reads the user's follows first (one query), then the milestones (one query).
    """
    initiative_ids, group_ids = selectors.followed_by(user)
    rows = Milestone.objects.filter(
        Q(owner=user) | Q(initiative_id__in=initiative_ids) | Q(initiative__working_group_id__in=group_ids)
    )
    return _bounded(access.readable(rows, user, through="initiative"), today=today)


def milestones_of_initiative(*, initiative: Initiative, today: datetime.date) -> QuerySet[Milestone]:
    """The milestones of one initiative; the caller has established that its user may read it."""
    return _bounded(Milestone.objects.filter(initiative=initiative), today=today)


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def milestone_uid(milestone: Milestone) -> str:
    return f"milestone-{milestone.pk}@{_host()}"


def _event(milestone: Milestone) -> Event:
    link = f"{settings.SITE_URL}{milestone.initiative.get_absolute_url()}#milestone-{milestone.pk}"
    changed = milestone.updated_at.astimezone(datetime.UTC)
    event = Event()
    event.add("uid", milestone_uid(milestone))
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("sequence", milestone.version)
    event.add("dtstart", milestone.due_date)
    event.add("dtend", milestone.due_date + datetime.timedelta(days=1))
    event.add(
        "summary",
        gettext("[%(status)s] %(title)s")
        % {"status": milestone.get_status_display(), "title": texts.title_of(milestone)},
    )
    event.add(
        "description",
        gettext("Initiative: %(title)s") % {"title": texts.title_of(milestone.initiative)} + f"\n{link}",
    )
    event.add("url", link)
    event.add("status", "CONFIRMED" if milestone.status == Milestone.Status.APPROVED else "TENTATIVE")
    event.add("transp", "TRANSPARENT")  # a due date, not a meeting: it never makes anyone busy
    return event


def calendar_text(milestones: QuerySet[Milestone], *, user: User, name: str) -> bytes:
    """The iCalendar text of ``milestones`` for ``user``, their time zone named.

    Call it inside ``reader_locale(user)``: the states and ``name`` (X-WR-CALNAME) are in the active language.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone(user.time_zone).key)  # a zone the system does not know: UTC, as on the site
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    # Titles in the user's language where a translation exists (two queries for the whole feed).
    listed = texts.attach_milestones(milestones, language_of(user))
    for milestone in listed:
        calendar.add_component(_event(milestone))
    return calendar.to_ical()

"""The one notification path: for each event and each recipient, an e-mail now, or nothing more.

Events are Activity rows (``EVENTS``): a milestone submitted (its group's
coordinators, not the submitter, are asked to review it), approved or sent back
with changes requested (its submitter and its owner are told), and a comment
that mentions someone for the first time. ``notify`` decides per recipient: a
recipient who takes immediate notifications (``User.email_notifications``) gets
an e-mail now, in their language, exactly once (a ``Notification`` row, unique
per recipient and activity, is written before it is sent); anyone else gets
nothing extra, because their digest, built from Activity, lists the same event.

Services record activity through ``services.common.record_activity``, which
publishes the delivery of an event (``proposals.events``) on commit and never
fails the write. A message lost with the broker is delivered by the hourly ``sweep``.
"""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.models import Membership

from . import batch_titles, mail
from .access import ReadIndex
from .enqueue import TimeLimitReached
from .events import EVENTS, Kind, is_event
from .models import Activity, Comment, Notification, Side

logger = logging.getLogger(__name__)

# The sweep looks back one day (after that the digest has told everyone) and leaves the last
# few minutes to the tasks enqueued on commit.
SWEEP_WINDOW = datetime.timedelta(hours=24)
SWEEP_SETTLE = datetime.timedelta(minutes=5)


def recipients(activity: Activity) -> list:
    """Who is told about the event: active users who may read the initiative, never the actor."""
    initiative = activity.initiative
    if initiative is None:
        return []
    kind = EVENTS[activity.verb]
    User = get_user_model()
    users = User.objects.none()
    if kind == Kind.REVIEW_REQUESTED:
        users = User.objects.filter(
            memberships__working_group_id=initiative.working_group_id,
            memberships__role=Membership.Role.COORDINATOR,
        )
    elif kind in (Kind.APPROVED, Kind.CHANGES_REQUESTED) and activity.milestone is not None:
        milestone = activity.milestone
        users = User.objects.filter(pk__in={milestone.submitted_by_id, milestone.owner_id} - {None})
    elif kind == Kind.SIGNED and activity.milestone is not None:
        # The submitter, and the coordinators of the side whose signature is still awaited.
        milestone = activity.milestone
        pending = (activity.details or {}).get("pending")
        awaited = User.objects.filter(
            memberships__working_group_id=initiative.working_group_id,
            memberships__role=Membership.Role.COORDINATOR,
            country=pending,
        ).exclude(pk=milestone.submitted_by_id or 0)
        users = User.objects.filter(Q(pk=milestone.submitted_by_id or 0) | Q(pk__in=awaited.values("pk")))
    elif kind == Kind.MENTIONED:
        users = User.objects.filter(pk__in=(activity.details or {}).get("mentioned_user_ids") or [])
    if activity.actor_id is not None:
        users = users.exclude(pk=activity.actor_id)
    candidates = list(users.filter(is_active=True).order_by("pk").distinct())
    index = ReadIndex(candidates, [initiative])
    return [user for user in candidates if index.can_read(user.pk, initiative.pk)]


def takes_email_now(user) -> bool:
    return bool(user.email_notifications and user.email and user.is_active)


def _context(activity: Activity, kind: str) -> dict:
    initiative, milestone, details = activity.initiative, activity.milestone, activity.details or {}
    anchor = f"milestone-{milestone.pk}" if milestone else ""
    if kind == Kind.MENTIONED and details.get("comment_id"):
        anchor = f"comment-{details['comment_id']}"
    return {
        "kind": kind,
        "actor": activity.actor.name if activity.actor else "",
        "initiative": initiative,
        "milestone": milestone,
        "note": details.get("note", ""),
        "excerpt": details.get("excerpt", ""),
        # A joint milestone: the side that signed, the one awaited, whether both have signed (lazy: the
        # recipient's language).
        "signed_side": _side_name(details.get("side")),
        "pending_side": _side_name(details.get("pending")),
        "both_signed": len(details.get("signoffs") or ()) == len(Side.values),
        "at": activity.created_at,
        "url": mail.initiative_url(initiative.slug, anchor) if initiative is not None else "",
    }


def _titles_by_language(activity: Activity, languages: set[str]) -> dict[str, dict[str, str]]:
    """The initiative's and milestone's titles in each recipient language (the original where none); two queries."""
    every = batch_titles.titles_in_every_language(activity.initiative, activity.milestone)
    return {
        language: {"initiative_title": every[language][0], "milestone_title": every[language][1]}
        for language in languages
    }


def _side_name(side: object) -> object:
    return Side(side).label if side in Side.values else ""


def notify(activity_id: int) -> int:
    """Deliver one event: e-mail now to each recipient who wants it (once each); the digest covers the others.

    Returns how many e-mails went out now. Safe to call any number of times. An e-mail the mail server
    refuses, or cannot take because it is down, is logged and left unsent for ``sweep``.
    """
    activity = (
        Activity.objects.select_related("actor", "initiative", "initiative__working_group", "milestone")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None or activity.initiative is None or not is_event(activity):
        return 0
    kind = EVENTS[activity.verb]
    comment_id = (activity.details or {}).get("comment_id")
    if (
        kind == Kind.MENTIONED
        and comment_id is not None
        and Comment.objects.filter(pk=comment_id, is_hidden=True).exists()
    ):
        return 0
    now = [user for user in recipients(activity) if takes_email_now(user)]
    if not now:
        return 0
    Notification.objects.bulk_create(
        [Notification(recipient=user, activity=activity, kind=kind) for user in now], ignore_conflicts=True
    )
    pending = Notification.objects.filter(activity=activity, recipient__in=now, sent_at__isnull=True).select_related(
        "recipient"
    )
    context = _context(activity, kind)
    titles = _titles_by_language(activity, {mail.language_of(row.recipient) for row in pending})
    sent = 0
    for row in pending:
        message = mail.render(row.recipient, "notification", {**context, **titles[mail.language_of(row.recipient)]})
        try:
            sent += mail.send_once(Notification, row.pk, lambda: mail.send(row.recipient, message))  # noqa: B023
        except TimeLimitReached:
            raise
        except Exception:  # the mail server refused or is down: the row stays unsent for the hourly sweep
            logger.exception(
                "Could not send notification %s to user %s; the sweep tries again", row.pk, row.recipient_id
            )
    return sent


def sweep(at: datetime.datetime) -> int:
    """Deliver the events of the last day whose task was lost (the broker was down at commit time)."""
    activity_ids = (
        Activity.objects.filter(
            verb__in=list(EVENTS), created_at__gte=at - SWEEP_WINDOW, created_at__lte=at - SWEEP_SETTLE
        )
        .exclude(details__has_key="seeded")  # demo data from seed_demo is history, not news
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for activity_id in activity_ids:
        try:
            sent += notify(activity_id)
        except TimeLimitReached:
            raise
        except Exception:
            logger.exception("Could not deliver the notification of activity %s", activity_id)
    return sent

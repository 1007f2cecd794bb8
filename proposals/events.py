"""Which activity is an event that people are told about at once, and publishing its delivery.

Webhooks take their own list of events (``WebhookEvent``), fanned out by a task too.

Notified events: a milestone submitted (its group's coordinators are asked to review it),
approved or sent back (its submitter and owner are told), and a comment that
mentions someone. Their delivery (``proposals.notifications``) runs in a Celery
task published by name once the write commits; a message lost with the broker
is picked up by the hourly sweep.
"""

from __future__ import annotations

from django.db import transaction

from . import enqueue
from .models import Activity, Notification, NotificationKind, Webhook, WebhookEvent

V = Activity.Verb
Kind = Notification.Kind
# Keyed by str: an activity's verb is read back from the database as plain text.
EVENTS: dict[str, NotificationKind] = {
    V.MILESTONE_SUBMITTED: Kind.REVIEW_REQUESTED,
    V.MILESTONE_APPROVED: Kind.APPROVED,
    V.MILESTONE_SIGNED: Kind.SIGNED,
    V.MILESTONE_CHANGES_REQUESTED: Kind.CHANGES_REQUESTED,
    V.COMMENT_ADDED: Kind.MENTIONED,
    V.COMMENT_EDITED: Kind.MENTIONED,
}
DELIVER_TASK = "proposals.tasks.deliver_notification"
WEBHOOKS_TASK = "proposals.tasks.fan_out_webhooks"


def is_event(activity: Activity) -> bool:
    if activity.verb not in EVENTS:
        return False
    if EVENTS[activity.verb] == Kind.MENTIONED:
        return bool((activity.details or {}).get("mentioned_user_ids"))
    return True


def publish_on_commit(activity: Activity) -> None:
    """Have the event delivered (notifications, webhooks) once the surrounding transaction commits."""
    if is_event(activity):
        enqueue.publish_on_commit(DELIVER_TASK, activity_id=activity.pk)
    if activity.verb in WebhookEvent.values and activity.working_group_id is not None:
        transaction.on_commit(lambda: _publish_to_webhooks(activity))


def _publish_to_webhooks(activity: Activity) -> None:
    # Most groups have no webhook: one indexed query spares the broker a message per event.
    if Webhook.objects.filter(working_group_id=activity.working_group_id, is_active=True).exists():
        enqueue.publish(WEBHOOKS_TASK, activity_id=activity.pk)

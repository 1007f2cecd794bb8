"""A working group's webhooks: registering, editing, removing, a test event, and redelivering.

Only the group's coordinators (and admins) may do any of it (``manage_webhooks``). A
webhook carries what its registrant may read; sending is ``proposals.webhooks.delivery``'s.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, WorkingGroup
from core.errors import Conflict
from core.versioning import edit_versioned

from .. import enqueue, permissions
from ..models import PING, WEBHOOK_URL_MAX_LENGTH, Webhook, WebhookDelivery, WebhookEvent
from ..webhooks import addresses, signing
from .common import field_error, full_clean

DELIVER_TASK = "proposals.tasks.deliver_webhook"
#: A group's systems are few; a longer list is a mistake more often than a need.
MAX_PER_GROUP = 10
SECRET_MIN_LENGTH = 16
EDITABLE = ("url", "description", "events", "secret", "is_active")


def checked_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise field_error("url", _("Enter the address that receives the events."), "required")
    if len(url) > WEBHOOK_URL_MAX_LENGTH:
        raise field_error(
            "url", _("Addresses are limited to %(max)d characters.") % {"max": WEBHOOK_URL_MAX_LENGTH}, "max_length"
        )
    try:
        addresses.check_url(url)
    except addresses.RefusedAddress as refused:
        raise field_error("url", str(refused), "refused") from None
    return url


def checked_events(events: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(events or []))
    unknown = [event for event in chosen if event not in WebhookEvent.values]
    if unknown:
        raise field_error("events", _("Unknown events: %(events)s") % {"events": ", ".join(map(str, unknown))})
    if not chosen:
        raise field_error("events", _("Choose at least one event."), "required")
    return [event for event in WebhookEvent.values if event in chosen]  # in the list's own order


def checked_secret(secret: str) -> str:
    secret = (secret or "").strip()
    if not secret:
        return signing.new_secret()
    if not SECRET_MIN_LENGTH <= len(secret) <= 100:
        raise field_error(
            "secret",
            _("A secret is %(min)d to %(max)d characters; leave it empty to have one made for you.")
            % {"min": SECRET_MIN_LENGTH, "max": 100},
            "length",
        )
    return secret


@transaction.atomic
def register_webhook(
    *,
    working_group: WorkingGroup,
    actor: User,
    url: str,
    events: Iterable[str],
    description: str = "",
    secret: str = "",
) -> Webhook:
    """A new webhook for the group, made by one of its coordinators; a secret is made when none is given."""
    permissions.require(actor, "manage_webhooks", working_group)
    WorkingGroup.objects.select_for_update().get(pk=working_group.pk)  # counts below stay true under concurrency
    if Webhook.objects.filter(working_group=working_group).count() >= MAX_PER_GROUP:
        raise field_error(
            "url", _("A working group has at most %(max)d webhooks.") % {"max": MAX_PER_GROUP}, "too_many"
        )
    webhook = Webhook(
        working_group=working_group,
        url=checked_url(url),
        events=checked_events(events),
        description=(description or "").strip(),
        secret=checked_secret(secret),
        created_by=actor,
    )
    full_clean(webhook)
    webhook.save()
    return webhook


@transaction.atomic
def edit_webhook(
    *, webhook: Webhook, actor: User, changes: Mapping[str, Any], expected_version: int | None = None
) -> Webhook:
    """Change a webhook's address, events, description, secret or whether it is on (412 when stale).

    Turning it back on clears its run of failures; an empty secret keeps the old one.
    """
    permissions.require(actor, "manage_webhooks", webhook.working_group)
    changes = dict(changes)
    if "url" in changes:
        changes["url"] = checked_url(changes["url"])
    if "events" in changes:
        changes["events"] = checked_events(changes["events"])
    if "description" in changes:
        changes["description"] = (changes["description"] or "").strip()
    if "secret" in changes:
        if (changes["secret"] or "").strip():
            changes["secret"] = checked_secret(changes["secret"])
        else:
            del changes["secret"]

    def switched(saved: Webhook, changed: dict[str, dict[str, Any]]) -> None:
        if "is_active" not in changed:
            return
        if saved.is_active:
            saved.consecutive_failures, saved.failing_since = 0, None
            saved.disabled_at, saved.disabled_reason = None, ""
        else:
            saved.disabled_at, saved.disabled_reason = timezone.now(), "manual"

    saved, _changed = edit_versioned(
        Webhook, webhook.pk, changes=changes, allowed=EDITABLE, expected_version=expected_version, before_save=switched
    )
    return saved


@transaction.atomic
def delete_webhook(*, webhook: Webhook, actor: User) -> None:
    """Remove the webhook and its delivery log."""
    permissions.require(actor, "manage_webhooks", webhook.working_group)
    webhook.delete()


def _deliver(delivery: WebhookDelivery) -> WebhookDelivery:
    enqueue.publish_on_commit(DELIVER_TASK, delivery_id=delivery.pk)
    return delivery


@transaction.atomic
def send_test_event(*, webhook: Webhook, actor: User) -> WebhookDelivery:
    """A ``ping`` event, signed like any other, carrying only the webhook's own settings (also when it is off)."""
    permissions.require(actor, "manage_webhooks", webhook.working_group)
    body = {
        "id": f"ping_{secrets.token_hex(8)}",
        "event": PING,
        "created_at": timezone.now(),
        "working_group": webhook.working_group.slug,
        "webhook": {"id": webhook.pk, "url": webhook.url, "events": list(webhook.events)},
    }
    return _deliver(
        WebhookDelivery.objects.create(
            webhook=webhook, event=PING, body=signing.encode(body), next_attempt_at=timezone.now()
        )
    )


@transaction.atomic
def redeliver(*, delivery: WebhookDelivery, actor: User) -> WebhookDelivery:
    """Send a delivered or failed event again, with the same body and event id, as a new delivery."""
    permissions.require(actor, "manage_webhooks", delivery.webhook.working_group)
    if delivery.waiting:
        raise Conflict(_("This delivery is still being attempted; wait for it to finish."))
    if delivery.status == WebhookDelivery.Status.WITHHELD:
        raise Conflict(_("This event was withheld: the webhook may not carry it."))
    return _deliver(
        WebhookDelivery.objects.create(
            webhook=delivery.webhook,
            event=delivery.event,
            activity=delivery.activity,
            initiative=delivery.initiative,
            redelivery_of=delivery.redelivery_of or delivery,
            body=delivery.body,
            next_attempt_at=timezone.now(),
        )
    )

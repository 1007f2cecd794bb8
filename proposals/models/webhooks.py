"""Outgoing webhooks: a working group's receivers of events, and every delivery made to them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import WorkingGroup
from accounts.validators import validate_single_line
from core.models import TimestampedModel

from .activity import Activity
from .choices import ActivityVerb
from .initiatives import Initiative

User = settings.AUTH_USER_MODEL

WEBHOOK_URL_MAX_LENGTH = 500


class WebhookEvent(models.TextChoices):
    """The events a webhook can subscribe to: activity verbs, named as the activity records them."""

    MILESTONE_SUBMITTED = ActivityVerb.MILESTONE_SUBMITTED.value, _("Milestone submitted")
    MILESTONE_APPROVED = ActivityVerb.MILESTONE_APPROVED.value, _("Milestone approved")
    MILESTONE_CHANGES_REQUESTED = ActivityVerb.MILESTONE_CHANGES_REQUESTED.value, _("Milestone changes requested")
    MILESTONE_CANCELLED = ActivityVerb.MILESTONE_CANCELLED.value, _("Milestone cancelled")
    READING_ADDED = ActivityVerb.INDICATOR_READING_ADDED.value, _("Indicator reading added")
    EVIDENCE_ADDED = ActivityVerb.EVIDENCE_ADDED.value, _("Evidence added")
    STATUS_CHANGED = ActivityVerb.INITIATIVE_STATUS_CHANGED.value, _("Initiative status changed")
    HEALTH_CHANGED = ActivityVerb.INITIATIVE_HEALTH_CHANGED.value, _("Initiative health changed")
    COMMENT_ADDED = ActivityVerb.COMMENT_ADDED.value, _("Comment added")


#: The event of "send test event": never an activity, only ever sent on request.
PING = "ping"


class Webhook(TimestampedModel):
    """A receiver of one working group's events, registered by one of its coordinators.

    It carries what its registrant (``created_by``) may read, like a token of theirs:
    nothing of an initiative that person may not read is ever sent to it.
    """

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("working group")
    )
    url = models.URLField(_("URL"), max_length=WEBHOOK_URL_MAX_LENGTH)
    description = models.CharField(_("description"), max_length=200, blank=True, validators=[validate_single_line])
    # The receiver needs the secret itself to check signatures, so it is kept as given, never shown in lists.
    secret = models.CharField(_("secret"), max_length=100, validators=[validate_single_line])
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="webhooks", verbose_name=_("registered by")
    )
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    disabled_reason = models.CharField(
        _("why it was disabled"), max_length=200, blank=True, validators=[validate_single_line]
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["working_group", "pk"]
        indexes = [models.Index(fields=["working_group", "is_active"])]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("proposals:webhook-detail", args=[self.pk])

    def takes(self, event: str) -> bool:
        return event in (self.events or [])


class WebhookDelivery(TimestampedModel):
    """One event sent (or to be sent) to one webhook; its attempts, last answer and next retry.

    The body is fixed when the delivery is made, so every attempt and a redelivery sign the
    same JSON; whether its initiative may still be sent is asked again before each attempt.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("webhook delivery", "Waiting")
        RETRYING = "retrying", _("Failed, will retry")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        WITHHELD = "withheld", _("Withheld")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook"))
    event = models.CharField(_("event"), max_length=40, validators=[validate_single_line])
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("activity")
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("initiative")
    )
    redelivery_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("redelivery of")
    )
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    response_status = models.PositiveIntegerField(_("response status"), null=True, blank=True)
    response_ms = models.PositiveIntegerField(_("response time (ms)"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True, validators=[validate_single_line])
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # An event is delivered to a webhook once; only a redelivery asked for sends it again.
            models.UniqueConstraint(
                fields=["webhook", "activity"],
                condition=Q(activity__isnull=False, redelivery_of__isnull=True),
                name="webhook_delivery_once_per_event",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "retrying", "delivered", "failed", "withheld"]),
                name="webhook_delivery_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["webhook", "-created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id}"

    #: How an attempt went, as the delivery log shows it (the site, the API and the admin).
    OUTCOME_FIELDS = (
        "status",
        "attempts",
        "response_status",
        "response_ms",
        "error",
        "next_attempt_at",
        "last_attempt_at",
        "delivered_at",
    )

    @property
    def waiting(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RETRYING)

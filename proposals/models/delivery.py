"""What was sent: digests, reminders and immediate notifications (their uniqueness stops a second send)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import DigestFrequency
from accounts.validators import validate_single_line
from core.models import TimestampedModel

from .activity import Activity
from .choices import (
    NotificationKind,
    ReminderReason,
)
from .initiatives import Milestone

User = settings.AUTH_USER_MODEL


class Digest(TimestampedModel):
    """One user's summary of one period; stored so it can be read on the site and sent at most once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="digests", verbose_name=_("user"))
    frequency = models.CharField(_("frequency"), max_length=6, choices=DigestFrequency.choices[:2])
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end"))
    language = models.CharField(_("language"), max_length=2, default="en", validators=[validate_single_line])
    subject = models.CharField(_("subject"), max_length=300, blank=True, validators=[validate_single_line])
    content = models.JSONField(_("content"), default=dict, blank=True)
    body_text = models.TextField(_("plain text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    is_empty = models.BooleanField(_("empty"), default=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["user", "frequency", "period_start"], name="digest_unique_period"),
            models.CheckConstraint(condition=Q(frequency__in=["weekly", "daily"]), name="digest_frequency_valid"),
            models.CheckConstraint(condition=Q(period_end__gt=F("period_start")), name="digest_period_ordered"),
        ]
        indexes = [models.Index(fields=["user", "-period_start"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.frequency} · {self.period_start:%Y-%m-%d}"


class Reminder(TimestampedModel):
    """A nudge that was sent (or is being sent); its uniqueness is what stops a second one."""

    Reason = ReminderReason

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("milestone")
    )
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("recipient"))
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    due_date = models.DateField(_("due date"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "recipient", "reason", "due_date"], name="reminder_unique_reason_per_due_date"
            ),
            models.CheckConstraint(condition=Q(reason__in=ReminderReason.values), name="reminder_reason_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} → {self.recipient}"


class Notification(TimestampedModel):
    """An immediate e-mail about one activity to one user; its uniqueness is what stops a second one."""

    Kind = NotificationKind

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("activity")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "activity"], name="notification_unique_recipient_activity"),
            models.CheckConstraint(condition=Q(kind__in=NotificationKind.values), name="notification_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"

"""The append-only activity record and following."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import WorkingGroup
from core.models import TimestampedModel

from .choices import (
    ActivityVerb,
    FollowReason,
)
from .initiatives import Initiative, Milestone

User = settings.AUTH_USER_MODEL


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Activity is append-only.")

    def delete(self):
        raise TypeError("Activity is append-only.")


class Activity(TimestampedModel):
    """Append-only record of every change; feeds streams, digests and the audit trail."""

    Verb = ActivityVerb

    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities", verbose_name=_("actor")
    )
    verb = models.CharField(_("verb"), max_length=40, choices=Verb.choices)
    # Activity is the audit trail: an initiative or group with history is dropped (its status), never deleted.
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("initiative"),
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("milestone"),
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("working group"),
    )
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(verb__in=ActivityVerb.values), name="activity_verb_valid"),
        ]
        indexes = [
            models.Index(fields=["initiative", "-created_at"]),
            models.Index(fields=["working_group", "-created_at"]),
            models.Index(fields=["actor", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.actor} {self.verb}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError("Activity is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Activity is append-only.")


class Follow(TimestampedModel):
    Reason = FollowReason

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follows", verbose_name=_("user"))
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("initiative"),
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("working group"),
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices, default=Reason.MANUAL)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(initiative__isnull=False) & Q(working_group__isnull=True))
                | (Q(initiative__isnull=True) & Q(working_group__isnull=False)),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "initiative"], condition=Q(initiative__isnull=False), name="follow_unique_initiative"
            ),
            models.UniqueConstraint(
                fields=["user", "working_group"],
                condition=Q(working_group__isnull=False),
                name="follow_unique_working_group",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=FollowReason.values),
                name="follow_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.initiative or self.working_group}"

"""The append-only activity record and following."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from accounts.models import WorkingGroup
from core.models import TimestampedModel

from .choices import (
    ActivityVerb,
    FollowReason,
    Health,
    InitiativeStatus,
    MilestoneStatus,
    Side,
    Visibility,
)
from .initiatives import Initiative, Milestone

User = settings.AUTH_USER_MODEL

_MILESTONE_MOVES = ("started", "submitted", "approved", "changes_requested", "cancelled")
#: The verbs whose old and new values are states, and the choices that name them (as the badges do).
STATE_NAMES: dict[str, type[models.TextChoices]] = {
    **{f"milestone.{move}": MilestoneStatus for move in _MILESTONE_MOVES},
    ActivityVerb.INITIATIVE_STATUS_CHANGED: InitiativeStatus,
    ActivityVerb.INITIATIVE_VISIBILITY_CHANGED: Visibility,
    ActivityVerb.INITIATIVE_HEALTH_CHANGED: Health,
}

#: The verbs of one side's action, whose rows name the side (and an assessment its rating).
SIDE_VERBS = (
    ActivityVerb.MILESTONE_SIGNED,
    ActivityVerb.ASSESSMENT_POSTED,
    ActivityVerb.DOMESTIC_STEP_ADDED,
    ActivityVerb.DOMESTIC_STEP_UPDATED,
)


def _state(choices: type[models.TextChoices], code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:  # a state this version no longer knows: shown as stored
        return str(code)


def _day(value: str) -> str:
    try:
        return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
    except (TypeError, ValueError):
        return str(value)


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

    @property
    def change(self) -> tuple[str, str] | None:
        """What changed, old and new, as a reader reads it (state names in the active language, dates in its
        format); ``None`` when the row records no change of one value."""
        details = self.details or {}
        if details.get("old_due_date") and details.get("new_due_date"):
            return _day(details["old_due_date"]), _day(details["new_due_date"])
        old, new = details.get("old"), details.get("new")
        if not (old and new):
            return None
        choices = STATE_NAMES.get(self.verb)
        if choices is None:
            return str(old), str(new)
        return _state(choices, old), _state(choices, new)

    @property
    def side_detail(self) -> str:
        """For one side's action, the side and an assessment's rating ("Japan · At risk"); else empty."""
        details = self.details or {}
        side = details.get("side")
        if self.verb not in SIDE_VERBS or side not in Side.values:
            return ""
        parts = [_state(Side, side)]
        if self.verb == ActivityVerb.ASSESSMENT_POSTED and details.get("rating"):
            parts.append(_state(Health, details["rating"]))
        return " · ".join(parts)

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

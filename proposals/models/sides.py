"""Two governments, one initiative: each side's sign-off of a joint milestone, its own assessment of
the initiative and its domestic procedure steps. Rules live in ``proposals.services.sides`` and
``proposals.sides``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_single_line
from core.models import TimestampedModel
from tracker.limits import NOTE_MAX_LENGTH, at_most, bounded_text

from .activity import AppendOnlyQuerySet
from .choices import Confidence, DomesticStepKind, DomesticStepStatus, Health, Side
from .initiatives import Initiative, Milestone

User = settings.AUTH_USER_MODEL

RATIONALE_MAX_LENGTH = 2_000


class MilestoneSignoff(TimestampedModel):
    """One side's approval of a joint milestone; the milestone is approved when both sides have one.

    Sending the milestone back deletes both (a new submission needs both signatures again)."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="signoffs", verbose_name=_("milestone")
    )
    side = models.CharField(_("side"), max_length=2, choices=Side.choices)
    signed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("signed by")
    )
    note = bounded_text(_("note"), NOTE_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        ordering = ["side"]
        constraints = [
            models.UniqueConstraint(fields=["milestone", "side"], name="signoff_one_per_side"),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="signoff_side_valid"),
            at_most("note", NOTE_MAX_LENGTH, "signoff_note_max_length"),
        ]

    def __str__(self) -> str:
        return f"{self.milestone} · {self.side}"


class Assessment(TimestampedModel):
    """A side's declared reading of how an initiative stands; a history, never edited in place."""

    Rating = Health

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("initiative")
    )
    side = models.CharField(_("side"), max_length=2, choices=Side.choices)
    rating = models.CharField(_("rating"), max_length=9, choices=Health.choices)
    rationale = bounded_text(_("rationale"), RATIONALE_MAX_LENGTH)
    confidence = models.CharField(_("confidence"), max_length=6, choices=Confidence.choices, blank=True)
    next_update_on = models.DateField(_("next update"), null=True, blank=True)
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("author")
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(side__in=Side.values), name="assessment_side_valid"),
            models.CheckConstraint(condition=Q(rating__in=Health.values), name="assessment_rating_valid"),
            models.CheckConstraint(
                condition=Q(confidence="") | Q(confidence__in=Confidence.values), name="assessment_confidence_valid"
            ),
            at_most("rationale", RATIONALE_MAX_LENGTH, "assessment_rationale_max_length"),
        ]
        indexes = [models.Index(fields=["initiative", "side", "-created_at"], name="assessment_latest")]

    def __str__(self) -> str:
        return f"{self.initiative} · {self.side} · {self.rating}"


class AssessmentReminder(TimestampedModel):
    """An "assessment due" reminder that was sent; its uniqueness is what stops a second one."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="assessment_reminders", verbose_name=_("initiative")
    )
    side = models.CharField(_("side"), max_length=2, choices=Side.choices)
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient"))
    due_date = models.DateField(_("due date"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment reminder")
        verbose_name_plural = _("assessment reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "recipient", "due_date"], name="assessment_reminder_once_per_due_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} · {self.side} → {self.recipient}"


class DomesticStep(TimestampedModel):
    """A procedure one government must complete at home (cabinet decision, legislative consent…).

    Linked to a milestone, it is required before that milestone: the milestone cannot be submitted while
    a required step of either side is open (``OPEN_DOMESTIC_STEP_STATUSES``)."""

    Kind = DomesticStepKind
    Status = DomesticStepStatus

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="domestic_steps", verbose_name=_("initiative")
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="domestic_steps",
        verbose_name=_("required before milestone"),
    )
    side = models.CharField(_("side"), max_length=2, choices=Side.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=DomesticStepKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True, validators=[validate_single_line])
    status = models.CharField(
        _("status"), max_length=12, choices=DomesticStepStatus.choices, default=DomesticStepStatus.PLANNED
    )
    due_on = models.DateField(_("target date"), null=True, blank=True)
    done_on = models.DateField(_("date done"), null=True, blank=True)
    note = bounded_text(_("note"), NOTE_MAX_LENGTH, blank=True)
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("owner")
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("domestic step")
        verbose_name_plural = _("domestic steps")
        ordering = ["side", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(side__in=Side.values), name="domestic_step_side_valid"),
            models.CheckConstraint(condition=Q(kind__in=DomesticStepKind.values), name="domestic_step_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=DomesticStepStatus.values), name="domestic_step_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=DomesticStepStatus.DONE) | Q(done_on__isnull=False),
                name="domestic_step_done_has_date",
            ),
            at_most("note", NOTE_MAX_LENGTH, "domestic_step_note_max_length"),
        ]
        indexes = [
            models.Index(fields=["initiative", "side"], name="domestic_step_initiative"),
            models.Index(fields=["milestone", "status"], name="domestic_step_milestone"),
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def is_open(self) -> bool:
        return self.status in (DomesticStepStatus.PLANNED, DomesticStepStatus.IN_PROGRESS)

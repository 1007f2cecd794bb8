"""How an initiative's progress is measured and told: indicators with their readings, and progress updates."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_single_line
from core.models import TimestampedModel
from tracker.limits import NOTE_MAX_LENGTH, at_most, bounded_text

from .initiatives import EvidenceLink, Initiative, Milestone

User = settings.AUTH_USER_MODEL


class Indicator(TimestampedModel):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("initiative")
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    unit = models.CharField(_("unit"), max_length=60, validators=[validate_single_line])
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    current_value = models.DecimalField(_("current value"), max_digits=14, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["initiative", "name"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "name"], name="indicator_unique_name_per_initiative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class IndicatorReading(TimestampedModel):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="readings", verbose_name=_("indicator")
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    evidence = models.ForeignKey(
        EvidenceLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="readings",
        verbose_name=_("evidence"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True, validators=[validate_single_line])
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("indicator reading")
        verbose_name_plural = _("indicator readings")
        ordering = ["indicator", "date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="reading_unique_date_per_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.date}: {self.value}"


class ProgressUpdate(TimestampedModel):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="progress_updates", verbose_name=_("initiative")
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("milestone"),
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="progress_updates", verbose_name=_("author")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    note = bounded_text(_("note"), NOTE_MAX_LENGTH)
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    evidence = models.ForeignKey(
        EvidenceLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("evidence"),
    )

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100), name="progress_percent_range"
            ),
            at_most("note", NOTE_MAX_LENGTH, "progress_note_max_length"),
        ]
        indexes = [models.Index(fields=["initiative", "-date"])]

    def __str__(self) -> str:
        return f"{self.initiative} · {self.date}"

"""Initiatives, their owners, sources, milestones, evidence, indicators and progress updates."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Language, WorkingGroup
from accounts.validators import validate_single_line
from core.models import TimestampedModel
from tracker.limits import (
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PLAIN_DESCRIPTION_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    at_most,
    bounded_text,
)

from .choices import (
    EVIDENCE_URL_MAX_LENGTH,
    AssessmentCadence,
    EvidenceKind,
    Health,
    InitiativeStatus,
    LeadSide,
    MilestoneStatus,
    Pillar,
    SeedDocument,
    Side,
    Visibility,
)

if TYPE_CHECKING:
    # By class, for annotating many-to-many fields whose target mypy cannot infer from the setting's string.
    from accounts.models import User as UserModel

User = settings.AUTH_USER_MODEL


class Initiative(TimestampedModel):
    Status = InitiativeStatus

    Visibility = Visibility

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    summary = bounded_text(_("summary"), SUMMARY_MAX_LENGTH)
    description = bounded_text(_("description"), DESCRIPTION_MAX_LENGTH, blank=True, help_text=_("Markdown."))
    description_html = models.TextField(_("rendered description"), blank=True, editable=False)
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    lead_side = models.CharField(_("lead side"), max_length=5, choices=LeadSide.choices, default=LeadSide.JOINT)
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("working group")
    )
    owners: "models.ManyToManyField[UserModel, InitiativeOwner]" = models.ManyToManyField(
        User, through="InitiativeOwner", related_name="owned_initiatives", blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    # Open data: listed, with its figures, on the signed-out public page and downloads (access.public).
    is_public = models.BooleanField(_("published as open data"), default=False)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    version = models.PositiveIntegerField(default=1)
    # The language the title, summary and description are written in; translations hang off the
    # initiative (``InitiativeTranslation``) and are marked out of date when this text changes.
    original_language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    assessment_cadence = models.CharField(
        _("assessment cadence"), max_length=12, choices=AssessmentCadence.choices, default=AssessmentCadence.MONTHLY
    )

    # Each side's latest declared assessment and when the next one is due, stored (``proposals.sides``)
    # so that lists show, sort and filter by them; the history is ``Assessment``.
    kr_rating = models.CharField(_("Korean rating"), max_length=9, choices=Health.choices, blank=True, default="")
    jp_rating = models.CharField(_("Japanese rating"), max_length=9, choices=Health.choices, blank=True, default="")
    kr_assessed_at = models.DateTimeField(null=True, blank=True, editable=False)
    jp_assessed_at = models.DateTimeField(null=True, blank=True, editable=False)
    kr_assessment_due = models.DateField(null=True, blank=True, editable=False)
    jp_assessment_due = models.DateField(null=True, blank=True, editable=False)
    # Since when the two sides' ratings, or a side's "on track" and the computed health, have disagreed;
    # flagged once that is more than ``DISAGREEMENT_FLAG_DAYS`` ago.
    disagreement_since = models.DateField(null=True, blank=True, editable=False)

    # Derived figures, stored so that lists sort and filter by them with an index
    # (``proposals.figures`` keeps them equal to a computation from the milestones).
    progress = models.FloatField(_("progress"), default=0.0, editable=False)
    health = models.CharField(
        _("health"), max_length=9, choices=Health.choices, default=Health.ON_TRACK, editable=False
    )
    health_rank = models.PositiveSmallIntegerField(default=2, editable=False)
    health_milestone_title = models.CharField(
        max_length=200, blank=True, default="", editable=False, validators=[validate_single_line]
    )
    health_milestone_due = models.DateField(null=True, blank=True, editable=False)
    health_as_of = models.DateField(null=True, blank=True, editable=False)
    next_milestone_title = models.CharField(
        max_length=200, blank=True, default="", editable=False, validators=[validate_single_line]
    )
    next_milestone_due = models.DateField(null=True, blank=True, editable=False)
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(pillar__in=Pillar.values), name="initiative_pillar_valid"),
            models.CheckConstraint(condition=Q(status__in=InitiativeStatus.values), name="initiative_status_valid"),
            models.CheckConstraint(condition=Q(lead_side__in=LeadSide.values), name="initiative_lead_side_valid"),
            models.CheckConstraint(condition=Q(visibility__in=Visibility.values), name="initiative_visibility_valid"),
            # Only what every signed-in reader reads may be published to everyone.
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(visibility=Visibility.INTERNAL), name="initiative_public_is_internal"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(target_date__isnull=True)
                | Q(target_date__gte=F("start_date")),
                name="initiative_target_not_before_start",
            ),
            at_most("summary", SUMMARY_MAX_LENGTH, "initiative_summary_max_length"),
            at_most("description", DESCRIPTION_MAX_LENGTH, "initiative_description_max_length"),
        ]
        indexes = [
            models.Index(fields=["working_group", "status"]),
            models.Index(fields=["pillar", "status"]),
            models.Index(fields=["lead_side"]),
            models.Index(fields=["visibility"]),
            models.Index(fields=["title", "id"], condition=Q(is_public=True), name="initiative_public_title"),
            # One index per ordering the list offers (proposals.filters.INITIATIVE_ORDERINGS), each ending with
            # the title-and-id tiebreak, so a page of 20 is read off the index instead of sorting the programme.
            models.Index(fields=["title", "id"], name="initiative_title_id"),
            models.Index(fields=["target_date", "title", "id"], name="initiative_target_date"),
            models.Index(
                F("target_date").desc(nulls_last=True), F("title"), F("id"), name="initiative_target_date_desc"
            ),
            models.Index(fields=["progress", "title", "id"], name="initiative_progress"),
            models.Index(fields=["-progress", "title", "id"], name="initiative_progress_desc"),
            models.Index(fields=["health_rank", "title", "id"], name="initiative_health"),
            models.Index(fields=["-health_rank", "title", "id"], name="initiative_health_desc"),
            models.Index(
                F("last_activity_at").asc(nulls_first=True), F("title"), F("id"), name="initiative_last_activity"
            ),
            models.Index(
                F("last_activity_at").desc(nulls_last=True), F("title"), F("id"), name="initiative_last_activity_desc"
            ),
            models.Index(fields=["health", "title", "id"], name="initiative_health_filter"),
            # The read rule's and the review queue's "initiatives of these groups", answered from the index alone.
            models.Index(fields=["working_group", "id"], name="initiative_group_id"),
            models.Index(
                fields=["disagreement_since", "id"],
                condition=Q(disagreement_since__isnull=False),
                name="initiative_disagreement",
            ),
            models.Index(fields=["kr_assessment_due"], name="initiative_kr_assessment_due"),
            models.Index(fields=["jp_assessment_due"], name="initiative_jp_assessment_due"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_date and self.target_date and self.target_date < self.start_date:
            raise ValidationError({"target_date": _("The target date cannot be before the start date.")})

    def get_absolute_url(self) -> str:
        from django.urls import NoReverseMatch, reverse

        try:
            return reverse("proposals:initiative-detail", kwargs={"slug": self.slug})
        except NoReverseMatch:
            return f"/initiatives/{self.slug}/"


class InitiativeOwner(TimestampedModel):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="ownerships", verbose_name=_("initiative")
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="ownerships", verbose_name=_("user"))
    side = models.CharField(_("side"), max_length=2, choices=Side.choices)

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        ordering = ["side", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="owner_unique_initiative_user"),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="owner_side_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.side})"


class SourceReference(TimestampedModel):
    """Which seed document an initiative comes from and what it says there, in our words."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="sources", verbose_name=_("initiative")
    )
    document = models.CharField(_("document"), max_length=40, choices=SeedDocument.choices)
    note = bounded_text(_("what it says"), NOTE_MAX_LENGTH)

    class Meta:
        verbose_name = _("source reference")
        verbose_name_plural = _("source references")
        ordering = ["document", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(document__in=SeedDocument.values), name="source_document_valid"),
            at_most("note", NOTE_MAX_LENGTH, "source_note_max_length"),
        ]

    def __str__(self) -> str:
        return self.get_document_display()


class Milestone(TimestampedModel):
    Status = MilestoneStatus

    CLOSED_STATUSES = ("approved", "cancelled")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("initiative")
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    description = bounded_text(_("description"), PLAIN_DESCRIPTION_MAX_LENGTH, blank=True)
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_milestones", verbose_name=_("owner")
    )
    due_date = models.DateField(_("due date"))
    weight = models.PositiveIntegerField(_("weight"), default=1, validators=[MinValueValidator(1)])
    # The key a coordinator's spreadsheet gives the milestone: a re-import finds it again by it.
    import_key = models.CharField(_("import key"), max_length=100, blank=True, validators=[validate_single_line])
    # Approved only once a coordinator of each side has signed it (``MilestoneSignoff``).
    is_joint = models.BooleanField(_("joint milestone"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="milestone_weight_positive"),
            models.UniqueConstraint(
                fields=["initiative", "import_key"], condition=~Q(import_key=""), name="milestone_unique_import_key"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MilestoneStatus.values),
                name="milestone_status_valid",
            ),
            at_most("description", PLAIN_DESCRIPTION_MAX_LENGTH, "milestone_description_max_length"),
        ]
        indexes = [
            models.Index(fields=["initiative", "due_date"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["owner", "status"]),
            # The review queue and its count: the few submitted milestones among many, read from the index alone.
            models.Index(
                fields=["initiative", "submitted_at", "submitted_by", "id"],
                condition=models.Q(status="submitted"),
                name="milestone_waiting_review",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    @property
    def is_overdue(self) -> bool:
        return not self.is_closed and self.due_date < timezone.localdate()

    @property
    def days_overdue(self) -> int:
        return max(0, (timezone.localdate() - self.due_date).days)


class EvidenceLink(TimestampedModel):
    Kind = EvidenceKind

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("initiative")
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("milestone"),
    )
    url = models.URLField(
        _("URL"), max_length=EVIDENCE_URL_MAX_LENGTH, validators=[URLValidator(schemes=["http", "https"])]
    )
    title = models.CharField(_("title"), max_length=300, validators=[validate_single_line])
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    note = bounded_text(_("note"), NOTE_MAX_LENGTH, blank=True)
    added_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("added by")
    )

    class Meta:
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "url"], name="evidence_unique_url_per_initiative"),
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"), name="evidence_url_http"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EvidenceKind.values),
                name="evidence_kind_valid",
            ),
            at_most("note", NOTE_MAX_LENGTH, "evidence_note_max_length"),
        ]
        indexes = [models.Index(fields=["initiative", "-created_at"])]

    def __str__(self) -> str:
        return self.title

"""Initiatives and everything that hangs off them.

Data, constraints and small computed properties only; every write with rules
goes through ``proposals.services`` and every non-trivial read through
``proposals.selectors``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Country, DigestFrequency, TimestampedModel, WorkingGroup

User = settings.AUTH_USER_MODEL

COMMENT_MAX_LENGTH = 10_000
EVIDENCE_URL_MAX_LENGTH = 2_000


class Pillar(models.TextChoices):
    ECONOMY = "economy", _("Economy")
    SECURITY = "security", _("Security")
    SCIENCE_TECHNOLOGY = "science_technology", _("Science & technology")
    PEOPLE_CULTURE = "people_culture", _("People & culture")


class Side(models.TextChoices):
    KOREA = "KR", _("Korea")
    JAPAN = "JP", _("Japan")


class LeadSide(models.TextChoices):
    KOREA = "KR", _("Korea")
    JAPAN = "JP", _("Japan")
    JOINT = "joint", _("Joint")


class Health(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


class SeedDocument(models.TextChoices):
    FKI_REPORT = "000_77fede5013c03b8e", _("FKI Korea–Japan cooperation plan report (news report)")
    WHITELIST_NEWS = "001_ee91d07299af4bbb", _("Korea–Japan business meeting and whitelist restoration (news report)")
    EU_TREATY = "002_e6d125267b37dc8f", _("Proposal for a Korea–Japan treaty modelled on the EU (news report)")
    RIETI_HANDOUT = "003_9ca4b3301161a203", _("RIETI BBL seminar handout: Japan–Korea⁺ partnership framework")
    AI_EDITORIAL = "004_f2af1fc26083bdc1", _("Editorial: AI and semiconductor cooperation for economic security")


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped")


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Internal (every signed-in user)")
    RESTRICTED = "restricted", _("Restricted (working group, owners and admins)")


class Initiative(TimestampedModel):
    Status = InitiativeStatus

    Visibility = Visibility

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    summary = models.TextField(_("summary"), max_length=1_000)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    lead_side = models.CharField(_("lead side"), max_length=5, choices=LeadSide.choices, default=LeadSide.JOINT)
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("working group")
    )
    owners = models.ManyToManyField(User, through="InitiativeOwner", related_name="owned_initiatives", blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(pillar__in=Pillar.values), name="initiative_pillar_valid"),
            models.CheckConstraint(condition=Q(status__in=InitiativeStatus.values), name="initiative_status_valid"),
            models.CheckConstraint(condition=Q(lead_side__in=LeadSide.values), name="initiative_lead_side_valid"),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="initiative_visibility_valid"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(target_date__isnull=True) | Q(target_date__gte=F("start_date")),
                name="initiative_target_not_before_start",
            ),
        ]
        indexes = [
            models.Index(fields=["working_group", "status"]),
            models.Index(fields=["pillar", "status"]),
            models.Index(fields=["lead_side"]),
            models.Index(fields=["visibility"]),
            models.Index(fields=["target_date"]),
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
    note = models.TextField(_("what it says"))

    class Meta:
        verbose_name = _("source reference")
        verbose_name_plural = _("source references")
        ordering = ["document", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(document__in=SeedDocument.values), name="source_document_valid"),
        ]

    def __str__(self) -> str:
        return self.get_document_display()


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    CANCELLED = "cancelled", _("Cancelled")


class Milestone(TimestampedModel):
    Status = MilestoneStatus

    CLOSED_STATUSES = ("approved", "cancelled")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("initiative")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_milestones", verbose_name=_("owner")
    )
    due_date = models.DateField(_("due date"))
    weight = models.PositiveIntegerField(_("weight"), default=1, validators=[MinValueValidator(1)])
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
            models.CheckConstraint(
                condition=Q(status__in=MilestoneStatus.values),
                name="milestone_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["initiative", "due_date"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["owner", "status"]),
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


class EvidenceKind(models.TextChoices):
    OFFICIAL = "official", _("Official")
    NEWS = "news", _("News")
    REPORT = "report", _("Report")
    DATASET = "dataset", _("Dataset")
    MINUTES = "minutes", _("Minutes")
    OTHER = "other", _("Other")


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
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
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
        ]
        indexes = [models.Index(fields=["initiative", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class Indicator(TimestampedModel):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("initiative")
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60)
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
    note = models.CharField(_("note"), max_length=500, blank=True)
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
    note = models.TextField(_("note"), max_length=5_000)
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
        ]
        indexes = [models.Index(fields=["initiative", "-date"])]

    def __str__(self) -> str:
        return f"{self.initiative} · {self.date}"


class Comment(TimestampedModel):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="comments", verbose_name=_("initiative")
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments", verbose_name=_("milestone")
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="comments", verbose_name=_("author")
    )
    body = models.TextField(_("body"), max_length=COMMENT_MAX_LENGTH, help_text=_("Markdown."))
    body_html = models.TextField(_("rendered body"), blank=True)
    mentions = models.ManyToManyField(User, related_name="mentioned_in", blank=True, verbose_name=_("mentions"))
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("hidden by")
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), COMMENT_MAX_LENGTH), name="comment_body_max_length"
            ),
        ]
        indexes = [models.Index(fields=["initiative", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author} on {self.initiative}"


class CommentRevision(TimestampedModel):
    """The text a comment had before an edit."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("comment"))
    body = models.TextField(_("body"))
    edited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("edited by")
    )

    class Meta:
        verbose_name = _("comment revision")
        verbose_name_plural = _("comment revisions")
        ordering = ["comment", "created_at", "pk"]


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Activity is append-only.")

    def delete(self):
        raise TypeError("Activity is append-only.")


class ActivityVerb(models.TextChoices):
    INITIATIVE_CREATED = "initiative.created", _("created the initiative")
    INITIATIVE_EDITED = "initiative.edited", _("edited the initiative")
    INITIATIVE_STATUS_CHANGED = "initiative.status_changed", _("changed the status")
    INITIATIVE_VISIBILITY_CHANGED = "initiative.visibility_changed", _("changed the visibility")
    INITIATIVE_HEALTH_CHANGED = "initiative.health_changed", _("health changed")
    OWNER_ADDED = "initiative.owner_added", _("added an owner")
    OWNER_REMOVED = "initiative.owner_removed", _("removed an owner")
    MILESTONE_CREATED = "milestone.created", _("added a milestone")
    MILESTONE_EDITED = "milestone.edited", _("edited a milestone")
    MILESTONE_REPLANNED = "milestone.replanned", _("re-planned a milestone")
    MILESTONE_STARTED = "milestone.started", _("started a milestone")
    MILESTONE_SUBMITTED = "milestone.submitted", _("submitted a milestone for review")
    MILESTONE_APPROVED = "milestone.approved", _("approved a milestone")
    MILESTONE_CHANGES_REQUESTED = "milestone.changes_requested", _("requested changes to a milestone")
    MILESTONE_CANCELLED = "milestone.cancelled", _("cancelled a milestone")
    INDICATOR_CREATED = "indicator.created", _("added an indicator")
    INDICATOR_EDITED = "indicator.edited", _("edited an indicator")
    INDICATOR_READING_ADDED = "indicator.reading_added", _("recorded an indicator reading")
    PROGRESS_LOGGED = "progress.logged", _("logged progress")
    EVIDENCE_ADDED = "evidence.added", _("added evidence")
    COMMENT_ADDED = "comment.added", _("commented")
    COMMENT_EDITED = "comment.edited", _("edited a comment")
    COMMENT_HIDDEN = "comment.hidden", _("hid a comment")
    COMMENT_UNHIDDEN = "comment.unhidden", _("restored a comment")
    FOLLOW_ADDED = "follow.added", _("started following")
    FOLLOW_REMOVED = "follow.removed", _("stopped following")


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


class FollowReason(models.TextChoices):
    MANUAL = "manual", _("Followed")
    OWNER = "owner", _("Owner")
    SUBMITTER = "submitter", _("Submitted a milestone")
    COMMENTER = "commenter", _("Commented")
    MENTIONED = "mentioned", _("Mentioned")


class Follow(TimestampedModel):
    Reason = FollowReason

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follows", verbose_name=_("user"))
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="follows", verbose_name=_("initiative")
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


class Digest(TimestampedModel):
    """One user's summary of one period; stored so it can be read on the site and sent at most once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="digests", verbose_name=_("user"))
    frequency = models.CharField(_("frequency"), max_length=6, choices=DigestFrequency.choices[:2])
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end"))
    language = models.CharField(_("language"), max_length=2, default="en")
    subject = models.CharField(_("subject"), max_length=300, blank=True)
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


class ReminderReason(models.TextChoices):
    DUE_IN_7_DAYS = "due_7d", _("Due in 7 days")
    DUE_IN_1_DAY = "due_1d", _("Due tomorrow")
    OVERDUE = "overdue", _("Overdue")
    REVIEW_WAITING = "review_waiting", _("Waiting for review")


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
            models.CheckConstraint(
                condition=Q(reason__in=ReminderReason.values), name="reminder_reason_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} → {self.recipient}"


class NotificationKind(models.TextChoices):
    MENTIONED = "mentioned", _("Mentioned")
    REVIEW_REQUESTED = "review_requested", _("Awaits review")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")


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


__all__ = [
    "Activity",
    "Comment",
    "CommentRevision",
    "Country",
    "Digest",
    "EvidenceLink",
    "Follow",
    "Health",
    "Indicator",
    "IndicatorReading",
    "Initiative",
    "InitiativeOwner",
    "LeadSide",
    "Milestone",
    "Notification",
    "Pillar",
    "ProgressUpdate",
    "Reminder",
    "Side",
    "SourceReference",
]

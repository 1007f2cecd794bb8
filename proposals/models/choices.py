"""Choices and limits shared by the models, the forms and the services (limits on text: tracker.limits)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

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


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    CANCELLED = "cancelled", _("Cancelled")


class EvidenceKind(models.TextChoices):
    OFFICIAL = "official", _("Official")
    NEWS = "news", _("News")
    REPORT = "report", _("Report")
    DATASET = "dataset", _("Dataset")
    MINUTES = "minutes", _("Minutes")
    OTHER = "other", _("Other")


class ActivityVerb(models.TextChoices):
    INITIATIVE_CREATED = "initiative.created", _("created the initiative")
    INITIATIVE_EDITED = "initiative.edited", _("edited the initiative")
    INITIATIVE_STATUS_CHANGED = "initiative.status_changed", _("changed the status")
    INITIATIVE_VISIBILITY_CHANGED = "initiative.visibility_changed", _("changed the visibility")
    INITIATIVE_PUBLISHED = "initiative.published", _("published the initiative as open data")
    INITIATIVE_UNPUBLISHED = "initiative.unpublished", _("withdrew the initiative from open data")
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
    MILESTONE_SIGNED = "milestone.signed", _("signed a joint milestone for their side")
    ASSESSMENT_POSTED = "assessment.posted", _("posted an assessment")
    DOMESTIC_STEP_ADDED = "domestic_step.added", _("added a domestic step")
    DOMESTIC_STEP_UPDATED = "domestic_step.updated", _("updated a domestic step")
    TRANSLATION_UPDATED = "translation.updated", _("updated a translation")
    TRANSLATION_CONFIRMED = "translation.confirmed", _("confirmed a translation")
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


class FollowReason(models.TextChoices):
    MANUAL = "manual", _("Followed")
    OWNER = "owner", _("Owner")
    SUBMITTER = "submitter", _("Submitted a milestone")
    COMMENTER = "commenter", _("Commented")
    MENTIONED = "mentioned", _("Mentioned")


class ReminderReason(models.TextChoices):
    DUE_IN_7_DAYS = "due_7d", _("Due in 7 days")
    DUE_IN_1_DAY = "due_1d", _("Due tomorrow")
    OVERDUE = "overdue", _("Overdue")
    REVIEW_WAITING = "review_waiting", _("Waiting for review")


class NotificationKind(models.TextChoices):
    MENTIONED = "mentioned", _("Mentioned")
    REVIEW_REQUESTED = "review_requested", _("Awaits review")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    SIGNED = "signed", _("Signed by one side")


class Confidence(models.TextChoices):
    LOW = "low", _("Low confidence")
    MEDIUM = "medium", _("Medium confidence")
    HIGH = "high", _("High confidence")


class AssessmentCadence(models.TextChoices):
    """How often each side's owners assess an initiative (``proposals.sides.next_assessment_due``)."""

    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class DomesticStepKind(models.TextChoices):
    CABINET_DECISION = "cabinet_decision", _("Cabinet decision")
    LEGISLATIVE_CONSENT = "legislative_consent", _("Legislative consent (National Assembly / Diet)")
    BUDGET_APPROPRIATION = "budget_appropriation", _("Budget appropriation")
    ENABLING_REGULATION = "enabling_regulation", _("Enabling regulation")
    SIGNATURE = "signature", _("Signature")
    ENTRY_INTO_FORCE = "entry_into_force", _("Entry into force")
    OTHER = "other", _("Other domestic procedure")


class DomesticStepStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_NEEDED = "not_needed", _("Not needed")


#: Domestic steps still to be taken: while one of these is required before a milestone, it cannot be submitted.
OPEN_DOMESTIC_STEP_STATUSES = (DomesticStepStatus.PLANNED, DomesticStepStatus.IN_PROGRESS)

"""Initiatives and everything that hangs off them.

Data, constraints and small computed properties only; every write with rules
goes through ``proposals.services`` and every non-trivial read through
``proposals.selectors``. One module per subject: ``choices``, ``initiatives``,
``discussion``, ``activity``, ``delivery``, ``webhooks``, ``operations``
(task runs and failures), ``sides`` (sign-offs, assessments, domestic steps) and ``translations``.
"""

from accounts.models import Country
from tracker.limits import COMMENT_MAX_LENGTH

from .activity import Activity, AppendOnlyQuerySet, Follow
from .choices import (
    EVIDENCE_URL_MAX_LENGTH,
    OPEN_DOMESTIC_STEP_STATUSES,
    ActivityVerb,
    AssessmentCadence,
    Confidence,
    DomesticStepKind,
    DomesticStepStatus,
    EvidenceKind,
    FollowReason,
    Health,
    InitiativeStatus,
    LeadSide,
    MilestoneStatus,
    NotificationKind,
    Pillar,
    ReminderReason,
    SeedDocument,
    Side,
    Visibility,
)
from .delivery import Digest, Notification, Reminder
from .discussion import Comment, CommentRevision
from .initiatives import (
    EvidenceLink,
    Initiative,
    InitiativeOwner,
    Milestone,
    SourceReference,
)
from .operations import TaskFailure, TaskRun
from .progress import Indicator, IndicatorReading, ProgressUpdate
from .sides import Assessment, AssessmentReminder, DomesticStep, MilestoneSignoff
from .translations import GlossaryTerm, InitiativeTranslation, MilestoneTranslation
from .webhooks import PING, WEBHOOK_URL_MAX_LENGTH, Webhook, WebhookDelivery, WebhookEvent

__all__ = [
    "COMMENT_MAX_LENGTH",
    "EVIDENCE_URL_MAX_LENGTH",
    "OPEN_DOMESTIC_STEP_STATUSES",
    "PING",
    "WEBHOOK_URL_MAX_LENGTH",
    "Activity",
    "ActivityVerb",
    "AppendOnlyQuerySet",
    "Assessment",
    "AssessmentCadence",
    "AssessmentReminder",
    "Comment",
    "CommentRevision",
    "Confidence",
    "Country",
    "Digest",
    "DomesticStep",
    "DomesticStepKind",
    "DomesticStepStatus",
    "EvidenceKind",
    "EvidenceLink",
    "Follow",
    "FollowReason",
    "GlossaryTerm",
    "Health",
    "Indicator",
    "IndicatorReading",
    "Initiative",
    "InitiativeOwner",
    "InitiativeStatus",
    "InitiativeTranslation",
    "LeadSide",
    "Milestone",
    "MilestoneSignoff",
    "MilestoneStatus",
    "MilestoneTranslation",
    "Notification",
    "NotificationKind",
    "Pillar",
    "ProgressUpdate",
    "Reminder",
    "ReminderReason",
    "SeedDocument",
    "Side",
    "SourceReference",
    "TaskFailure",
    "TaskRun",
    "Visibility",
    "Webhook",
    "WebhookDelivery",
    "WebhookEvent",
]

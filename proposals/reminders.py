"""Reminders: nudges that are sent once per reason and due date.

- To a milestone's owner when it falls due within 7 days (``due_7d``), within 1
  day (``due_1d``: tomorrow or today) and once it is overdue (``overdue``),
  counted in the owner's time zone. Each fires once per due date: re-planning
  the milestone re-arms all three.
- To each coordinator of the milestone's working group (never the submitter)
  when a submission has waited 2 working days (Monday–Friday less the public
  holidays of the coordinator's country, ``proposals.working_days``, counted from
  ``submitted_at`` in the coordinator's time zone) for review
  (``review_waiting``). The row's ``due_date`` is the day the review fell due,
  so a later submission of the same milestone is reminded of again. A joint
  milestone's reminder goes only to coordinators of a side that has not signed.

Only active users with an address and ``email_reminders`` on who may read the
initiative (``proposals.access``, asked when the row is written and again when
it is sent) are reminded (whatever their digest frequency), and not before
08:00 their time. The
hourly sweep (``send_due``) first writes every Reminder row that has become due
(one insert, conflicts with existing rows ignored), then mails each unsent row
through ``mail.send_once``, so a reminder goes out once even if two sweeps
overlap, and one that could not be sent is tried again by the next sweep while
it still applies.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import Membership

from . import batch_titles, mail, permissions, working_days
from .access import ReadIndex
from .enqueue import TimeLimitReached
from .models import Milestone, MilestoneStatus, Reminder

logger = logging.getLogger(__name__)

R = Reminder.Reason
REMIND_FROM_HOUR = 8
REVIEW_WORKING_DAYS = 2
RETRY_WINDOW = datetime.timedelta(days=2)
OWNER_REASONS = (R.DUE_IN_7_DAYS, R.DUE_IN_1_DAY, R.OVERDUE)
# The earliest and latest local dates on Earth at a given instant differ by at most this.
DATE_LINE_SPREAD = datetime.timedelta(days=2)


@dataclasses.dataclass
class ReminderOutcome:
    sent: int = 0
    failed: int = 0


def owner_reason(days_left: int) -> str | None:
    """Which owner reminder a milestone due in ``days_left`` days (negative: overdue) calls for."""
    if days_left < 0:
        return R.OVERDUE
    if days_left <= 1:
        return R.DUE_IN_1_DAY
    if days_left <= 7:
        return R.DUE_IN_7_DAYS
    return None


def add_working_days(start: datetime.datetime, days: int, tz, country: str | None = None) -> datetime.datetime:
    """``start`` moved ``days`` working days of ``country`` later, at the same local time of day.

    A start on a day off counts from the next working day at 00:00 (``working_days.add_working_days``).
    """
    return working_days.add_working_days(start, days, tz, country)


def _awaits_signature_of(user, milestone: Milestone) -> bool:
    """Is a joint milestone still waiting for the signature of ``user``'s side? Always true for other milestones."""
    if not milestone.is_joint:
        return True
    side = permissions.side_of(user)
    return side is not None and side not in permissions.signed_sides(milestone)


def _local(at: datetime.datetime, user) -> datetime.datetime:
    return at.astimezone(mail.zone(user.time_zone))


def _remindable(prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_active": True, f"{prefix}email_reminders": True}) & ~Q(**{f"{prefix}email": ""})


def owner_reminders(at: datetime.datetime) -> list[Reminder]:
    """Unsaved Reminder rows for owners whose milestone has entered a reminder window by ``at``."""
    latest_day = at.date() + DATE_LINE_SPREAD
    reminded_overdue = Reminder.objects.filter(
        milestone=OuterRef("pk"), recipient=OuterRef("owner_id"), reason=R.OVERDUE, due_date=OuterRef("due_date")
    )
    milestones = list(
        Milestone.objects.exclude(status__in=Milestone.CLOSED_STATUSES)
        .filter(_remindable("owner__"), due_date__lte=latest_day + datetime.timedelta(days=7))
        # Long-overdue milestones already reminded of stay out of the sweep.
        .filter(Q(due_date__gte=at.date() - DATE_LINE_SPREAD) | ~Exists(reminded_overdue))
        .select_related("owner", "initiative")
    )
    index = ReadIndex([m.owner for m in milestones if m.owner is not None], {m.initiative for m in milestones})
    rows = []
    for milestone in milestones:
        owner = milestone.owner
        assert owner is not None  # the query keeps only milestones whose owner takes reminders
        if not index.can_read(owner.pk, milestone.initiative_id):
            continue
        local = _local(at, owner)
        if local.hour < REMIND_FROM_HOUR:
            continue
        reason = owner_reason((milestone.due_date - local.date()).days)
        if reason:
            rows.append(Reminder(milestone=milestone, recipient=owner, reason=reason, due_date=milestone.due_date))
    return rows


def review_reminders(at: datetime.datetime) -> list[Reminder]:
    """Unsaved Reminder rows for coordinators of submissions that have waited 2 working days by ``at``."""
    waiting = list(
        Milestone.objects.filter(
            status=MilestoneStatus.SUBMITTED,
            submitted_at__isnull=False,
            submitted_at__lte=at - datetime.timedelta(days=REVIEW_WORKING_DAYS),
        )
        .select_related("initiative")
        .prefetch_related("signoffs")
    )
    coordinators: dict[int, list] = {}
    memberships = Membership.objects.filter(
        _remindable("user__"),
        role=Membership.Role.COORDINATOR,
        working_group_id__in={m.initiative.working_group_id for m in waiting},
    ).select_related("user")
    for membership in memberships:
        coordinators.setdefault(membership.working_group_id, []).append(membership.user)
    index = ReadIndex(
        {user.pk: user for users in coordinators.values() for user in users}.values(), {m.initiative for m in waiting}
    )
    rows = []
    for milestone in waiting:
        submitted_at = milestone.submitted_at
        assert submitted_at is not None  # the query keeps only submissions with a time
        for user in coordinators.get(milestone.initiative.working_group_id, []):
            if user.pk == milestone.submitted_by_id or not index.can_read(user.pk, milestone.initiative_id):
                continue
            if not _awaits_signature_of(user, milestone):
                continue
            local = _local(at, user)
            review_due = add_working_days(submitted_at, REVIEW_WORKING_DAYS, local.tzinfo, user.country)
            if local >= review_due and local.hour >= REMIND_FROM_HOUR:
                rows.append(
                    Reminder(milestone=milestone, recipient=user, reason=R.REVIEW_WAITING, due_date=review_due.date())
                )
    return rows


def _still_applies(reminder: Reminder) -> bool:
    milestone = reminder.milestone
    if milestone.is_closed:
        return False
    if reminder.reason == R.REVIEW_WAITING:
        return milestone.status == MilestoneStatus.SUBMITTED and _awaits_signature_of(reminder.recipient, milestone)
    return milestone.due_date == reminder.due_date


def _context(reminder: Reminder, at: datetime.datetime) -> dict:
    milestone = reminder.milestone
    today = _local(at, reminder.recipient).date()
    context = {
        "reason": reminder.reason,
        "milestone": milestone,
        "initiative": milestone.initiative,
        "due_date": milestone.due_date,
        "days_left": (milestone.due_date - today).days,
        "days_overdue": (today - milestone.due_date).days,
        "url": mail.initiative_url(milestone.initiative.slug, f"milestone-{milestone.pk}"),
    }
    if reminder.reason == R.REVIEW_WAITING:
        context["submitted_by"] = milestone.submitted_by.name if milestone.submitted_by else ""
        context["submitted_at"] = milestone.submitted_at
    return context


def _titles_by_language(reminders: list[Reminder]):
    """Each reminder's initiative and milestone titles in its recipient's language; two queries per language."""
    by_language: dict[str, tuple[dict[int, str], dict[int, str]]] = {}
    for language in {mail.language_of(r.recipient) for r in reminders}:
        mine = [r for r in reminders if mail.language_of(r.recipient) == language]
        by_language[language] = batch_titles.titles(
            language,
            initiative_ids={r.milestone.initiative_id for r in mine},
            milestone_ids={r.milestone_id for r in mine},
        )

    def titles(reminder: Reminder) -> dict[str, str]:
        initiatives, milestones = by_language[mail.language_of(reminder.recipient)]
        milestone = reminder.milestone
        return {
            "initiative_title": initiatives.get(milestone.initiative_id, milestone.initiative.title),
            "milestone_title": milestones.get(milestone.pk, milestone.title),
        }

    return titles


def send_due(at: datetime.datetime) -> ReminderOutcome:
    """Record every reminder due at ``at`` and mail each unsent one once. Safe to run any number of times."""
    due = owner_reminders(at) + review_reminders(at)
    Reminder.objects.bulk_create(due, ignore_conflicts=True)
    pending = list(
        Reminder.objects.filter(sent_at__isnull=True, created_at__gte=timezone.now() - RETRY_WINDOW)
        .filter(_remindable("recipient__"))
        .select_related("recipient", "milestone", "milestone__initiative", "milestone__submitted_by")
        .prefetch_related("milestone__signoffs")
        .order_by("pk")
    )
    # Asked again at send time: the recipient may have lost sight of the initiative since the row was written.
    index = ReadIndex(
        {r.recipient_id: r.recipient for r in pending}.values(), {r.milestone.initiative for r in pending}
    )
    titles = _titles_by_language(pending)
    outcome = ReminderOutcome()
    for reminder in pending:
        if not _still_applies(reminder) or not index.can_read(reminder.recipient_id, reminder.milestone.initiative_id):
            continue
        try:
            context = {**_context(reminder, at), **titles(reminder)}
            message = mail.render(reminder.recipient, "reminder", context)
            recipient = reminder.recipient
            outcome.sent += mail.send_once(Reminder, reminder.pk, lambda: mail.send(recipient, message))  # noqa: B023
        except TimeLimitReached:
            raise
        except Exception:  # the row stays unsent; the next sweep tries again
            logger.exception("Could not send reminder %s", reminder.pk)
            outcome.failed += 1
    return outcome

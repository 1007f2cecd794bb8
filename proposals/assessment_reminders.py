"""Reminders that a side's assessment of an initiative is due, beside the milestone reminders (``reminders``).

When a side's next assessment falls due (``proposals.sides``: its due date is today or
past in the owner's time zone), each owner of that side is reminded once for that due
date (``AssessmentReminder`` is unique per initiative, recipient and due date), not
before 08:00 their time, in their language. Posting the assessment moves the due date,
which re-arms the reminder for the next one. The same rules as every reminder: only
active owners with an address and ``email_reminders`` on who may read the initiative
(``access.ReadIndex``, asked when the row is written and again when it is sent), and
each row mailed once through ``mail.send_once``.
"""

from __future__ import annotations

import datetime
import logging

from django.db.models import Prefetch, Q
from django.utils import timezone

from . import mail, sides
from .access import ReadIndex
from .enqueue import TimeLimitReached
from .models import AssessmentReminder, Initiative, InitiativeOwner, Side
from .reminders import DATE_LINE_SPREAD, REMIND_FROM_HOUR, RETRY_WINDOW, ReminderOutcome

logger = logging.getLogger(__name__)


def _remindable(prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_active": True, f"{prefix}email_reminders": True}) & ~Q(**{f"{prefix}email": ""})


def due_reminders(at: datetime.datetime) -> list[AssessmentReminder]:
    """Unsaved rows for the owners of every side whose assessment has fallen due by ``at`` (their local day)."""
    latest_day = at.date() + DATE_LINE_SPREAD
    owners = InitiativeOwner.objects.filter(_remindable("user__")).select_related("user")
    initiatives = list(
        Initiative.objects.filter(sides.due_q(Side.KOREA, latest_day) | sides.due_q(Side.JAPAN, latest_day))
        .only("pk", "visibility", "working_group_id", "status", "kr_assessment_due", "jp_assessment_due", "created_at")
        .prefetch_related(Prefetch("ownerships", queryset=owners))
    )
    index = ReadIndex({o.user_id: o.user for i in initiatives for o in i.ownerships.all()}.values(), initiatives)
    rows = []
    for initiative in initiatives:
        for ownership in initiative.ownerships.all():
            user = ownership.user
            local = at.astimezone(mail.zone(user.time_zone))
            if local.hour < REMIND_FROM_HOUR or not sides.is_due(initiative, ownership.side, local.date()):
                continue
            due = sides.due_of(initiative, ownership.side)
            if due is None or not index.can_read(user.pk, initiative.pk):
                continue
            rows.append(AssessmentReminder(initiative=initiative, side=ownership.side, recipient=user, due_date=due))
    return rows


def _still_applies(reminder: AssessmentReminder) -> bool:
    """The side's assessment is still due on that date, and the recipient still owns the initiative for that side."""
    initiative = reminder.initiative
    if not sides.is_assessed(initiative) or sides.due_of(initiative, reminder.side) != reminder.due_date:
        return False
    return any(o.user_id == reminder.recipient_id and o.side == reminder.side for o in initiative.ownerships.all())


def _context(reminder: AssessmentReminder, at: datetime.datetime) -> dict:
    today = at.astimezone(mail.zone(reminder.recipient.time_zone)).date()
    initiative = reminder.initiative
    return {
        "initiative": initiative,
        "side": Side(reminder.side).label,
        "due_date": reminder.due_date,
        "overdue": reminder.due_date < today,
        "cadence": initiative.get_assessment_cadence_display(),
        "url": mail.initiative_url(initiative.slug, "assessments"),
    }


def send_due(at: datetime.datetime) -> ReminderOutcome:
    """Record every assessment reminder due at ``at`` and mail each unsent one once. Safe to run any number of times."""
    AssessmentReminder.objects.bulk_create(due_reminders(at), ignore_conflicts=True)
    pending = list(
        AssessmentReminder.objects.filter(sent_at__isnull=True, created_at__gte=timezone.now() - RETRY_WINDOW)
        .filter(_remindable("recipient__"))
        .select_related("recipient", "initiative")
        .prefetch_related("initiative__ownerships")
        .order_by("pk")
    )
    # Asked again at send time: the recipient may have lost sight of the initiative since the row was written.
    index = ReadIndex({r.recipient_id: r.recipient for r in pending}.values(), {r.initiative for r in pending})
    outcome = ReminderOutcome()
    for reminder in pending:
        if not _still_applies(reminder) or not index.can_read(reminder.recipient_id, reminder.initiative_id):
            continue
        try:
            message = mail.render(reminder.recipient, "assessment_reminder", _context(reminder, at))
            recipient = reminder.recipient
            outcome.sent += mail.send_once(
                AssessmentReminder,
                reminder.pk,
                lambda: mail.send(recipient, message),  # noqa: B023
            )
        except TimeLimitReached:
            raise
        except Exception:  # the row stays unsent; the next sweep tries again
            logger.exception("Could not send assessment reminder %s", reminder.pk)
            outcome.failed += 1
    return outcome

"""Each side's own assessment of an initiative: posted, never edited (``proposals.sides`` holds the rules)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .. import permissions, sides
from ..models import Activity, Assessment, Confidence, Health, Initiative
from ..models.sides import RATIONALE_MAX_LENGTH
from .common import field_error, lock, record_activity


def _clean_rationale(rationale: str) -> str:
    rationale = (rationale or "").strip()
    if not rationale:
        raise field_error("rationale", _("Say in a few words why you rate it so."), "required")
    if len(rationale) > RATIONALE_MAX_LENGTH:
        raise field_error(
            "rationale",
            _("Keep the rationale under %(max)d characters.") % {"max": RATIONALE_MAX_LENGTH},
            "max_length",
        )
    return rationale


@transaction.atomic
def post_assessment(
    *,
    initiative: Initiative,
    actor: User,
    rating: str,
    rationale: str,
    confidence: str = "",
    next_update_on: datetime.date | None = None,
) -> Assessment:
    """Post the actor's side's assessment of ``initiative`` (owners, coordinators and admins: "assess").

    The side is the one the actor owns the initiative for, else their country's
    (``permissions.acting_side``); someone of neither side is refused. Appends an
    ``Assessment`` (the history is never edited), stores the side's latest rating,
    when it was given and when the next one is due (``next_update_on``, else one
    cadence later), recomputes the disagreement, and records ``assessment.posted``,
    all in one transaction with the initiative's row locked.
    """
    permissions.require(actor, "assess", initiative)
    side = permissions.acting_side(actor, initiative)
    if side is None:
        raise PermissionDenied(
            _("An assessment is given for Korea or for Japan; your profile names neither country and you own no side.")
        )
    if rating not in Health.values:
        raise field_error("rating", _("Choose on track, at risk or off track."), "invalid_choice")
    rationale = _clean_rationale(rationale)
    confidence = confidence or ""
    if confidence and confidence not in Confidence.values:
        raise field_error(
            "confidence", _("Choose low, medium or high confidence, or leave it empty."), "invalid_choice"
        )
    today = sides.programme_day()
    if next_update_on is not None and next_update_on < today:
        raise field_error("next_update_on", _("The next update cannot be in the past."), "past")

    initiative = lock(Initiative, initiative.pk)
    prefix = sides.SIDE_PREFIX[side]
    old_rating = getattr(initiative, f"{prefix}_rating")
    assessment = Assessment.objects.create(
        initiative=initiative,
        side=side,
        rating=rating,
        rationale=rationale,
        confidence=confidence,
        next_update_on=next_update_on,
        author=actor,
    )
    setattr(initiative, f"{prefix}_rating", rating)
    setattr(initiative, f"{prefix}_assessed_at", assessment.created_at or timezone.now())
    setattr(
        initiative,
        f"{prefix}_assessment_due",
        next_update_on or sides.next_assessment_due(initiative, side, today),
    )
    sides.fill_due_dates(initiative)  # the other side's first due date, if it never had one
    sides.refresh_disagreement(initiative, today)
    Initiative.objects.filter(pk=initiative.pk).update(
        **{
            f"{prefix}_rating": rating,
            f"{prefix}_assessed_at": getattr(initiative, f"{prefix}_assessed_at"),
            **{field: getattr(initiative, field) for field in sides.STORED},
        }
    )
    record_activity(
        actor=actor,
        verb=Activity.Verb.ASSESSMENT_POSTED,
        initiative=initiative,
        details={"side": side, "rating": rating, "old_rating": old_rating, "assessment_id": assessment.pk},
    )
    return assessment

"""The JSON a webhook receives: the event, and the objects as the API shows them.

``{"id": "evt_<activity id>", "event": ..., "created_at": ..., "working_group": <slug>,
"actor": <username or null>, "initiative": {...}, "object_type": ..., "object": {...},
"change": {"old": ..., "new": ...} or null, "note": ...}``. A redelivery carries the same
``id``, so a receiver can tell it has seen the event. Codes, not labels: the body is the
same whoever reads it.
"""

from __future__ import annotations

from typing import Any

from ..api.discussion import CommentSerializer
from ..api.milestones import MilestoneSerializer
from ..api.progress import EvidenceSerializer, IndicatorSerializer, ReadingSerializer
from ..api.serializers import InitiativeSerializer
from ..models import (
    Activity,
    ActivityVerb,
    Comment,
    EvidenceLink,
    Indicator,
    IndicatorReading,
    Initiative,
)

V = ActivityVerb


def _initiative(initiative: Initiative) -> dict[str, Any]:
    fresh = (
        Initiative.objects.select_related("working_group").prefetch_related("ownerships__user").get(pk=initiative.pk)
    )
    return dict(InitiativeSerializer(fresh).data)


def _object(activity: Activity) -> tuple[str, dict[str, Any]] | None:
    """The object the event is about, as the API shows it; None when it is gone (or hidden)."""
    details: dict[str, Any] = activity.details or {}
    if activity.verb.startswith("milestone."):
        return ("milestone", dict(MilestoneSerializer(activity.milestone).data)) if activity.milestone else None
    if activity.verb == V.EVIDENCE_ADDED:
        evidence = EvidenceLink.objects.select_related("initiative", "added_by").filter(pk=details["evidence_id"])
        return ("evidence", dict(EvidenceSerializer(evidence[0]).data)) if evidence else None
    if activity.verb == V.INDICATOR_READING_ADDED:
        readings = IndicatorReading.objects.select_related("recorded_by").filter(
            indicator_id=details["indicator_id"], date=details["date"]
        )
        if details.get("reading_id"):  # recorded since webhooks were added; older rows find it by date
            readings = readings.filter(pk=details["reading_id"])
        indicator = Indicator.objects.select_related("initiative").filter(pk=details["indicator_id"]).first()
        if not readings or indicator is None:
            return None
        return "reading", {
            **ReadingSerializer(readings[0]).data,
            "indicator": dict(IndicatorSerializer(indicator).data),
        }
    if activity.verb == V.COMMENT_ADDED:
        comments = (
            Comment.objects.select_related("initiative", "author")
            .prefetch_related("mentions")
            .filter(pk=details["comment_id"], is_hidden=False)
        )
        return ("comment", dict(CommentSerializer(comments[0]).data)) if comments else None
    return ("initiative", {}) if activity.verb.startswith("initiative.") else None


def for_activity(activity: Activity) -> dict[str, Any] | None:
    """The body of ``activity``'s event; None when what it was about is no longer there to show."""
    if activity.initiative is None:
        return None
    found = _object(activity)
    if found is None:
        return None
    object_type, data = found
    initiative = _initiative(activity.initiative)
    details = activity.details or {}
    change = {"old": details["old"], "new": details["new"]} if "old" in details and "new" in details else None
    return {
        "id": f"evt_{activity.pk}",
        "event": activity.verb,
        "created_at": activity.created_at,
        "working_group": activity.initiative.working_group.slug,
        "actor": activity.actor.username if activity.actor else None,
        "initiative": initiative,
        "object_type": object_type,
        "object": initiative if object_type == "initiative" else data,
        "change": change,
        "note": details.get("note", ""),
    }

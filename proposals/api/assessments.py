"""``assessments/``: each side's assessments of the initiatives the caller may read, newest first; posted through
``services.post_assessment``. Also the initiative representation's ``assessments`` and ``disagreement``."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from .. import services, sides
from ..models import Assessment, Confidence, Health, Initiative, Side
from ..models.sides import RATIONALE_MAX_LENGTH
from .inputs import InitiativeRowsViewSet, StrictInput, readable_initiative
from .progress import WRITE_ERRORS, created


class AssessmentSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "initiative",
            "side",
            "rating",
            "rationale",
            "confidence",
            "next_update_on",
            "author",
            "created_at",
        ]
        read_only_fields = fields


class AssessmentCreateSerializer(StrictInput):
    initiative = serializers.SlugField(allow_unicode=True, help_text="The initiative's slug.")
    rating = serializers.ChoiceField(choices=Health.choices)
    rationale = serializers.CharField(max_length=RATIONALE_MAX_LENGTH, help_text="Why your side rates it so.")
    confidence = serializers.ChoiceField(choices=Confidence.choices, required=False, default="", allow_blank=True)
    next_update_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="When your side will next assess it; not past."
    )


class AssessmentFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug")
    side = django_filters.ChoiceFilter(choices=Side.choices)

    class Meta:
        model = Assessment
        fields: list[str] = []


class AssessmentViewSet(InitiativeRowsViewSet):
    """Both sides' assessments of the initiatives the caller may read, newest first (a history, never edited).

    POST: the caller's side (the side they own the initiative for, else their country's) assesses it;
    owners, coordinators and admins.
    """

    http_method_names = ["get", "post", "head", "options"]
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    queryset = Assessment.objects.none()
    related = ("initiative", "author")
    ordering = ("-created_at", "-pk")

    @extend_schema(request=AssessmentCreateSerializer, responses={201: AssessmentSerializer, **WRITE_ERRORS})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = AssessmentCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        initiative = readable_initiative(request.user, data.pop("initiative"))
        assessment = services.post_assessment(initiative=initiative, actor=request.user, **data)
        return created(AssessmentSerializer(assessment).data)


# --- on the initiative's representation -------------------------------------------------------------------


class SideAssessmentSerializer(serializers.Serializer):
    rating = serializers.CharField(help_text="on_track, at_risk, off_track, or empty when the side has not assessed.")
    assessed_at = serializers.DateTimeField(allow_null=True)
    due = serializers.DateField(allow_null=True, help_text="When the side's next assessment is due.")
    overdue = serializers.BooleanField()


class SidesAssessmentSerializer(serializers.Serializer):
    KR = SideAssessmentSerializer()
    JP = SideAssessmentSerializer()


class DisagreementSerializer(serializers.Serializer):
    since = serializers.DateField(allow_null=True, help_text="Since when the sides disagree; null when they agree.")
    flagged = serializers.BooleanField(help_text="The disagreement has lasted more than DISAGREEMENT_FLAG_DAYS days.")


def assessments_of(initiative: Initiative, today: datetime.date | None = None) -> dict[str, Any]:
    """Each side's stored reading of ``initiative`` (no query)."""
    standing = sides.standing(initiative, today)
    return {
        reading.side: {
            "rating": reading.rating,
            "assessed_at": reading.assessed_at,
            "due": reading.due,
            "overdue": reading.overdue,
        }
        for reading in standing.sides
    }


def disagreement_of(initiative: Initiative, today: datetime.date | None = None) -> dict[str, Any]:
    return {"since": initiative.disagreement_since, "flagged": sides.is_flagged(initiative, today)}


ROUTES: list[tuple[str, Any, str]] = [("assessments", AssessmentViewSet, "assessment")]

"""``indicators/`` with their readings, ``evidence/`` and ``progress-updates/``: read through the read rule,
written through the services."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from tracker.limits import NOTE_MAX_LENGTH

from .. import access, services
from ..models import (
    EVIDENCE_URL_MAX_LENGTH,
    EvidenceKind,
    EvidenceLink,
    Indicator,
    IndicatorReading,
    Milestone,
    ProgressUpdate,
)
from .inputs import (
    PAGING,
    IdFilter,
    InitiativeRowsViewSet,
    StrictInput,
    readable_initiative,
    reference_field,
    refuse_unknown_parameters,
)
from .preconditions import expected_version, with_etag

# --- shared pieces --------------------------------------------------------------------------------------


def number_field(**options: Any) -> serializers.DecimalField:
    """A number as the models store it (14 digits, 2 after the point), sent as a number or as decimal text."""
    return serializers.DecimalField(max_digits=14, decimal_places=2, **options)


def referenced(model: type[Model], pk: int | None, user: User, field: str) -> Any:
    """The milestone or evidence a write refers to, among those the caller may read; 400 on ``field`` when none."""
    if pk is None:
        return None
    found = access.readable(model._default_manager.all(), user, through="initiative").filter(pk=pk).first()
    if found is None:
        missing = _("No such milestone.") if model is Milestone else _("No such evidence link.")
        raise ValidationError({field: [missing]})
    return found


def created(data: Any, version: int | None = None) -> Response:
    response = Response(data, status=status.HTTP_201_CREATED)
    return response if version is None else with_etag(response, version)


WRITE_ERRORS = {
    400: OpenApiResponse(description="Bad input; ``fields`` names each field (or unknown field) and why."),
    403: OpenApiResponse(description="You may read the initiative but not do this."),
    404: OpenApiResponse(description="No such initiative or object, or one you may not read."),
}


# --- indicators and their readings ----------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    current_value = number_field(read_only=True, allow_null=True, help_text="The latest reading by date, or null.")

    class Meta:
        model = Indicator
        fields = ["id", "initiative", "name", "unit", "baseline", "target", "current_value", "version", "updated_at"]
        read_only_fields = fields


class IndicatorCreateSerializer(StrictInput):
    initiative = serializers.SlugField(allow_unicode=True, help_text="The initiative's slug.")
    name = serializers.CharField(max_length=200)
    unit = serializers.CharField(max_length=60)
    baseline = number_field()
    target = number_field()


class IndicatorEditSerializer(StrictInput):
    name = serializers.CharField(required=False, max_length=200)
    unit = serializers.CharField(required=False, max_length=60)
    baseline = number_field(required=False)
    target = number_field(required=False)
    version = serializers.IntegerField(required=False, min_value=1, help_text="Or send If-Match.")


class ReadingSerializer(serializers.ModelSerializer):
    evidence = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="An evidence link's id, or null."
    )
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = IndicatorReading
        fields = ["id", "date", "value", "note", "evidence", "recorded_by", "created_at"]
        read_only_fields = fields


class ReadingCreateSerializer(StrictInput):
    date = serializers.DateField()
    value = number_field()
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=500)
    evidence = reference_field("An evidence link of the indicator's initiative.")


class IndicatorFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug")

    class Meta:
        model = Indicator
        fields: list[str] = []


class IndicatorViewSet(InitiativeRowsViewSet):
    """Measurable targets of the initiatives the caller may read, with their dated readings."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    queryset = Indicator.objects.none()
    related = ("initiative",)
    ordering = ("initiative__title", "name")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        indicator = self.get_object()
        return with_etag(Response(IndicatorSerializer(indicator).data), indicator.version)

    @extend_schema(request=IndicatorCreateSerializer, responses={201: IndicatorSerializer, **WRITE_ERRORS})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = IndicatorCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        initiative = readable_initiative(request.user, data.pop("initiative"))
        indicator = services.create_indicator(initiative=initiative, actor=request.user, **data)
        return created(IndicatorSerializer(indicator).data, indicator.version)

    @extend_schema(
        request=IndicatorEditSerializer,
        responses={
            200: IndicatorSerializer,
            **WRITE_ERRORS,
            412: OpenApiResponse(description="The indicator changed since you read it (If-Match or version)."),
        },
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        indicator = self.get_object()
        given = IndicatorEditSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        changes = {field: value for field, value in given.validated_data.items() if field != "version"}
        saved = services.edit_indicator(
            indicator=indicator,
            actor=request.user,
            expected_version=expected_version(request, request.data),
            **changes,
        )
        saved = self.get_queryset().get(pk=saved.pk)
        return with_etag(Response(IndicatorSerializer(saved).data), saved.version)

    @extend_schema(methods=["GET"], request=None, responses={200: ReadingSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request=ReadingCreateSerializer,
        responses={201: ReadingSerializer, **WRITE_ERRORS},
        description="Record a dated reading; the indicator's current value becomes its latest reading by date.",
    )
    @action(detail=True, methods=["get", "post"], serializer_class=ReadingSerializer, filter_backends=[])
    def readings(self, request: Request, pk: str | None = None) -> Response:
        """The indicator's readings, oldest first; POST records one."""
        if request.method == "POST":
            return self._add_reading(request)
        refuse_unknown_parameters(request.query_params, PAGING)
        indicator = self.get_object()
        rows = indicator.readings.select_related("recorded_by").order_by("date", "pk")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ReadingSerializer(page, many=True).data)

    def _add_reading(self, request: Request) -> Response:
        indicator = self.get_object()
        given = ReadingCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        evidence = referenced(EvidenceLink, data.pop("evidence"), request.user, "evidence")
        reading = services.add_reading(indicator=indicator, actor=request.user, evidence=evidence, **data)
        return created(ReadingSerializer(reading).data)


# --- evidence -------------------------------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    milestone = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="A milestone's id, or null."
    )
    added_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = EvidenceLink
        fields = [
            "id",
            "initiative",
            "milestone",
            "url",
            "title",
            "kind",
            "published_on",
            "note",
            "added_by",
            "created_at",
        ]
        read_only_fields = fields


class EvidenceCreateSerializer(StrictInput):
    initiative = serializers.SlugField(allow_unicode=True, help_text="The initiative's slug.")
    url = serializers.CharField(
        max_length=EVIDENCE_URL_MAX_LENGTH, help_text="An http:// or https:// address, stored normalised."
    )
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=EvidenceKind.choices, required=False, default=EvidenceKind.OTHER)
    published_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=NOTE_MAX_LENGTH)
    milestone = reference_field("A milestone of the same initiative.")


class EvidenceFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug")
    milestone = IdFilter(field_name="milestone_id")

    class Meta:
        model = EvidenceLink
        fields: list[str] = []


class EvidenceViewSet(InitiativeRowsViewSet):
    """Evidence links of the initiatives the caller may read, newest first."""

    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilter
    queryset = EvidenceLink.objects.none()
    related = ("initiative", "added_by")
    ordering = ("-created_at", "-pk")

    @extend_schema(request=EvidenceCreateSerializer, responses={201: EvidenceSerializer, **WRITE_ERRORS})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = EvidenceCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        initiative = readable_initiative(request.user, data.pop("initiative"))
        milestone = referenced(Milestone, data.pop("milestone"), request.user, "milestone")
        evidence = services.add_evidence(initiative=initiative, actor=request.user, milestone=milestone, **data)
        return created(EvidenceSerializer(evidence).data)


# --- progress updates -----------------------------------------------------------------------------------


class ProgressUpdateSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    milestone = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="A milestone's id, or null."
    )
    evidence = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="An evidence link's id, or null."
    )
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "initiative", "milestone", "date", "note", "percent", "evidence", "author", "created_at"]
        read_only_fields = fields


class ProgressUpdateCreateSerializer(StrictInput):
    initiative = serializers.SlugField(allow_unicode=True, help_text="The initiative's slug.")
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, help_text="What moved.")
    percent = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=100)
    date = serializers.DateField(required=False, allow_null=True, default=None, help_text="Today when omitted.")
    milestone = reference_field("A milestone of the same initiative.")
    evidence = reference_field("An evidence link of the same initiative.")


class ProgressUpdateFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug")
    milestone = IdFilter(field_name="milestone_id")

    class Meta:
        model = ProgressUpdate
        fields: list[str] = []


class ProgressUpdateViewSet(InitiativeRowsViewSet):
    """Dated progress notes of the initiatives the caller may read, newest first."""

    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilter
    queryset = ProgressUpdate.objects.none()
    related = ("initiative", "author")
    ordering = ("-date", "-created_at", "-pk")

    @extend_schema(request=ProgressUpdateCreateSerializer, responses={201: ProgressUpdateSerializer, **WRITE_ERRORS})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = ProgressUpdateCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        initiative = readable_initiative(request.user, data.pop("initiative"))
        milestone = referenced(Milestone, data.pop("milestone"), request.user, "milestone")
        evidence = referenced(EvidenceLink, data.pop("evidence"), request.user, "evidence")
        update = services.log_progress(
            initiative=initiative, actor=request.user, milestone=milestone, evidence=evidence, **data
        )
        return created(ProgressUpdateSerializer(update).data)


ROUTES: list[tuple[str, Any, str]] = [
    ("indicators", IndicatorViewSet, "indicator"),
    ("evidence", EvidenceViewSet, "evidence"),
    ("progress-updates", ProgressUpdateViewSet, "progress-update"),
]

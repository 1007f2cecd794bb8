"""``domestic-steps/``: each side's domestic procedures, read through the read rule, written through the services."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.limits import NOTE_MAX_LENGTH

from .. import services
from ..models import DomesticStep, DomesticStepKind, DomesticStepStatus, Milestone, Side
from .inputs import IdFilter, InitiativeRowsViewSet, StrictInput, active_user, readable_initiative, reference_field
from .preconditions import expected_version, with_etag
from .progress import WRITE_ERRORS, created, referenced


class DomesticStepSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    milestone = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The id of the milestone it is required before, or null."
    )
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    is_open = serializers.BooleanField(read_only=True, help_text="Planned or in progress.")

    class Meta:
        model = DomesticStep
        fields = [
            "id",
            "initiative",
            "side",
            "kind",
            "title",
            "status",
            "is_open",
            "due_on",
            "done_on",
            "milestone",
            "owner",
            "note",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


def _owner_field() -> serializers.CharField:
    return serializers.CharField(required=False, allow_null=True, help_text="A user name, or null.")


class DomesticStepCreateSerializer(StrictInput):
    initiative = serializers.SlugField(allow_unicode=True, help_text="The initiative's slug.")
    side = serializers.ChoiceField(choices=Side.choices, help_text="Your own side, unless you are an admin.")
    kind = serializers.ChoiceField(choices=DomesticStepKind.choices)
    title = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
    status = serializers.ChoiceField(
        choices=DomesticStepStatus.choices, required=False, default=DomesticStepStatus.PLANNED
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    done_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Only for a done step; today when omitted."
    )
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=NOTE_MAX_LENGTH)
    owner = _owner_field()
    milestone = reference_field("A milestone of the same initiative that cannot be submitted while this is open.")


class DomesticStepEditSerializer(StrictInput):
    kind = serializers.ChoiceField(choices=DomesticStepKind.choices, required=False)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    status = serializers.ChoiceField(choices=DomesticStepStatus.choices, required=False)
    due_on = serializers.DateField(required=False, allow_null=True)
    done_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)
    owner = _owner_field()
    milestone = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1, help_text="A milestone's id, or null."
    )
    version = serializers.IntegerField(required=False, min_value=1, help_text="Or send If-Match.")


class DomesticStepFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug")
    side = django_filters.ChoiceFilter(choices=Side.choices)
    status = django_filters.MultipleChoiceFilter(choices=DomesticStepStatus.choices)
    milestone = IdFilter(field_name="milestone_id")

    class Meta:
        model = DomesticStep
        fields: list[str] = []


def _references(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    """The owner (a user name) and the milestone (an id) of a write, as the objects the service takes."""
    if "owner" in data:
        name = data.pop("owner")
        data["owner"] = active_user(name, "owner") if name else None
    if "milestone" in data:
        data["milestone"] = referenced(Milestone, data.pop("milestone"), request.user, "milestone")
    return data


class DomesticStepViewSet(InitiativeRowsViewSet):
    """Both sides' domestic steps of the initiatives the caller may read (Japan's, then Korea's, by target date).

    Each side's owners and coordinators add and update their own side's steps; admins either side's.
    A milestone cannot be submitted while a step required before it is open.
    """

    serializer_class = DomesticStepSerializer
    filterset_class = DomesticStepFilter
    queryset = DomesticStep.objects.none()
    related = ("initiative", "owner")
    ordering = ("initiative__title", "side", "due_on", "pk")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        step = self.get_object()
        return with_etag(Response(DomesticStepSerializer(step).data), step.version)

    @extend_schema(request=DomesticStepCreateSerializer, responses={201: DomesticStepSerializer, **WRITE_ERRORS})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = DomesticStepCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        initiative = readable_initiative(request.user, data.pop("initiative"))
        data = _references(request, {"owner": None, **data})
        step = services.add_domestic_step(initiative=initiative, actor=request.user, **data)
        return created(DomesticStepSerializer(step).data, step.version)

    @extend_schema(
        request=DomesticStepEditSerializer,
        responses={
            200: DomesticStepSerializer,
            **WRITE_ERRORS,
            412: OpenApiResponse(description="The step changed since you read it (If-Match or version)."),
        },
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        step = self.get_object()
        given = DomesticStepEditSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        changes = _references(
            request, {field: value for field, value in given.validated_data.items() if field != "version"}
        )
        saved = services.edit_domestic_step(
            step=step, actor=request.user, expected_version=expected_version(request, request.data), **changes
        )
        saved = self.get_queryset().get(pk=saved.pk)
        return with_etag(Response(DomesticStepSerializer(saved).data), saved.version)


ROUTES: list[tuple[str, Any, str]] = [("domestic-steps", DomesticStepViewSet, "domestic-step")]

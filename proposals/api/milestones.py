"""``milestones/``: read through the read rule; create, re-plan and the review workflow through the services."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from .. import permissions, services
from ..models import Milestone, MilestoneSignoff, MilestoneStatus, Side
from .inputs import InitiativeRowsViewSet, StrictInput, active_user, readable_initiative
from .preconditions import expected_version, with_etag

OPEN = [MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.CHANGES_REQUESTED]


class SignoffSerializer(serializers.ModelSerializer):
    signed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    signed_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = MilestoneSignoff
        fields = ["side", "signed_by", "note", "signed_at"]
        read_only_fields = fields


class MilestoneSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    signoffs = SignoffSerializer(many=True, read_only=True)
    pending_sides = serializers.SerializerMethodField(help_text="The sides a submitted joint milestone waits for.")
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "initiative",
            "title",
            "description",
            "owner",
            "due_date",
            "weight",
            "status",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "is_joint",
            "signoffs",
            "pending_sides",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=Side.choices)))
    def get_pending_sides(self, milestone: Milestone) -> list[str]:
        return permissions.pending_sides(milestone)


class MilestoneCreateSerializer(StrictInput):
    initiative = serializers.SlugField(allow_unicode=True)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, default="", allow_blank=True, max_length=5000)
    owner = serializers.CharField(required=False, allow_null=True, default=None, help_text="A user name.")
    due_date = serializers.DateField()
    weight = serializers.IntegerField(required=False, default=1, min_value=1, max_value=1000)
    is_joint = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Needs a coordinator of each side to sign it. Omitted: joint when the initiative is led jointly.",
    )


class NoteSerializer(StrictInput):
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)
    version = serializers.IntegerField(required=False, min_value=1, help_text="Or send If-Match.")


class ReplanSerializer(StrictInput):
    due_date = serializers.DateField()
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)
    version = serializers.IntegerField(required=False, min_value=1, help_text="Or send If-Match.")


class MilestoneFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug")
    status = django_filters.MultipleChoiceFilter(choices=MilestoneStatus.choices)
    owner = django_filters.CharFilter(field_name="owner__username")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue (open and due before today)"))

    class Meta:
        model = Milestone
        fields: list[str] = []

    def filter_overdue(self, queryset: QuerySet[Milestone], name: str, value: bool | None) -> QuerySet[Milestone]:
        if value is None:
            return queryset
        late = {"status__in": OPEN, "due_date__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


def _transition_schema(request: type[serializers.Serializer]) -> Any:
    return extend_schema(
        request=request,
        responses={
            200: MilestoneSerializer,
            400: OpenApiResponse(description="Bad input, e.g. a missing note."),
            403: OpenApiResponse(description="Not allowed, e.g. approving what you submitted."),
            404: OpenApiResponse(description="No such milestone, or one you may not read."),
            409: OpenApiResponse(description="The milestone's state does not allow this step."),
            412: OpenApiResponse(description="The milestone changed since you read it (If-Match)."),
        },
    )


class MilestoneViewSet(InitiativeRowsViewSet):
    """Milestones of the initiatives the caller may read; writes go through the site's services and rules."""

    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    queryset = Milestone.objects.none()
    related = ("initiative", "owner", "submitted_by", "decided_by")
    ordering = ("due_date", "pk")

    def get_queryset(self) -> QuerySet[Milestone]:
        return super().get_queryset().prefetch_related("signoffs__signed_by")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        milestone = self.get_object()
        return with_etag(Response(MilestoneSerializer(milestone).data), milestone.version)

    @extend_schema(request=MilestoneCreateSerializer, responses={201: MilestoneSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = MilestoneCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        initiative = readable_initiative(request.user, data.pop("initiative"))
        owner_name = data.pop("owner")
        owner = active_user(owner_name, "owner") if owner_name else None
        milestone = services.create_milestone(initiative=initiative, actor=request.user, owner=owner, **data)
        response = Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)
        return with_etag(response, milestone.version)

    def _step(self, request: Request, step: Any, *, with_note: bool = True, **extra: Any) -> Response:
        given = NoteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        milestone = self.get_object()
        kwargs: dict[str, Any] = {
            "milestone": milestone,
            "actor": request.user,
            "expected_version": expected_version(request, request.data),
            **extra,
        }
        if with_note:
            kwargs["note"] = given.validated_data["note"]
        result = step(**kwargs)
        result.refresh_from_db()
        return with_etag(Response(MilestoneSerializer(result).data), result.version)

    @_transition_schema(NoteSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, services.start_milestone, with_note=False)

    @_transition_schema(NoteSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, services.submit_milestone)

    @_transition_schema(NoteSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, services.approve_milestone)

    @_transition_schema(NoteSerializer)
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, services.request_changes)

    @_transition_schema(NoteSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, services.cancel_milestone)

    @_transition_schema(ReplanSerializer)
    @action(detail=True, methods=["post"])
    def replan(self, request: Request, pk: str | None = None) -> Response:
        given = ReplanSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        milestone = self.get_object()
        result = services.replan_milestone(
            milestone=milestone,
            actor=request.user,
            due_date=given.validated_data["due_date"],
            reason=given.validated_data["reason"],
            expected_version=expected_version(request, request.data),
        )
        result.refresh_from_db()
        return with_etag(Response(MilestoneSerializer(result).data), result.version)

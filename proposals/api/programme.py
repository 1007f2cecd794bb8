"""Read-only views of the programme: its activity log, the working groups, and the caller's own digests."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Membership, WorkingGroup

from .. import access, selectors
from ..digests.delivery import as_readable_today
from ..models import Activity, ActivityVerb, Digest
from .inputs import PAGING, StrictListFilter, refuse_unknown_parameters
from .paging import Page

# --- activity -----------------------------------------------------------------------------------------


class ActivityPage(CursorPagination):
    """Newest first; a cursor keeps its place while new rows arrive."""

    ordering = ("-created_at", "-pk")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ActivitySerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    working_group = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    milestone = serializers.SerializerMethodField()
    what = serializers.CharField(source="get_verb_display", read_only=True, help_text="The verb in your language.")
    change = serializers.SerializerMethodField(help_text="Old and new value as the site shows them, or null.")
    note = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "verb",
            "what",
            "actor",
            "initiative",
            "working_group",
            "milestone",
            "change",
            "note",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "nullable": True, "properties": {"id": {}, "title": {}}})
    def get_milestone(self, activity: Activity) -> dict[str, Any] | None:
        milestone = activity.milestone
        return None if milestone is None else {"id": milestone.pk, "title": milestone.title}

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), allow_null=True))
    def get_change(self, activity: Activity) -> list[str] | None:
        change = activity.change
        return None if change is None else [str(change[0]), str(change[1])]

    def get_note(self, activity: Activity) -> str:
        return str((activity.details or {}).get("note") or "")


class ActivityFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug")
    working_group = django_filters.CharFilter(field_name="working_group__slug")
    actor = django_filters.CharFilter(field_name="actor__username")
    verb = django_filters.MultipleChoiceFilter(choices=ActivityVerb.choices)
    since = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")

    class Meta:
        model = Activity
        fields: list[str] = []


class ActivityViewSet(StrictListFilter, viewsets.ReadOnlyModelViewSet):
    """The activity log of what the caller may read (the site's read rule), newest first."""

    serializer_class = ActivitySerializer
    pagination_class = ActivityPage
    filterset_class = ActivityFilter
    list_paging = ("cursor", "page_size")
    queryset = Activity.objects.none()  # the schema's model; requests get the readable rows

    def get_queryset(self) -> QuerySet[Activity]:
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        rows = Activity.objects.select_related(*selectors.ACTIVITY_RELATED)
        return access.readable_or_unattached(rows, self.request.user, through="initiative")


# --- working groups -----------------------------------------------------------------------------------


class MemberSerializer(serializers.Serializer):
    username = serializers.CharField(source="user.username")
    name = serializers.CharField(source="user.name")
    organisation = serializers.CharField(source="user.organisation")
    country = serializers.CharField(source="user.country")
    role = serializers.CharField()


class WorkingGroupSerializer(serializers.ModelSerializer):
    members = serializers.SerializerMethodField()

    class Meta:
        model = WorkingGroup
        fields = ["slug", "name", "description", "members"]
        read_only_fields = fields

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, group: WorkingGroup) -> list[dict[str, Any]]:
        return list(MemberSerializer(group.memberships.all(), many=True).data)


class WorkingGroupViewSet(viewsets.ReadOnlyModelViewSet):
    """The working groups with their members and roles (who is who is shared with every signed-in user)."""

    serializer_class = WorkingGroupSerializer
    pagination_class = Page
    lookup_field = "slug"
    queryset = WorkingGroup.objects.none()

    def get_queryset(self) -> QuerySet[WorkingGroup]:
        if getattr(self, "swagger_fake_view", False):
            return WorkingGroup.objects.none()
        if self.action == "list":
            refuse_unknown_parameters(self.request.query_params, PAGING)
        members = Membership.objects.filter(user__is_active=True).select_related("user")
        members = members.order_by("role", "user__username")
        return WorkingGroup.objects.prefetch_related(Prefetch("memberships", queryset=members)).order_by("name")


# --- digests ------------------------------------------------------------------------------------------


class DigestSerializer(serializers.ModelSerializer):
    class Meta:
        model = Digest
        fields = ["id", "frequency", "period_start", "period_end", "language", "subject", "is_empty", "sent_at"]
        read_only_fields = fields


class DigestDetailSerializer(DigestSerializer):
    """A digest with its text and HTML as the reader may read them today (``delivery.as_readable_today``),
    handed in by the view as ``context["today"]``."""

    text = serializers.SerializerMethodField()
    html = serializers.SerializerMethodField()

    class Meta(DigestSerializer.Meta):
        fields = [*DigestSerializer.Meta.fields, "text", "html"]
        read_only_fields = fields

    def get_text(self, digest: Digest) -> str:
        return str(self.context["today"][0])

    def get_html(self, digest: Digest) -> str:
        return str(self.context["today"][1])


class DigestViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own digests, newest first."""

    pagination_class = Page
    queryset = Digest.objects.none()

    def get_serializer_class(self) -> type[DigestSerializer]:
        return DigestDetailSerializer if self.action == "retrieve" else DigestSerializer

    def get_queryset(self) -> QuerySet[Digest]:
        if getattr(self, "swagger_fake_view", False):
            return Digest.objects.none()
        if self.action == "list":
            refuse_unknown_parameters(self.request.query_params, PAGING)
            return (
                Digest.objects.filter(user=self.request.user)
                .defer("content", "body_text", "body_html")
                .order_by("-period_start", "-pk")
            )
        return Digest.objects.filter(user=self.request.user).select_related("user")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        digest = self.get_object()
        context = {**self.get_serializer_context(), "today": as_readable_today(digest)}
        return Response(DigestDetailSerializer(digest, context=context).data)


ROUTES: list[tuple[str, Any, str]] = [
    ("activity", ActivityViewSet, "activity"),
    ("working-groups", WorkingGroupViewSet, "working-group"),
    ("digests", DigestViewSet, "digest"),
]

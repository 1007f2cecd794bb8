"""``comments/`` and ``follows/``: the discussion on initiatives and what the caller follows.

Reads go through the read rule; hidden comments are shown as the initiative page shows them
(to moderators and to their author only). Writes go through the services.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Membership, User, WorkingGroup

from .. import access, permissions, selectors, services
from ..models import COMMENT_MAX_LENGTH, Comment, Follow, Milestone
from .inputs import IdFilter, StrictInput, StrictListFilter, readable_initiative, reference_field
from .paging import Page
from .preconditions import expected_version, with_etag

# --- shared -------------------------------------------------------------------------------------------


VERSION_HELP = "The version you read; or send If-Match."

# --- comments -----------------------------------------------------------------------------------------


def visible_comments(queryset: QuerySet[Comment], user: User | AnonymousUser) -> QuerySet[Comment]:
    """Comments on initiatives ``user`` may read, hidden ones only for moderators and their author.

    As the initiative page: a hidden comment is shown to the coordinators of the initiative's
    group, to admins and to whoever wrote it; to anyone else it does not exist.
    """
    queryset = access.readable(queryset, user, through="initiative")
    if not access.may_read_anything(user) or access.is_admin(user):
        return queryset
    coordinated = Membership.objects.filter(user=user, role=permissions.COORDINATOR).values("working_group_id")
    return queryset.filter(Q(is_hidden=False) | Q(author=user) | Q(initiative__working_group_id__in=coordinated))


class CommentSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    milestone = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    author = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="A user name; null for a deleted account."
    )
    body = serializers.CharField(read_only=True, help_text="The Markdown source.")
    body_html = serializers.CharField(read_only=True, help_text="The Markdown rendered and sanitized.")
    mentions = serializers.SlugRelatedField(
        slug_field="username", many=True, read_only=True, help_text="The people the comment mentions and told."
    )
    is_hidden = serializers.BooleanField(read_only=True, help_text="Hidden from readers (moderators and author).")

    class Meta:
        model = Comment
        fields = [
            "id",
            "initiative",
            "milestone",
            "author",
            "body",
            "body_html",
            "mentions",
            "is_hidden",
            "hidden_at",
            "edited_at",
            "created_at",
            "version",
        ]
        read_only_fields = fields


class CommentCreateSerializer(StrictInput):
    initiative = serializers.SlugField(allow_unicode=True, help_text="The initiative's slug.")
    milestone = reference_field("A milestone's id.")
    body = serializers.CharField(
        allow_blank=True, help_text=f"Markdown, at most {COMMENT_MAX_LENGTH} characters; @name mentions a person."
    )


class CommentEditSerializer(StrictInput):
    body = serializers.CharField(
        allow_blank=True, help_text=f"Required: the new Markdown, at most {COMMENT_MAX_LENGTH} characters."
    )
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)


class HideSerializer(StrictInput):
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=500)
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)


class UnhideSerializer(StrictInput):
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)


class CommentFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug", label=_("Initiative (slug)"))
    milestone = IdFilter(field_name="milestone_id", label=_("Milestone (id)"))
    author = django_filters.CharFilter(field_name="author__username", label=_("Author (user name)"))

    class Meta:
        model = Comment
        fields: list[str] = []


NOT_VISIBLE = OpenApiResponse(description="No such comment, or one you may not read.")
STALE = OpenApiResponse(description="The comment changed since you read it (If-Match or version).")


def _moderation_schema(request: type[serializers.Serializer]) -> Any:
    return extend_schema(
        request=request,
        responses={
            200: CommentSerializer,
            400: OpenApiResponse(description="Bad input, e.g. an unknown field."),
            403: OpenApiResponse(description="Only the coordinators of the initiative's group and admins moderate."),
            404: NOT_VISIBLE,
            412: STALE,
        },
    )


class CommentViewSet(StrictListFilter, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Comments on the initiatives the caller may read, oldest first; writes go through the site's services."""

    serializer_class = CommentSerializer
    pagination_class = Page
    filterset_class = CommentFilter
    lookup_value_regex = r"\d+"
    queryset = Comment.objects.none()  # the schema's model; requests get the visible ones

    def get_queryset(self) -> QuerySet[Comment]:
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()
        rows = Comment.objects.select_related("initiative", "author").prefetch_related(
            Prefetch("mentions", queryset=User.objects.only("username"))
        )
        return visible_comments(rows, self.request.user).order_by("created_at", "pk")

    def _answer(self, comment: Comment, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=comment.pk)
        return with_etag(Response(CommentSerializer(fresh).data, status=code), fresh.version)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        comment = self.get_object()
        return with_etag(Response(CommentSerializer(comment).data), comment.version)

    @extend_schema(
        request=CommentCreateSerializer,
        responses={
            201: CommentSerializer,
            400: OpenApiResponse(description="Bad input, e.g. an empty body, a milestone of another initiative."),
            404: OpenApiResponse(description="No such initiative, or one you may not read."),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = CommentCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        initiative = readable_initiative(request.user, data["initiative"])
        milestone = None
        if data["milestone"] is not None:
            milestone = Milestone.objects.filter(initiative=initiative, pk=data["milestone"]).first()
            if milestone is None:
                raise ValidationError({"milestone": [_("This initiative has no milestone with this id.")]})
        user = request.user
        comment = services.add_comment(initiative=initiative, actor=user, body=data["body"], milestone=milestone)
        return self._answer(comment, status.HTTP_201_CREATED)

    @extend_schema(
        request=CommentEditSerializer,
        responses={
            200: CommentSerializer,
            400: OpenApiResponse(description="Bad input, e.g. an empty body or an unknown field."),
            403: OpenApiResponse(description="Only the author edits a comment."),
            404: NOT_VISIBLE,
            412: STALE,
        },
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = CommentEditSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        comment = self.get_object()
        edited = services.edit_comment(
            comment=comment,
            actor=request.user,
            body=given.validated_data["body"],
            expected_version=expected_version(request, request.data),
        )
        return self._answer(edited)

    def _moderate(self, request: Request, given: serializers.Serializer) -> Comment:
        """The comment, once the caller's If-Match (if any) is checked against it."""
        given.is_valid(raise_exception=True)
        comment = self.get_object()
        expected = expected_version(request, request.data)
        if expected is not None:
            permissions.require(request.user, "moderate", comment)  # a refusal comes before a stale version
            services.check_version(comment, expected)
        return comment

    @_moderation_schema(HideSerializer)
    @action(detail=True, methods=["post"])
    def hide(self, request: Request, pk: str | None = None) -> Response:
        given = HideSerializer(data=request.data)
        comment = self._moderate(request, given)
        hidden = services.hide_comment(comment=comment, actor=request.user, reason=given.validated_data["reason"])
        return self._answer(hidden)

    @_moderation_schema(UnhideSerializer)
    @action(detail=True, methods=["post"])
    def unhide(self, request: Request, pk: str | None = None) -> Response:
        comment = self._moderate(request, UnhideSerializer(data=request.data))
        return self._answer(services.unhide_comment(comment=comment, actor=request.user))


# --- follows ------------------------------------------------------------------------------------------


class FollowSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    working_group = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Follow
        fields = ["id", "initiative", "working_group", "reason", "created_at"]
        read_only_fields = fields


class FollowCreateSerializer(StrictInput):
    initiative = serializers.SlugField(
        required=False, allow_null=True, default=None, allow_unicode=True, help_text="An initiative's slug."
    )
    working_group = serializers.SlugField(
        required=False, allow_null=True, default=None, allow_unicode=True, help_text="A working group's slug."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs["initiative"] is None) == (attrs["working_group"] is None):
            raise serializers.ValidationError(_("Send one of initiative and working_group, not both or neither."))
        return attrs


class FollowFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug", label=_("Initiative (slug)"))
    working_group = django_filters.CharFilter(field_name="working_group__slug", label=_("Working group (slug)"))

    class Meta:
        model = Follow
        fields: list[str] = []


class FollowViewSet(
    StrictListFilter,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """What the caller follows (initiatives they may still read, and working groups), newest first."""

    serializer_class = FollowSerializer
    pagination_class = Page
    filterset_class = FollowFilter
    lookup_value_regex = r"\d+"
    queryset = Follow.objects.none()  # the schema's model; requests get the caller's own

    def get_queryset(self) -> QuerySet[Follow]:
        if getattr(self, "swagger_fake_view", False):
            return Follow.objects.none()
        return selectors.follows_of(user=self.request.user)

    @extend_schema(
        request=FollowCreateSerializer,
        responses={
            201: FollowSerializer,
            200: OpenApiResponse(FollowSerializer, description="Already followed: the existing follow."),
            400: OpenApiResponse(description="Neither or both of initiative and working_group, or an unknown field."),
            404: OpenApiResponse(description="No such initiative or group, or an initiative you may not read."),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = FollowCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        user = request.user
        if data["initiative"] is not None:
            initiative = readable_initiative(user, data["initiative"])
            created = services.follow_initiative(initiative=initiative, actor=user)
            follow = self.get_queryset().get(initiative=initiative)
        else:
            group = get_object_or_404(WorkingGroup, slug=data["working_group"])
            created = services.follow_working_group(working_group=group, actor=user)
            follow = self.get_queryset().get(working_group=group)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(FollowSerializer(follow).data, status=code)

    @extend_schema(
        responses={
            204: OpenApiResponse(description="No longer followed."),
            404: OpenApiResponse(description="None of your follows has this id."),
        }
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        follow = self.get_object()
        if follow.initiative is not None:
            services.unfollow_initiative(initiative=follow.initiative, actor=request.user)
        elif follow.working_group is not None:
            services.unfollow_working_group(working_group=follow.working_group, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


ROUTES: list[tuple[str, Any, str]] = [
    ("comments", CommentViewSet, "comment"),
    ("follows", FollowViewSet, "follow"),
]

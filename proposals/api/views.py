"""API v1 views: thin over the selectors and services the site uses, so the API can do no more than the site."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts import tokens
from accounts.models import ApiToken, WorkingGroup
from accounts.services import update_preferences
from accounts.two_factor import rules as two_factor
from core.errors import error_body

from .. import selectors, services
from ..models import Initiative
from . import serializers
from .inputs import active_user
from .paging import Page
from .preconditions import expected_version, with_etag


class TokenView(APIView):
    """Trade a user name and password for a token (throttled, and locked out like the sign-in page).

    Not for a user with two-factor sign-in (or whom the policy requires to have it): a password alone
    must not get them in, so they create tokens in Settings once signed in.
    """

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "api_token"

    @extend_schema(request=serializers.TokenRequestSerializer, responses={201: serializers.IssuedTokenSerializer})
    def post(self, request: Request) -> Response:
        given = serializers.TokenRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        django_request = request._request
        user = authenticate(django_request, username=data["username"], password=data["password"])
        # A locked-out user name gets 429 from django-axes (accounts.views.signin_locked_out).
        if user is None or not user.is_active:
            return Response(
                error_body("invalid_credentials", _("The user name or password is not correct.")),
                status=status.HTTP_400_BAD_REQUEST,
            )
        if two_factor.step_after_password(user) is not None:
            message = _(
                "This account signs in with two-factor sign-in: create a token in Settings on the site instead."
            )
            return Response(error_body("two_factor_required", message), status=status.HTTP_403_FORBIDDEN)
        token, key = tokens.issue(user, name=data["name"], read_only=data["read_only"])
        issued = serializers.IssuedTokenSerializer(token).data
        issued["token"] = key
        return Response(issued, status=status.HTTP_201_CREATED)


class OwnTokensViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The caller's own tokens: list them, revoke one."""

    serializer_class = serializers.TokenSerializer
    pagination_class = Page
    queryset = ApiToken.objects.none()  # the schema's model; requests get the caller's own
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[ApiToken]:
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=self.request.user)


class MeView(generics.GenericAPIView):
    """The caller: GET their profile and preferences; PATCH language, time zone, digest and e-mail switches."""

    serializer_class = serializers.MeSerializer

    def get(self, request: Request) -> Response:
        user = request.user
        return with_etag(Response(serializers.MeSerializer(user).data), user.version)

    @extend_schema(request=serializers.PreferencesSerializer, responses={200: serializers.MeSerializer})
    def patch(self, request: Request) -> Response:
        if not isinstance(request.data, dict):
            raise ValidationError({"__all__": [_("Send a JSON object.")]})
        given = serializers.PreferencesSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        changes = {key: value for key, value in given.validated_data.items() if key != "version"}
        expected = expected_version(request, request.data)
        user = update_preferences(user=request.user, expected_version=expected, **changes)
        return with_etag(Response(serializers.MeSerializer(user).data), user.version)


INITIATIVE_FILTERS = [
    OpenApiParameter("pillar", str, description="A pillar's value."),
    OpenApiParameter("status", str, description="proposed, active, on_hold, completed or dropped."),
    OpenApiParameter("working_group", str, description="A working group's slug."),
    OpenApiParameter("lead_side", str, description="KR, JP or joint."),
    OpenApiParameter("health", str, description="on_track, at_risk or off_track."),
    OpenApiParameter("owner", str, description="A user name: initiatives that person owns."),
    OpenApiParameter("search", str, description="Text in the title or the summary."),
    OpenApiParameter("disagreement", str, description="true: the sides' disagreement is flagged; false: it is not."),
    OpenApiParameter("assessment_overdue", str, description="true: either side's assessment is overdue."),
    OpenApiParameter(
        "ordering",
        str,
        description="title, target_date, progress, health (worst first) or last_activity; prefix - to reverse.",
    ),
]
_KNOWN_LIST_PARAMETERS = {parameter.name for parameter in INITIATIVE_FILTERS} | {"page", "page_size"}


class InitiativeViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Initiatives the caller may read (the site's one read rule), filtered and ordered like the site's list;
    created, edited, re-stated and given owners through the site's services."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"
    pagination_class = Page
    filter_backends: list[type] = []

    def get_serializer_class(self) -> type[serializers.InitiativeSerializer]:
        if self.action == "retrieve":
            return serializers.InitiativeDetailSerializer
        return serializers.InitiativeSerializer

    def get_queryset(self) -> QuerySet[Initiative]:
        if self.action != "list":
            return selectors.initiatives_visible_to(self.request.user)
        params = self.request.query_params
        errors = {name: [_("Not a filter of this list.")] for name in sorted(set(params) - _KNOWN_LIST_PARAMETERS)}
        wanted = {key: params.get(key) for key in params if key in _KNOWN_LIST_PARAMETERS - {"page", "page_size"}}
        if "search" in wanted:
            wanted["q"] = wanted.pop("search")
        queryset, filterset = selectors.initiative_list(user=self.request.user, params=wanted)
        if not filterset.is_valid():
            errors |= {("search" if field == "q" else field): messages for field, messages in filterset.errors.items()}
        if errors:
            raise ValidationError(errors)
        return queryset

    @extend_schema(parameters=INITIATIVE_FILTERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        initiative = self.get_object()
        return with_etag(Response(self.get_serializer(initiative).data), initiative.version)

    @extend_schema(
        request=serializers.InitiativeCreateSerializer, responses={201: serializers.InitiativeDetailSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = serializers.InitiativeCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        group = WorkingGroup.objects.filter(slug=data.pop("working_group")).first()
        if group is None:
            raise ValidationError({"working_group": [_("No working group has this slug.")]})
        owners = [(active_user(row["username"], "owners"), row["side"]) for row in data.pop("owners")]
        initiative = services.create_initiative(actor=request.user, working_group=group, owners=owners, **data)
        return self._detail(initiative, status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.InitiativeEditSerializer, responses={200: serializers.InitiativeDetailSerializer}
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = serializers.InitiativeEditSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        changes = {key: value for key, value in given.validated_data.items() if key != "version"}
        initiative = services.edit_initiative(
            initiative=self.get_object(),
            actor=request.user,
            expected_version=expected_version(request, request.data),
            **changes,
        )
        return self._detail(initiative)

    @extend_schema(request=serializers.StatusSerializer, responses={200: serializers.InitiativeDetailSerializer})
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def change_status(self, request: Request, slug: str | None = None) -> Response:
        given = serializers.StatusSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        initiative = services.change_initiative_status(
            initiative=self.get_object(),
            actor=request.user,
            status=given.validated_data["status"],
            note=given.validated_data["note"],
            expected_version=expected_version(request, request.data),
        )
        return self._detail(initiative)

    @extend_schema(request=serializers.VisibilitySerializer, responses={200: serializers.InitiativeDetailSerializer})
    @action(detail=True, methods=["post"], url_path="visibility", url_name="visibility")
    def change_visibility(self, request: Request, slug: str | None = None) -> Response:
        given = serializers.VisibilitySerializer(data=request.data)
        given.is_valid(raise_exception=True)
        initiative = services.change_initiative_visibility(
            initiative=self.get_object(),
            actor=request.user,
            visibility=given.validated_data["visibility"],
            expected_version=expected_version(request, request.data),
        )
        return self._detail(initiative)

    @extend_schema(request=serializers.PublicationSerializer, responses={200: serializers.InitiativeDetailSerializer})
    @action(detail=True, methods=["post"], url_path="publication", url_name="publication")
    def change_publication(self, request: Request, slug: str | None = None) -> Response:
        """Publish the initiative as open data, or withdraw it (its group's coordinators; internal ones only)."""
        given = serializers.PublicationSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        initiative = services.publish_initiative(
            initiative=self.get_object(),
            actor=request.user,
            public=given.validated_data["public"],
            expected_version=expected_version(request, request.data),
        )
        return self._detail(initiative)

    @extend_schema(request=serializers.OwnerInputSerializer, responses={201: serializers.InitiativeDetailSerializer})
    @action(detail=True, methods=["post"], url_path="owners", url_name="owners")
    def add_owner(self, request: Request, slug: str | None = None) -> Response:
        given = serializers.OwnerInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        initiative = self.get_object()
        user = active_user(given.validated_data["username"], "username")
        services.add_owner(initiative=initiative, actor=request.user, user=user, side=given.validated_data["side"])
        return self._detail(initiative, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"owners/(?P<username>[\w.@+-]+)", url_name="owner")
    def remove_owner(self, request: Request, slug: str | None = None, username: str = "") -> Response:
        initiative = self.get_object()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise NotFound()
        services.remove_owner(initiative=initiative, actor=request.user, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _detail(self, initiative: Initiative, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.initiatives_visible_to(self.request.user).filter(pk=initiative.pk).first()
        if fresh is None:  # e.g. the caller restricted it and may no longer read it
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = serializers.InitiativeDetailSerializer(fresh, context=self.get_serializer_context()).data
        return with_etag(Response(data, status=code), fresh.version)

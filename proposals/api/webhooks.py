"""``webhooks/``: a working group's webhooks, for its coordinators; a test event, the delivery log, redelivery."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import WorkingGroup

from .. import selectors, services
from ..models import WEBHOOK_URL_MAX_LENGTH, Webhook, WebhookDelivery, WebhookEvent
from .inputs import ID_PATTERN, StrictInput, StrictListFilter
from .paging import Page
from .preconditions import expected_version, with_etag


class WebhookSerializer(serializers.ModelSerializer):
    working_group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEvent.choices))
    registered_by = serializers.SlugRelatedField(
        source="created_by",
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Whose reading rights the webhook carries: nothing they may not read is sent.",
    )

    class Meta:
        model = Webhook
        fields = [
            "id",
            "working_group",
            "url",
            "description",
            "events",
            "is_active",
            "registered_by",
            "consecutive_failures",
            "disabled_at",
            "disabled_reason",
            "created_at",
            "version",
        ]
        read_only_fields = fields


class RegisteredWebhookSerializer(WebhookSerializer):
    secret = serializers.CharField(read_only=True, help_text="The signing secret; shown on registration only.")

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookCreateSerializer(StrictInput):
    working_group = serializers.SlugField(help_text="A working group you coordinate.")
    url = serializers.CharField(max_length=WEBHOOK_URL_MAX_LENGTH, help_text="An http(s) address on the internet.")
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEvent.choices), allow_empty=False)
    description = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    secret = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True, help_text="Empty: one is made for you."
    )


class WebhookEditSerializer(StrictInput):
    url = serializers.CharField(max_length=WEBHOOK_URL_MAX_LENGTH)
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEvent.choices), allow_empty=False)
    description = serializers.CharField(max_length=200, allow_blank=True)
    secret = serializers.CharField(max_length=100, allow_blank=True, help_text="Empty: keep the current one.")
    is_active = serializers.BooleanField(help_text="true turns a disabled webhook back on and clears its failures.")
    version = serializers.IntegerField(min_value=1, required=False, help_text="Or send If-Match.")


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = ["id", "event", *WebhookDelivery.OUTCOME_FIELDS, "redelivery_of", "created_at"]
        read_only_fields = fields


class WebhookFilter(django_filters.FilterSet):
    working_group = django_filters.CharFilter(field_name="working_group__slug", help_text="A working group's slug.")
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Webhook
        fields: list[str] = []


ACCEPTED = OpenApiResponse(DeliverySerializer, description="Queued; the delivery log shows how it went.")


class WebhookViewSet(StrictListFilter, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """The webhooks of the working groups the caller coordinates (all of them for an admin)."""

    serializer_class = WebhookSerializer
    filterset_class = WebhookFilter
    pagination_class = Page
    queryset = Webhook.objects.none()
    lookup_value_regex = ID_PATTERN

    def get_queryset(self) -> QuerySet[Webhook]:
        if getattr(self, "swagger_fake_view", False):
            return Webhook.objects.none()
        return selectors.webhooks_managed_by(self.request.user).order_by("pk")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        webhook = self.get_object()
        return with_etag(Response(WebhookSerializer(webhook).data), webhook.version)

    @extend_schema(request=WebhookCreateSerializer, responses={201: RegisteredWebhookSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = WebhookCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        group = WorkingGroup.objects.filter(slug=data.pop("working_group")).first()
        if group is None:
            raise ValidationError({"working_group": [_("No working group has this slug.")]})
        webhook = services.register_webhook(working_group=group, actor=request.user, **data)
        response = Response(RegisteredWebhookSerializer(webhook).data, status=status.HTTP_201_CREATED)
        return with_etag(response, webhook.version)

    @extend_schema(request=WebhookEditSerializer, responses={200: WebhookSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = WebhookEditSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        changes = {key: value for key, value in given.validated_data.items() if key != "version"}
        webhook = services.edit_webhook(
            webhook=self.get_object(),
            actor=request.user,
            changes=changes,
            expected_version=expected_version(request, request.data),
        )
        return with_etag(Response(WebhookSerializer(webhook).data), webhook.version)

    def perform_destroy(self, instance: Webhook) -> None:
        services.delete_webhook(webhook=instance, actor=self.request.user)

    @extend_schema(request=None, responses={202: ACCEPTED})
    @action(detail=True, methods=["post"], url_path="test", url_name="test")
    def send_test(self, request: Request, pk: str | None = None) -> Response:
        """Send a signed ``ping`` event now (also to a disabled webhook)."""
        delivery = services.send_test_event(webhook=self.get_object(), actor=request.user)
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={200: DeliverySerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="deliveries", url_name="deliveries")
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        """The webhook's delivery log, newest first."""
        webhook = self.get_object()
        rows = WebhookDelivery.objects.filter(webhook=webhook).order_by("-created_at", "-pk")
        page = Page()
        found = page.paginate_queryset(rows, request, view=self)
        return page.get_paginated_response(DeliverySerializer(found, many=True).data)

    @extend_schema(request=None, responses={202: ACCEPTED})
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"deliveries/(?P<delivery_id>{ID_PATTERN})/redeliver",
        url_name="redeliver",
    )
    def redeliver(self, request: Request, pk: str | None = None, delivery_id: str = "") -> Response:
        """Send one logged event again, same body and event id, as a new delivery."""
        delivery = get_object_or_404(WebhookDelivery, webhook=self.get_object(), pk=delivery_id)
        again = services.redeliver(delivery=delivery, actor=request.user)
        return Response(DeliverySerializer(again).data, status=status.HTTP_202_ACCEPTED)


ROUTES: list[tuple[str, Any, str]] = [("webhooks", WebhookViewSet, "webhook")]

"""What every API resource checks of its input: no undeclared fields or query parameters, ids as whole numbers,
and the initiative a write is for among those the caller may read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from .. import access
from ..models import Initiative
from .paging import Page

MAX_ID = 2**31 - 1  # the largest primary key an id parameter accepts
PAGING = frozenset({"page", "page_size"})
ID_PATTERN = r"\d{1,10}"  # an id in an address; longer ones are not found


class StrictInput(serializers.Serializer):
    """A write body that refuses fields it does not declare: 400 naming each, with any other field errors."""

    def to_internal_value(self, data: Any) -> Any:
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, Mapping) else []
        errors = {str(name): [_("Not a field of this resource.")] for name in unknown}
        try:
            value = super().to_internal_value(data)
        except ValidationError as exc:
            if not errors:
                raise
            detail = exc.detail if isinstance(exc.detail, dict) else {api_settings.NON_FIELD_ERRORS_KEY: exc.detail}
            raise ValidationError({**detail, **errors}) from exc
        if errors:
            raise ValidationError(errors)
        return value


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """An object's id: a whole number from 1 to ``MAX_ID``, so ``1.5`` is refused rather than read as 1."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def refuse_unknown_parameters(params: Iterable[str], known: Iterable[str]) -> None:
    """400 naming every query parameter the list does not take."""
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise ValidationError({name: [_("Not a filter of this list.")] for name in unknown})


def filtered(
    filterset_class: type[django_filters.FilterSet],
    params: Any,
    rows: QuerySet[Any],
    paging: Iterable[str] = PAGING,
) -> QuerySet[Any]:
    """``rows`` narrowed by the list's filters; 400 for an unknown parameter or a bad value."""
    refuse_unknown_parameters(params, {*filterset_class.base_filters, *paging})
    filterset = filterset_class(params, queryset=rows)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


def reference_field(help_text: str) -> serializers.IntegerField:
    """The id of an object of the same initiative, or null."""
    return serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID, help_text=help_text
    )


def active_user(username: str, field: str) -> Any:
    """The active user with this user name; 400 on ``field`` when there is none."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationError({field: [_("No active user has this user name.")]})
    return user


def readable_initiative(user: Any, slug: str) -> Initiative:
    """The initiative a write is for; 404 when the caller may not read it."""
    readable = access.readable(Initiative.objects.select_related("working_group"), user)
    return get_object_or_404(readable, slug=slug)


class StrictListFilter:
    """A list filtered by its ``filterset_class``; unknown parameters and bad values are 400. Details pass."""

    list_paging: Iterable[str] = PAGING

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":  # type: ignore[attr-defined]
            return queryset
        return filtered(self.filterset_class, self.request.query_params, queryset, self.list_paging)  # type: ignore[attr-defined]


class InitiativeRowsViewSet(StrictListFilter, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Rows attached to an initiative (milestones, indicators, evidence…), read through the one read rule.

    A subclass names ``queryset`` (``Model.objects.none()``, for the schema), the related rows to join
    (``related``), the order (``ordering``) and its ``filterset_class``.
    """

    pagination_class = Page
    lookup_value_regex = ID_PATTERN
    related: tuple[str, ...] = ("initiative",)
    ordering: tuple[str, ...] = ("pk",)

    def get_queryset(self) -> QuerySet[Any]:
        model = self.queryset.model
        if getattr(self, "swagger_fake_view", False):
            return model._default_manager.none()
        rows = model._default_manager.select_related(*self.related)
        return access.readable(rows, self.request.user, through="initiative").order_by(*self.ordering)

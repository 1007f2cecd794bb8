"""API: translations of an initiative's text and of milestone titles, and the programme's glossary.

``initiatives/{slug}/translations/`` lists the initiative's versions in the other languages; ``PUT
.../{language}/`` writes one (``version`` 0 or ``If-Match: "0"``: you expect none yet), ``POST
.../{language}/confirm/`` says it still matches a changed original. ``milestones/{id}/translations/``
likewise for milestone titles. ``glossary/``: everyone reads, coordinators and admins write.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Language

from .. import access, services
from ..models import GlossaryTerm, Initiative, InitiativeTranslation, Milestone, MilestoneTranslation
from ..models.translations import TranslationBase
from .inputs import ID_PATTERN, StrictInput, StrictListFilter, readable_initiative
from .paging import Page
from .preconditions import expected_version, with_etag

LANGUAGE_PATTERN = "|".join(Language.values)
VERSION_HELP = "The version you read (0: you expect no translation yet); or send If-Match."
STALE = OpenApiResponse(description="The translation changed since you read it (If-Match or version).")


class TranslationFields(serializers.ModelSerializer):
    outdated = serializers.SerializerMethodField(help_text="The original changed after this version was written.")
    updated_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    def get_outdated(self, row: TranslationBase) -> bool:
        return row.is_outdated


class InitiativeTranslationSerializer(TranslationFields):
    class Meta:
        model = InitiativeTranslation
        fields = [
            "language",
            "translated_from",
            "title",
            "summary",
            "description",
            "description_html",
            "outdated",
            "outdated_since",
            "updated_by",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class MilestoneTranslationSerializer(TranslationFields):
    class Meta:
        model = MilestoneTranslation
        fields = [
            "language",
            "translated_from",
            "title",
            "outdated",
            "outdated_since",
            "updated_by",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class InitiativeTranslationInput(StrictInput):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=1000)
    description = serializers.CharField(required=False, default="", allow_blank=True, max_length=20000)
    version = serializers.IntegerField(min_value=0, required=False, help_text=VERSION_HELP)


class MilestoneTranslationInput(StrictInput):
    title = serializers.CharField(max_length=200)
    version = serializers.IntegerField(min_value=0, required=False, help_text=VERSION_HELP)


class ConfirmInput(StrictInput):
    version = serializers.IntegerField(min_value=1, required=False, help_text="Or send If-Match.")


def _language(value: str) -> str:
    if value not in Language.values:
        raise Http404(_("No such language."))
    return value


class InitiativeTranslationViewSet(viewsets.ViewSet):
    """The initiative's text in languages other than its original's."""

    lookup_field = "language"
    lookup_value_regex = LANGUAGE_PATTERN
    serializer_class = InitiativeTranslationSerializer

    def _initiative(self) -> Initiative:
        return readable_initiative(self.request.user, self.kwargs["initiative_slug"])

    @extend_schema(responses={200: InitiativeTranslationSerializer(many=True)})
    def list(self, request: Request, initiative_slug: str = "") -> Response:
        rows = InitiativeTranslation.objects.filter(initiative=self._initiative()).select_related("updated_by")
        return Response(InitiativeTranslationSerializer(rows, many=True).data)

    @extend_schema(responses={200: InitiativeTranslationSerializer})
    def retrieve(self, request: Request, initiative_slug: str = "", language: str = "") -> Response:
        row = get_object_or_404(
            InitiativeTranslation.objects.select_related("updated_by"),
            initiative=self._initiative(),
            language=_language(language),
        )
        return with_etag(Response(InitiativeTranslationSerializer(row).data), row.version)

    @extend_schema(
        request=InitiativeTranslationInput,
        responses={200: InitiativeTranslationSerializer, 201: InitiativeTranslationSerializer, 412: STALE},
    )
    def update(self, request: Request, initiative_slug: str = "", language: str = "") -> Response:
        """Write the initiative's title, summary and description in ``language`` (not the original's)."""
        initiative = self._initiative()
        given = InitiativeTranslationInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        existed = InitiativeTranslation.objects.filter(initiative=initiative, language=_language(language)).exists()
        row = services.save_translation(
            initiative=initiative,
            actor=request.user,
            language=language,
            title=data["title"],
            summary=data["summary"],
            description=data["description"],
            expected_version=expected_version(request, request.data),
        )
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return with_etag(Response(InitiativeTranslationSerializer(row).data, status=code), row.version)

    @extend_schema(request=ConfirmInput, responses={200: InitiativeTranslationSerializer, 412: STALE})
    @action(detail=True, methods=["post"], url_path="confirm", url_name="confirm")
    def confirm(self, request: Request, initiative_slug: str = "", language: str = "") -> Response:
        """Confirm the translation still says what the changed original says: it is up to date again."""
        ConfirmInput(data=request.data).is_valid(raise_exception=True)
        row = services.confirm_translation(
            initiative=self._initiative(),
            actor=request.user,
            language=_language(language),
            expected_version=expected_version(request, request.data),
        )
        return with_etag(Response(InitiativeTranslationSerializer(row).data), row.version)


class MilestoneTranslationViewSet(viewsets.ViewSet):
    """A milestone's title in languages other than its initiative's original."""

    lookup_field = "language"
    lookup_value_regex = LANGUAGE_PATTERN
    serializer_class = MilestoneTranslationSerializer

    def _milestone(self) -> Milestone:
        readable = access.readable(
            Milestone.objects.select_related("initiative"), self.request.user, through="initiative"
        )
        return get_object_or_404(readable, pk=self.kwargs["milestone_pk"])

    @extend_schema(responses={200: MilestoneTranslationSerializer(many=True)})
    def list(self, request: Request, milestone_pk: str = "") -> Response:
        rows = MilestoneTranslation.objects.filter(milestone=self._milestone()).select_related("updated_by")
        return Response(MilestoneTranslationSerializer(rows, many=True).data)

    @extend_schema(
        request=MilestoneTranslationInput,
        responses={200: MilestoneTranslationSerializer, 201: MilestoneTranslationSerializer, 412: STALE},
    )
    def update(self, request: Request, milestone_pk: str = "", language: str = "") -> Response:
        milestone = self._milestone()
        given = MilestoneTranslationInput(data=request.data)
        given.is_valid(raise_exception=True)
        existed = MilestoneTranslation.objects.filter(milestone=milestone, language=_language(language)).exists()
        row = services.save_milestone_translation(
            milestone=milestone,
            actor=request.user,
            language=language,
            title=given.validated_data["title"],
            expected_version=expected_version(request, request.data),
        )
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return with_etag(Response(MilestoneTranslationSerializer(row).data, status=code), row.version)

    @extend_schema(request=ConfirmInput, responses={200: MilestoneTranslationSerializer, 412: STALE})
    @action(detail=True, methods=["post"], url_path="confirm", url_name="confirm")
    def confirm(self, request: Request, milestone_pk: str = "", language: str = "") -> Response:
        ConfirmInput(data=request.data).is_valid(raise_exception=True)
        row = services.confirm_milestone_translation(
            milestone=self._milestone(),
            actor=request.user,
            language=_language(language),
            expected_version=expected_version(request, request.data),
        )
        return with_etag(Response(MilestoneTranslationSerializer(row).data), row.version)


# --- the glossary --------------------------------------------------------------------------------


class GlossaryTermSerializer(serializers.ModelSerializer):
    class Meta:
        model = GlossaryTerm
        fields = ["id", "en", "ko", "ja", "note", "updated_at", "version"]
        read_only_fields = fields


class GlossaryTermInput(StrictInput):
    en = serializers.CharField(max_length=200)
    ko = serializers.CharField(max_length=200)
    ja = serializers.CharField(max_length=200)
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)
    version = serializers.IntegerField(min_value=1, required=False, help_text="Or send If-Match.")


class GlossaryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", help_text="Part of the term in any of the three languages.")

    class Meta:
        model = GlossaryTerm
        fields: list[str] = []

    def search(self, queryset: QuerySet[GlossaryTerm], name: str, value: str) -> QuerySet[GlossaryTerm]:
        return queryset.filter(Q(en__icontains=value) | Q(ko__icontains=value) | Q(ja__icontains=value))


class GlossaryViewSet(StrictListFilter, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """The programme's agreed terms in English, Korean and Japanese."""

    serializer_class = GlossaryTermSerializer
    filterset_class = GlossaryFilter
    pagination_class = Page
    queryset = GlossaryTerm.objects.order_by("en", "pk")
    lookup_value_regex = ID_PATTERN

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        term = self.get_object()
        return with_etag(Response(GlossaryTermSerializer(term).data), term.version)

    @extend_schema(request=GlossaryTermInput, responses={201: GlossaryTermSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = GlossaryTermInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = {key: value for key, value in given.validated_data.items() if key != "version"}
        term = services.create_glossary_term(actor=request.user, **data)
        return with_etag(Response(GlossaryTermSerializer(term).data, status=status.HTTP_201_CREATED), term.version)

    @extend_schema(request=GlossaryTermInput, responses={200: GlossaryTermSerializer, 412: STALE})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = GlossaryTermInput(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        changes = {key: value for key, value in given.validated_data.items() if key != "version"}
        term = services.edit_glossary_term(
            term=self.get_object(),
            actor=request.user,
            expected_version=expected_version(request, request.data),
            **changes,
        )
        return with_etag(Response(GlossaryTermSerializer(term).data), term.version)

    def perform_destroy(self, instance: GlossaryTerm) -> None:
        services.delete_glossary_term(term=instance, actor=self.request.user)


ROUTES: list[tuple[str, Any, str]] = [
    (r"initiatives/(?P<initiative_slug>[-\w]+)/translations", InitiativeTranslationViewSet, "initiative-translation"),
    (rf"milestones/(?P<milestone_pk>{ID_PATTERN})/translations", MilestoneTranslationViewSet, "milestone-translation"),
    ("glossary", GlossaryViewSet, "glossary"),
]

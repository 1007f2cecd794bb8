"""What the API shows of each object: the same stored figures and wording the site shows."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import ApiToken, DigestFrequency, Language, User

from .. import selectors
from ..models import AssessmentCadence, Initiative, InitiativeStatus, LeadSide, Pillar, Side
from .assessments import DisagreementSerializer, SidesAssessmentSerializer, assessments_of, disagreement_of
from .inputs import StrictInput
from .translations import InitiativeTranslationSerializer


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["username", "name", "organisation", "country"]
        read_only_fields = fields


class OwnerSerializer(serializers.Serializer):
    username = serializers.CharField(source="user.username")
    name = serializers.CharField(source="user.name")
    side = serializers.CharField()


class NextMilestoneSerializer(serializers.Serializer):
    title = serializers.CharField()
    due_date = serializers.DateField()


class InitiativeSerializer(serializers.ModelSerializer):
    working_group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    progress = serializers.SerializerMethodField(help_text="Share of the milestones' weight approved, 0–100.")
    health_reason = serializers.SerializerMethodField(help_text="Why the initiative has its health, in your language.")
    owners = serializers.SerializerMethodField()
    next_milestone = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The initiative's page on the site.")
    assessments = serializers.SerializerMethodField(help_text="Each side's latest declared rating and when it is due.")
    disagreement = serializers.SerializerMethodField(help_text="Whether the two sides disagree, and since when.")

    class Meta:
        model = Initiative
        fields = [
            "slug",
            "title",
            "summary",
            "pillar",
            "status",
            "lead_side",
            "working_group",
            "visibility",
            "is_public",
            "start_date",
            "target_date",
            "progress",
            "health",
            "health_reason",
            "owners",
            "next_milestone",
            "last_activity_at",
            "version",
            "url",
            "assessments",
            "disagreement",
            "assessment_cadence",
            "original_language",
        ]
        read_only_fields = fields

    def get_progress(self, initiative: Initiative) -> int:
        return round(float(initiative.progress or 0) * 100)

    def get_health_reason(self, initiative: Initiative) -> str:
        return selectors.health_reason(initiative)

    @extend_schema_field(OwnerSerializer(many=True))
    def get_owners(self, initiative: Initiative) -> list[dict[str, Any]]:
        return OwnerSerializer(initiative.ownerships.all(), many=True).data

    @extend_schema_field(NextMilestoneSerializer(allow_null=True))
    def get_next_milestone(self, initiative: Initiative) -> dict[str, Any] | None:
        if not initiative.next_milestone_title or initiative.next_milestone_due is None:
            return None
        return {"title": initiative.next_milestone_title, "due_date": initiative.next_milestone_due.isoformat()}

    @extend_schema_field(SidesAssessmentSerializer)
    def get_assessments(self, initiative: Initiative) -> dict[str, Any]:
        return SidesAssessmentSerializer(assessments_of(initiative)).data

    @extend_schema_field(DisagreementSerializer)
    def get_disagreement(self, initiative: Initiative) -> dict[str, Any]:
        return DisagreementSerializer(disagreement_of(initiative)).data

    def get_url(self, initiative: Initiative) -> str:
        request = self.context.get("request")
        path = initiative.get_absolute_url()
        # Without a request (a webhook's body), the site's own address.
        return request.build_absolute_uri(path) if request is not None else f"{settings.SITE_URL}{path}"


class InitiativeDetailSerializer(InitiativeSerializer):
    translations = serializers.SerializerMethodField(
        help_text="The text in the languages other than the original's (translations/ to write one)."
    )

    class Meta(InitiativeSerializer.Meta):
        fields = [*InitiativeSerializer.Meta.fields, "description", "description_html", "translations"]
        read_only_fields = fields

    @extend_schema_field(InitiativeTranslationSerializer(many=True))
    def get_translations(self, initiative: Initiative) -> list[dict[str, Any]]:
        return InitiativeTranslationSerializer(initiative.translations.select_related("updated_by"), many=True).data


class MeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = [
            "username",
            "name",
            "display_name",
            "email",
            "organisation",
            "country",
            "language",
            "time_zone",
            "digest_frequency",
            "email_reminders",
            "email_notifications",
            "version",
        ]
        read_only_fields = fields


class PreferencesSerializer(StrictInput):
    display_name = serializers.CharField(max_length=150, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices)
    time_zone = serializers.CharField(max_length=64)
    digest_frequency = serializers.ChoiceField(choices=DigestFrequency.choices)
    email_reminders = serializers.BooleanField()
    email_notifications = serializers.BooleanField()
    version = serializers.IntegerField(min_value=1, required=False, help_text="Or send If-Match.")


class OwnerInputSerializer(StrictInput):
    username = serializers.CharField(max_length=150)
    side = serializers.ChoiceField(choices=Side.choices)


class InitiativeCreateSerializer(StrictInput):
    working_group = serializers.SlugField()
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=1000)
    description = serializers.CharField(required=False, default="", allow_blank=True, max_length=20000)
    pillar = serializers.ChoiceField(choices=Pillar.choices)
    status = serializers.ChoiceField(choices=InitiativeStatus.choices, default=InitiativeStatus.PROPOSED)
    lead_side = serializers.ChoiceField(choices=LeadSide.choices, default=LeadSide.JOINT)
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    target_date = serializers.DateField(required=False, allow_null=True, default=None)
    visibility = serializers.ChoiceField(choices=Initiative.Visibility.choices, default=Initiative.Visibility.INTERNAL)
    owners = OwnerInputSerializer(many=True, required=False, default=list)
    original_language = serializers.ChoiceField(
        choices=Language.choices, required=False, help_text="The language of this text; default: yours."
    )


class InitiativeEditSerializer(StrictInput):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=1000)
    description = serializers.CharField(allow_blank=True, max_length=20000)
    pillar = serializers.ChoiceField(choices=Pillar.choices)
    lead_side = serializers.ChoiceField(choices=LeadSide.choices)
    start_date = serializers.DateField(allow_null=True)
    target_date = serializers.DateField(allow_null=True)
    assessment_cadence = serializers.ChoiceField(
        choices=AssessmentCadence.choices, help_text="How often each side assesses the initiative."
    )
    original_language = serializers.ChoiceField(
        choices=Language.choices,
        help_text="The language of the original text; not one that has a translation (update that instead).",
    )
    version = serializers.IntegerField(min_value=1, required=False, help_text="Or send If-Match.")


class StatusSerializer(StrictInput):
    status = serializers.ChoiceField(choices=InitiativeStatus.choices)
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)
    version = serializers.IntegerField(min_value=1, required=False, help_text="Or send If-Match.")


class VisibilitySerializer(StrictInput):
    visibility = serializers.ChoiceField(choices=Initiative.Visibility.choices)
    version = serializers.IntegerField(min_value=1, required=False, help_text="Or send If-Match.")


class PublicationSerializer(StrictInput):
    public = serializers.BooleanField(help_text="true publishes the initiative as open data; false withdraws it.")
    version = serializers.IntegerField(min_value=1, required=False, help_text="Or send If-Match.")


class TokenRequestSerializer(StrictInput):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, style={"input_type": "password"}, trim_whitespace=False)
    name = serializers.CharField(max_length=100, required=False, default="API")
    read_only = serializers.BooleanField(required=False, default=False)


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "read_only", "created_at", "last_used_at"]
        read_only_fields = fields


class IssuedTokenSerializer(TokenSerializer):
    token = serializers.CharField(read_only=True, help_text="The key; shown this once only.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]
        read_only_fields = fields

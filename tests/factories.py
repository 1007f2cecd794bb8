"""factory-boy factories for every model the tests build."""

import datetime

import factory
from django.utils import timezone

from accounts.models import Membership, PasswordResetMail, User, WorkingGroup
from proposals import figures
from proposals import models as m
from proposals.markup import render_markdown


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    display_name = factory.LazyAttribute(lambda u: u.username.title())
    password = factory.django.Password("correct horse battery staple")


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    working_group = factory.SubFactory(WorkingGroupFactory)
    role = Membership.Role.MEMBER


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Initiative

    title = factory.Sequence(lambda n: f"Initiative {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    summary = "A cooperation initiative."
    description = ""
    description_html = factory.LazyAttribute(lambda i: render_markdown(i.description))
    pillar = m.Pillar.ECONOMY
    status = m.Initiative.Status.ACTIVE
    working_group = factory.SubFactory(WorkingGroupFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    target_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


class InitiativeOwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.InitiativeOwner

    initiative = factory.SubFactory(InitiativeFactory)
    user = factory.SubFactory(UserFactory)
    side = m.Side.KOREA


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Milestone
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    weight = 1

    @factory.post_generation
    def stored_figures(milestone, create, extracted, **kwargs):
        # Rows made here skip the services, which keep the initiative's stored progress and health current.
        if create:
            figures.refresh([milestone.initiative_id], record_changes=False)


class EvidenceLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.EvidenceLink

    initiative = factory.SubFactory(InitiativeFactory)
    url = factory.Sequence(lambda n: f"https://example.org/evidence/{n}")
    title = factory.Sequence(lambda n: f"Evidence {n}")
    kind = m.EvidenceLink.Kind.NEWS


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Indicator

    initiative = factory.SubFactory(InitiativeFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "USD billion"
    baseline = 10
    target = 30


class IndicatorReadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.IndicatorReading

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    value = 12


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ProgressUpdate

    initiative = factory.SubFactory(InitiativeFactory)
    author = factory.SubFactory(UserFactory)
    note = "Moved forward."


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Comment

    initiative = factory.SubFactory(InitiativeFactory)
    author = factory.SubFactory(UserFactory)
    body = "A comment."
    body_html = factory.LazyAttribute(lambda c: render_markdown(c.body))


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Follow

    user = factory.SubFactory(UserFactory)
    initiative = factory.SubFactory(InitiativeFactory)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Activity
        skip_postgeneration_save = True

    actor = factory.SubFactory(UserFactory)
    verb = m.Activity.Verb.INITIATIVE_EDITED
    initiative = factory.SubFactory(InitiativeFactory)

    @factory.post_generation
    def last_activity(activity, create, extracted, **kwargs):
        if create and activity.initiative_id:
            figures.touch(activity.initiative_id, activity.created_at)


class DigestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Digest

    user = factory.SubFactory(UserFactory)
    frequency = "weekly"
    period_start = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    period_end = factory.LazyFunction(timezone.now)


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Reminder

    milestone = factory.SubFactory(MilestoneFactory)
    recipient = factory.SubFactory(UserFactory)
    reason = m.Reminder.Reason.DUE_IN_7_DAYS
    due_date = factory.LazyAttribute(lambda r: r.milestone.due_date)


class SourceReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SourceReference

    initiative = factory.SubFactory(InitiativeFactory)
    document = m.SeedDocument.FKI_REPORT
    note = "Proposes a permanent council with regular meetings."


class CommentRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.CommentRevision

    comment = factory.SubFactory(CommentFactory)
    body = "An earlier text."
    body_html = factory.LazyAttribute(lambda r: render_markdown(r.body))
    edited_by = factory.LazyAttribute(lambda r: r.comment.author)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Notification

    recipient = factory.SubFactory(UserFactory)
    activity = factory.SubFactory(ActivityFactory)
    kind = m.Notification.Kind.MENTIONED


class PasswordResetMailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PasswordResetMail

    address = factory.Sequence(lambda n: f"user{n}@example.org")


class WebhookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Webhook

    working_group = factory.SubFactory(WorkingGroupFactory)
    url = factory.Sequence(lambda n: f"https://hooks.example.org/{n}")
    secret = "whsec_factory-secret-0123456789"
    events = factory.LazyFunction(lambda: list(m.WebhookEvent.values))
    created_by = factory.SubFactory(UserFactory)


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.WebhookDelivery

    webhook = factory.SubFactory(WebhookFactory)
    event = m.WebhookEvent.COMMENT_ADDED
    body = '{"event": "comment.added"}'


class InitiativeTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.InitiativeTranslation

    initiative = factory.SubFactory(InitiativeFactory)
    language = "ko"
    translated_from = factory.LazyAttribute(lambda t: t.initiative.original_language)
    title = factory.Sequence(lambda n: f"구상 {n}")
    summary = "협력 구상."


class MilestoneTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.MilestoneTranslation

    milestone = factory.SubFactory(MilestoneFactory)
    language = "ko"
    translated_from = factory.LazyAttribute(lambda t: t.milestone.initiative.original_language)
    title = factory.Sequence(lambda n: f"이정표 {n}")


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.GlossaryTerm

    en = factory.Sequence(lambda n: f"term {n}")
    ko = factory.Sequence(lambda n: f"용어 {n}")
    ja = factory.Sequence(lambda n: f"用語 {n}")


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Assessment

    initiative = factory.SubFactory(InitiativeFactory)
    side = "KR"
    rating = m.Health.ON_TRACK
    rationale = "The working group met its dates."


class DomesticStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.DomesticStep

    initiative = factory.SubFactory(InitiativeFactory)
    side = m.Side.KOREA
    kind = m.DomesticStepKind.CABINET_DECISION
    status = m.DomesticStepStatus.PLANNED

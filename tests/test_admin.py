import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import feed_tokens, tokens
from accounts.models import (
    ApiToken,
    Authenticator,
    FeedToken,
    Membership,
    PasswordResetMail,
    SignInPolicy,
    User,
    WorkingGroup,
)
from proposals import models as m
from tests import factories


def _milestone_row():
    return factories.MilestoneFactory(owner=factories.UserFactory())


def _evidence_row():
    milestone = _milestone_row()
    return factories.EvidenceLinkFactory(
        initiative=milestone.initiative, milestone=milestone, added_by=factories.UserFactory()
    )


def _progress_update_row():
    milestone = _milestone_row()
    return factories.ProgressUpdateFactory(initiative=milestone.initiative, milestone=milestone)


def _comment_row():
    milestone = _milestone_row()
    return factories.CommentFactory(initiative=milestone.initiative, milestone=milestone)


def _activity_row():
    milestone = _milestone_row()
    initiative = milestone.initiative
    return factories.ActivityFactory(initiative=initiative, milestone=milestone, working_group=initiative.working_group)


def _delivery_row():
    activity = _activity_row()
    first = factories.WebhookDeliveryFactory(
        webhook=factories.WebhookFactory(working_group=activity.working_group),
        activity=activity,
        initiative=activity.initiative,
    )
    return factories.WebhookDeliveryFactory(
        webhook=first.webhook, activity=activity, initiative=activity.initiative, redelivery_of=first
    )


def _signoff_row():
    milestone = _milestone_row()
    return m.MilestoneSignoff.objects.create(milestone=milestone, side="KR", signed_by=factories.UserFactory())


def _assessment_row():
    return m.Assessment.objects.create(
        initiative=factories.InitiativeFactory(),
        side="JP",
        rating="at_risk",
        rationale="Budget slipped.",
        author=factories.UserFactory(),
    )


def _assessment_reminder_row():
    return m.AssessmentReminder.objects.create(
        initiative=factories.InitiativeFactory(),
        side="KR",
        recipient=factories.UserFactory(),
        due_date=datetime.date(2026, 12, 1),
    )


def _domestic_step_row():
    milestone = _milestone_row()
    return m.DomesticStep.objects.create(
        initiative=milestone.initiative,
        milestone=milestone,
        side="JP",
        kind="cabinet_decision",
        owner=factories.UserFactory(),
    )


def _initiative_translation_row():
    return m.InitiativeTranslation.objects.create(
        initiative=factories.InitiativeFactory(),
        language="ko",
        translated_from="en",
        title="번역",
        summary="요약",
        updated_by=factories.UserFactory(),
    )


def _milestone_translation_row():
    return m.MilestoneTranslation.objects.create(
        milestone=_milestone_row(),
        language="ja",
        translated_from="en",
        title="翻訳",
        updated_by=factories.UserFactory(),
    )


def _glossary_term_row():
    term = m.GlossaryTerm.objects.count()
    return m.GlossaryTerm.objects.create(
        en=f"currency swap {term}", ko="통화스와프", ja="通貨スワップ", updated_by=factories.UserFactory()
    )


# One filled-in row per model: every nullable relation a changelist shows is set, so a changelist
# that fetched a relation per row is caught by the query budget test.
ROW_FACTORIES = {
    User: factories.UserFactory,
    WorkingGroup: factories.WorkingGroupFactory,
    Membership: factories.MembershipFactory,
    PasswordResetMail: factories.PasswordResetMailFactory,
    ApiToken: lambda: tokens.issue(factories.UserFactory(), name="script")[0],
    FeedToken: lambda: feed_tokens.regenerate(factories.UserFactory())[0],
    SignInPolicy: SignInPolicy.current,
    Authenticator: lambda: Authenticator.objects.create(user=factories.UserFactory(), name="Authenticator app"),
    m.Initiative: lambda: factories.InitiativeFactory(created_by=factories.UserFactory()),
    m.InitiativeOwner: factories.InitiativeOwnerFactory,
    m.SourceReference: factories.SourceReferenceFactory,
    m.Milestone: _milestone_row,
    m.Indicator: factories.IndicatorFactory,
    m.IndicatorReading: lambda: factories.IndicatorReadingFactory(
        evidence=factories.EvidenceLinkFactory(), recorded_by=factories.UserFactory()
    ),
    m.EvidenceLink: _evidence_row,
    m.ProgressUpdate: _progress_update_row,
    m.Comment: _comment_row,
    m.CommentRevision: factories.CommentRevisionFactory,
    m.Activity: _activity_row,
    m.Follow: factories.FollowFactory,
    m.Digest: factories.DigestFactory,
    m.Reminder: lambda: factories.ReminderFactory(milestone=_milestone_row()),
    m.Notification: lambda: factories.NotificationFactory(activity=_activity_row()),
    m.Webhook: factories.WebhookFactory,
    m.WebhookDelivery: lambda: _delivery_row(),
    m.MilestoneSignoff: _signoff_row,
    m.Assessment: _assessment_row,
    m.AssessmentReminder: _assessment_reminder_row,
    m.DomesticStep: _domestic_step_row,
    m.InitiativeTranslation: _initiative_translation_row,
    m.MilestoneTranslation: _milestone_translation_row,
    m.GlossaryTerm: _glossary_term_row,
    m.TaskRun: lambda: m.TaskRun.objects.create(
        task_name=f"proposals.tasks.task_{m.TaskRun.objects.count()}", task_id="t-1", started_at=timezone.now()
    ),
    m.TaskFailure: lambda: m.TaskFailure.objects.create(
        task_name="proposals.tasks.deliver_webhook", task_id="t-2", error_class="ValueError", error_message="boom"
    ),
}

# Built by the product or written on the site through its services: the admin reads them, it does not create them.
ADD_REFUSED = {
    m.Activity,
    m.Comment,
    m.CommentRevision,
    m.Digest,
    m.Notification,
    m.EvidenceLink,
    m.Follow,
    m.IndicatorReading,
    m.InitiativeOwner,
    m.ProgressUpdate,
    m.Reminder,
    m.SourceReference,
    PasswordResetMail,
    ApiToken,
    FeedToken,
    SignInPolicy,
    Authenticator,
    m.Webhook,
    m.WebhookDelivery,
    m.MilestoneSignoff,
    m.Assessment,
    m.AssessmentReminder,
    m.DomesticStep,
    m.InitiativeTranslation,
    m.MilestoneTranslation,
    m.GlossaryTerm,
    m.TaskRun,
    m.TaskFailure,
}

OUR_APPS = {"accounts", "proposals"}
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in OUR_APPS),
    key=lambda model: model._meta.label,
)


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def add_rows(model, count: int) -> None:
    for _ in range(count):
        ROW_FACTORIES[model]()


def by_label(models):
    return pytest.mark.parametrize("model", models, ids=lambda model: model._meta.label)


def test_every_model_of_our_apps_is_registered_and_has_a_row_factory():
    our_models = {model for label in OUR_APPS for model in apps.get_app_config(label).get_models()}
    assert set(REGISTERED) == our_models
    assert set(ROW_FACTORIES) == our_models


@by_label(REGISTERED)
def test_changelist_lists_a_row(admin_client, model):
    row = ROW_FACTORIES[model]()

    response = admin_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert row in response.context["cl"].result_list
    assert admin_url(model, "change", row.pk) in response.content.decode()


@by_label(REGISTERED)
def test_change_page_renders(admin_client, model):
    row = ROW_FACTORIES[model]()

    response = admin_client.get(admin_url(model, "change", row.pk))

    assert response.status_code == 200
    assert response.context["original"] == row


def test_change_pages_render_their_inline_rows(admin_client):
    milestone = _milestone_row()
    initiative = milestone.initiative
    owner = factories.InitiativeOwnerFactory(initiative=initiative)
    factories.SourceReferenceFactory(initiative=initiative)
    evidence = factories.EvidenceLinkFactory(initiative=initiative, milestone=milestone)
    reading = factories.IndicatorReadingFactory(indicator__initiative=initiative, evidence=evidence)
    revision = factories.CommentRevisionFactory(comment__initiative=initiative)
    membership = factories.MembershipFactory(user=owner.user, working_group=initiative.working_group)

    pages = {
        m.Initiative: initiative,
        m.Indicator: reading.indicator,
        m.Comment: revision.comment,
        User: membership.user,
        WorkingGroup: membership.working_group,
    }
    for model, row in pages.items():
        response = admin_client.get(admin_url(model, "change", row.pk))
        assert response.status_code == 200, model
        inlines = response.context["inline_admin_formsets"]
        assert inlines, model
        assert all(inline.formset.initial_forms for inline in inlines), model


@by_label([model for model in REGISTERED if model not in ADD_REFUSED])
def test_add_page_renders(admin_client, model):
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == 200
    assert response.context["add"] is True


@by_label(sorted(ADD_REFUSED, key=lambda model: model._meta.label))
def test_add_page_is_refused_for_records_the_site_builds(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 403


# The sign-in policy is one row by design.
@by_label([model for model in REGISTERED if model is not SignInPolicy])
def test_changelist_query_count_does_not_grow_with_rows(admin_client, model):
    url = admin_url(model, "changelist")
    add_rows(model, 3)
    admin_client.get(url)  # warm per-process caches (content types, site) before counting

    with CaptureQueriesContext(connection) as with_three_rows:
        assert admin_client.get(url).status_code == 200
    add_rows(model, 27)
    with CaptureQueriesContext(connection) as with_thirty_rows:
        response = admin_client.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 30
    assert len(with_thirty_rows) == len(with_three_rows), [q["sql"] for q in with_thirty_rows.captured_queries]


# Activity is the append-only audit trail ------------------------------------------


def test_activity_admin_offers_no_add(admin_client):
    factories.ActivityFactory()

    changelist = admin_client.get(admin_url(m.Activity, "changelist"))

    assert changelist.context["has_add_permission"] is False
    assert admin_url(m.Activity, "add") not in changelist.content.decode()
    assert admin_client.get(admin_url(m.Activity, "add")).status_code == 403


def test_activity_admin_offers_no_delete(admin_client, rf, admin_user):
    activity = factories.ActivityFactory()
    request = rf.get("/")
    request.user = admin_user

    changelist = admin_client.get(admin_url(m.Activity, "changelist"))

    assert admin.site._registry[m.Activity].get_actions(request) == {}
    assert "delete_selected" not in changelist.content.decode()
    assert admin_client.get(admin_url(m.Activity, "delete", activity.pk)).status_code == 403
    assert admin_client.post(admin_url(m.Activity, "delete", activity.pk), {"post": "yes"}).status_code == 403
    assert m.Activity.objects.filter(pk=activity.pk).exists()


def test_activity_change_page_is_read_only(admin_client):
    activity = factories.ActivityFactory(verb=m.Activity.Verb.INITIATIVE_EDITED)

    page = admin_client.get(admin_url(m.Activity, "change", activity.pk))
    post = admin_client.post(admin_url(m.Activity, "change", activity.pk), {"verb": "comment.added"})

    assert page.context["has_change_permission"] is False
    assert post.status_code == 403
    activity.refresh_from_db()
    assert activity.verb == m.Activity.Verb.INITIATIVE_EDITED


@pytest.mark.parametrize("model", [m.Initiative, m.Milestone, m.Indicator, m.Comment, m.EvidenceLink])
def test_the_admin_deletes_nothing_of_the_domain(admin_client, model):
    row = ROW_FACTORIES[model]()

    response = admin_client.post(admin_url(model, "delete", row.pk), {"post": "yes"})

    assert response.status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


# Edits made in the admin ---------------------------------------------------------


def test_saving_a_milestone_in_the_admin_bumps_its_version(admin_client):
    milestone = factories.MilestoneFactory()
    blank_datetime = {"submitted_at_0": "", "submitted_at_1": "", "decided_at_0": "", "decided_at_1": ""}

    response = admin_client.post(
        admin_url(m.Milestone, "change", milestone.pk),
        {
            "initiative": milestone.initiative_id,
            "title": "Council statute drafted",
            "description": "",
            "owner": "",
            "due_date": milestone.due_date.isoformat(),
            "weight": "2",
            "status": m.Milestone.Status.IN_PROGRESS,
            "submitted_by": "",
            "decided_by": "",
            **blank_datetime,
        },
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.weight, milestone.version) == ("Council statute drafted", 2, 2)


def test_hiding_a_comment_in_the_admin_records_who_hid_it(admin_client, admin_user):
    comment = factories.CommentFactory()

    response = admin_client.post(
        admin_url(m.Comment, "change", comment.pk),
        {
            "is_hidden": "on",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
            "revisions-MIN_NUM_FORMS": "0",
            "revisions-MAX_NUM_FORMS": "0",
        },
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden is True
    assert comment.hidden_by == admin_user
    assert comment.hidden_at is not None
    assert comment.body == "A comment."


# The review workflow in the admin goes through the services ---------------------------------------


def test_admin_action_approves_through_the_service_and_records_activity(admin_client):
    submitter = factories.UserFactory()
    milestone = factories.MilestoneFactory(status=m.Milestone.Status.SUBMITTED, submitted_by=submitter)

    response = admin_client.post(
        admin_url(m.Milestone, "changelist"), {"action": "approve_selected", "_selected_action": [milestone.pk]}
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == m.Milestone.Status.APPROVED
    assert m.Activity.objects.filter(milestone=milestone, verb="milestone.approved").count() == 1


def test_admin_action_keeps_the_four_eyes_rule(admin_client, admin_user):
    milestone = factories.MilestoneFactory(status=m.Milestone.Status.SUBMITTED, submitted_by=admin_user)

    response = admin_client.post(
        admin_url(m.Milestone, "changelist"),
        {"action": "approve_selected", "_selected_action": [milestone.pk]},
        follow=True,
    )

    assert "submitted yourself" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.status == m.Milestone.Status.SUBMITTED


def test_milestone_status_cannot_be_typed_into_the_admin_form(admin_client):
    milestone = factories.MilestoneFactory(status=m.Milestone.Status.PLANNED)

    response = admin_client.post(
        admin_url(m.Milestone, "change", milestone.pk),
        {
            "initiative": milestone.initiative_id,
            "title": "Renamed in the admin",
            "description": "",
            "due_date": milestone.due_date.isoformat(),
            "weight": 1,
            "status": "approved",
        },
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.title == "Renamed in the admin"
    assert milestone.status == m.Milestone.Status.PLANNED

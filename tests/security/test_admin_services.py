"""The admin writes through the services: same permissions, validation, versions and activity as the site."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, User
from proposals import models as m
from tests import factories

Verb = m.Activity.Verb


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _form_data(client: Client, url: str, **overrides) -> dict:
    """What the admin's change form would post as it stands (inline management forms included), with overrides."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data: dict = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _staff(*codenames: str, **extra) -> tuple[User, Client]:
    user = factories.UserFactory(is_staff=True, **extra)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return user, client


# Staff who are not superusers get no more than the site gives them -----------------------------------


def test_staff_without_a_role_cannot_hide_a_comment(db):
    comment = factories.CommentFactory()
    _user, client = _staff("view_comment", "change_comment")
    url = _url(m.Comment, "change", comment.pk)

    response = client.post(url, _form_data(client, url, is_hidden="on"))

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    comment.refresh_from_db()
    assert comment.is_hidden is False
    assert not m.Activity.objects.filter(verb=Verb.COMMENT_HIDDEN).exists()


def test_staff_cannot_open_or_change_a_restricted_milestone_they_may_not_read(db):
    milestone = factories.MilestoneFactory(initiative__visibility=m.Initiative.Visibility.RESTRICTED)
    stakeholder = factories.UserFactory()
    _user, client = _staff("view_milestone", "change_milestone")
    url = _url(m.Milestone, "change", milestone.pk)

    opened = client.get(url)
    posted = client.post(
        url, {"title": "Re-owned", "owner": stakeholder.pk, "weight": 1, "due_date": milestone.due_date.isoformat()}
    )

    assert opened.status_code == 302  # the admin's "no such object" redirect
    assert posted.status_code == 302
    milestone.refresh_from_db()
    assert milestone.owner is None
    assert milestone.title != "Re-owned"
    assert not m.Activity.objects.exists()


def test_a_coordinator_cannot_make_a_stakeholder_own_a_restricted_milestone_in_the_admin(db):
    milestone = factories.MilestoneFactory(initiative__visibility=m.Initiative.Visibility.RESTRICTED)
    coordinator, client = _staff("view_milestone", "change_milestone")
    factories.MembershipFactory(
        user=coordinator, working_group=milestone.initiative.working_group, role=Membership.Role.COORDINATOR
    )
    stakeholder = factories.UserFactory()
    url = _url(m.Milestone, "change", milestone.pk)

    response = client.post(url, _form_data(client, url, owner=stakeholder.pk))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["owner"]
    milestone.refresh_from_db()
    assert milestone.owner is None
    assert not m.Activity.objects.exists()


def test_staff_cannot_make_themselves_superuser(db):
    user, client = _staff("view_user", "change_user")
    url = _url(User, "change", user.pk)
    data = _form_data(client, url, is_superuser="on", is_staff="on")

    client.post(url, data)

    user.refresh_from_db()
    assert user.is_superuser is False
    form = client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields


def test_staff_cannot_change_a_superusers_account(db):
    boss = factories.UserFactory(is_staff=True, is_superuser=True)
    _user, client = _staff("view_user", "change_user")

    response = client.post(_url(User, "change", boss.pk), {"username": "boss", "email": "x@example.org"})
    password = client.post(
        f"/admin/accounts/user/{boss.pk}/password/", {"password1": "Stolen-Pass-1234", "password2": "Stolen-Pass-1234"}
    )

    assert response.status_code == 403
    assert password.status_code == 403
    boss.refresh_from_db()
    assert boss.username != "boss"
    assert boss.check_password("correct horse battery staple")


# Superuser edits are recorded like any other --------------------------------------------------------


def test_a_superusers_edit_of_an_initiative_is_versioned_and_recorded(admin_user, admin_client):
    initiative = factories.InitiativeFactory(title="Currency swap expansion")
    url = _url(m.Initiative, "change", initiative.pk)

    response = admin_client.post(
        url,
        _form_data(
            admin_client, url, title="Currency swap line expansion", visibility=m.Initiative.Visibility.RESTRICTED
        ),
    )

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Currency swap line expansion"
    assert initiative.visibility == m.Initiative.Visibility.RESTRICTED
    assert initiative.version == 3
    verbs = list(m.Activity.objects.filter(initiative=initiative, actor=admin_user).values_list("verb", flat=True))
    assert sorted(verbs) == sorted([Verb.INITIATIVE_EDITED, Verb.INITIATIVE_VISIBILITY_CHANGED])


def test_re_dating_a_milestone_in_the_admin_is_a_re_plan(admin_user, admin_client):
    milestone = factories.MilestoneFactory()
    new_date = milestone.due_date + datetime.timedelta(days=21)
    url = _url(m.Milestone, "change", milestone.pk)

    response = admin_client.post(url, _form_data(admin_client, url, due_date=new_date.isoformat()))

    assert response.status_code == 302
    activity = m.Activity.objects.get(milestone=milestone)
    assert activity.verb == Verb.MILESTONE_REPLANNED
    assert activity.actor == admin_user
    assert activity.details["new_due_date"] == new_date.isoformat()


def test_an_initiative_created_in_the_admin_is_recorded_with_its_creator(admin_user, admin_client):
    group = factories.WorkingGroupFactory()
    today = timezone.localdate()

    url = _url(m.Initiative, "add")
    response = admin_client.post(
        url,
        _form_data(
            admin_client,
            url,
            **{
                "title": "Quantum technology MOU",
                "slug": "quantum-mou",
                "summary": "Joint research.",
                "description": "",
                "working_group": group.pk,
                "pillar": m.Pillar.SCIENCE_TECHNOLOGY,
                "status": m.Initiative.Status.PROPOSED,
                "lead_side": m.LeadSide.JOINT,
                "visibility": m.Initiative.Visibility.INTERNAL,
                "start_date": today.isoformat(),
                "target_date": (today + datetime.timedelta(days=365)).isoformat(),
            },
        ),
    )

    assert response.status_code == 302
    initiative = m.Initiative.objects.get(slug="quantum-mou")
    assert initiative.created_by == admin_user
    assert m.Activity.objects.filter(initiative=initiative, verb=Verb.INITIATIVE_CREATED, actor=admin_user).exists()


def test_an_admin_edit_over_a_newer_change_is_refused(admin_client):
    initiative = factories.InitiativeFactory(title="Pre-entry screening")
    url = _url(m.Initiative, "change", initiative.pk)
    data = _form_data(admin_client, url, title="Pre-entry screening pilot")
    m.Initiative.objects.filter(pk=initiative.pk).update(title="Pre-entry screening (K-ETA)", version=2)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    initiative.refresh_from_db()
    assert initiative.title == "Pre-entry screening (K-ETA)"
    assert not m.Activity.objects.exists()


def test_a_superuser_hides_a_comment_through_the_moderation_service(admin_user, admin_client):
    comment = factories.CommentFactory()
    url = _url(m.Comment, "change", comment.pk)

    response = admin_client.post(url, _form_data(admin_client, url, is_hidden="on"))

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.is_hidden, comment.hidden_by) == (True, admin_user)
    assert m.Activity.objects.filter(verb=Verb.COMMENT_HIDDEN, actor=admin_user).exists()

"""Domestic steps on the site: the two sides' columns on the initiative page, the add and edit forms, and a
milestone whose submission waits for its steps."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals.models import Activity, DomesticStep, Milestone
from tests import factories


@pytest.fixture
def jp_owner(world):
    owner = factories.UserFactory(username="owner.ito", country="JP", display_name="Ito Kenji")
    factories.InitiativeOwnerFactory(initiative=world.initiative, user=owner, side="JP")
    return owner


@pytest.fixture
def signing(world):
    return factories.MilestoneFactory(
        initiative=world.initiative, title="Sign the swap agreement", status=Milestone.Status.IN_PROGRESS
    )


def page(client, world):
    response = client.get(world.initiative.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_page_shows_both_sides_columns_and_what_each_side_waits_on(world, jp_owner, signing):
    factories.DomesticStepFactory(
        initiative=world.initiative, side="JP", kind="cabinet_decision", milestone=signing, title="Cabinet approval"
    )
    factories.DomesticStepFactory(
        initiative=world.initiative, side="JP", kind="legislative_consent", milestone=signing, status="in_progress"
    )
    factories.DomesticStepFactory(
        initiative=world.initiative,
        side="KR",
        kind="budget_appropriation",
        status="done",
        done_on=datetime.date(2026, 3, 2),
        owner=world.owner,
    )
    html = page(world.client(world.member), world)
    assert 'id="domestic-steps-KR"' in html and 'id="domestic-steps-JP"' in html
    korea = html.split('id="domestic-steps-KR"')[1].split('id="domestic-steps-JP"')[0]
    japan = html.split('id="domestic-steps-JP"')[1]
    assert "Budget appropriation" in korea and "Done" in korea and "Owner.Choi" in korea
    assert "Cabinet approval" in japan and "Legislative consent (Diet)" in japan
    assert "Korea is waiting on Japan: 2 open steps required before “Sign the swap agreement”" in html
    assert "Needs: 2 domestic steps" in html
    # A member sees the steps, not the forms.
    assert reverse("proposals:domestic-step-create", args=[world.initiative.slug]) not in html
    assert "/domestic-steps/" not in html.split("Domestic procedures")[1].split("Milestones")[0].replace(
        "domestic-steps-", ""
    )


def test_each_side_may_update_only_its_own_column(world, jp_owner):
    korean = factories.DomesticStepFactory(initiative=world.initiative, side="KR")
    japanese = factories.DomesticStepFactory(initiative=world.initiative, side="JP")
    html = page(world.client(jp_owner), world)
    assert reverse("proposals:domestic-step-edit", args=[japanese.pk]) in html
    assert reverse("proposals:domestic-step-edit", args=[korean.pk]) not in html
    response = world.client(jp_owner).get(reverse("proposals:domestic-step-edit", args=[korean.pk]))
    assert response.status_code == 403
    assert "Only Korea&#x27;s owners and coordinators update Korea&#x27;s domestic steps." in response.content.decode()


def test_add_form_defaults_to_the_users_side_and_adds_the_step(world, jp_owner, signing):
    client = world.client(jp_owner)
    url = reverse("proposals:domestic-step-create", args=[world.initiative.slug])
    form = client.get(url).content.decode()
    assert '<option value="JP" selected>Japan</option>' in form
    assert '<option value="KR"' not in form
    response = client.post(
        url,
        {
            "side": "JP",
            "kind": "cabinet_decision",
            "title": "Cabinet approval",
            "status": "planned",
            "due_on": "2026-12-01",
            "milestone": signing.pk,
            "owner": jp_owner.username,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#domestic-steps")
    step = DomesticStep.objects.get()
    assert (step.side, step.title, step.milestone, step.owner) == ("JP", "Cabinet approval", signing, jp_owner)


def test_add_form_for_the_other_side_is_refused_and_nothing_is_added(world, jp_owner):
    response = world.client(jp_owner).post(
        reverse("proposals:domestic-step-create", args=[world.initiative.slug]),
        {"side": "KR", "kind": "cabinet_decision", "status": "planned"},
    )
    assert response.status_code == 400
    assert not DomesticStep.objects.exists()


def test_members_get_no_add_form(world):
    response = world.client(world.member).get(reverse("proposals:domestic-step-create", args=[world.initiative.slug]))
    assert response.status_code == 403


def test_edit_marks_a_step_done_with_todays_date(world, jp_owner):
    step = factories.DomesticStepFactory(initiative=world.initiative, side="JP", kind="signature")
    response = world.client(world.other_coordinator).post(
        reverse("proposals:domestic-step-edit", args=[step.pk]),
        {"kind": "signature", "status": "done", "version": 1},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == "done" and step.done_on is not None and step.version == 2
    assert Activity.objects.filter(verb=Activity.Verb.DOMESTIC_STEP_UPDATED).count() == 1


def test_edit_with_a_future_date_done_is_redisplayed_with_the_error(world):
    step = factories.DomesticStepFactory(initiative=world.initiative, side="KR")
    response = world.client(world.owner).post(
        reverse("proposals:domestic-step-edit", args=[step.pk]),
        {"kind": "cabinet_decision", "status": "done", "done_on": "2999-01-01", "version": 1},
    )
    assert response.status_code == 400
    assert "A step cannot be done on a date still to come." in response.content.decode()
    step.refresh_from_db()
    assert step.status == "planned" and step.version == 1


def test_stale_edit_is_refused_with_the_stored_values(world):
    step = factories.DomesticStepFactory(initiative=world.initiative, side="KR", version=2)
    response = world.client(world.owner).post(
        reverse("proposals:domestic-step-edit", args=[step.pk]),
        {"kind": "cabinet_decision", "status": "in_progress", "version": 1},
    )
    assert response.status_code == 412
    step.refresh_from_db()
    assert step.status == "planned"


def test_unreadable_initiatives_steps_are_not_found(world):
    step = factories.DomesticStepFactory(initiative=world.restricted, side="KR")
    client = world.client(world.stakeholder)
    assert client.get(reverse("proposals:domestic-step-edit", args=[step.pk])).status_code == 404
    assert client.get(reverse("proposals:domestic-step-create", args=[world.restricted.slug])).status_code == 404


def test_submitting_a_blocked_milestone_shows_the_open_steps(world, signing):
    factories.DomesticStepFactory(initiative=world.initiative, side="JP", kind="cabinet_decision", milestone=signing)
    response = world.client(world.member).post(
        reverse("proposals:milestone-transition", args=[signing.pk, "submit"]), {"version": signing.version}
    )
    assert response.status_code == 400
    assert (
        "This milestone cannot be submitted until these domestic steps are done: Japan — Cabinet decision (planned)"
        in response.content.decode()
    )
    signing.refresh_from_db()
    assert signing.status == Milestone.Status.IN_PROGRESS


def test_initiative_page_query_count_does_not_grow_with_steps(world, jp_owner, django_assert_max_num_queries):
    client = world.client(jp_owner)
    url = world.initiative.get_absolute_url()

    def add(count):
        for index in range(count):
            milestone = factories.MilestoneFactory(initiative=world.initiative, status=Milestone.Status.IN_PROGRESS)
            owner = factories.UserFactory(username=f"step.owner{DomesticStep.objects.count()}")
            factories.DomesticStepFactory(
                initiative=world.initiative,
                side="KR" if index % 2 else "JP",
                milestone=milestone,
                owner=owner,
                kind="legislative_consent",
            )

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(20)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.content.decode().count('id="domestic-step-') == 22

"""Each side's assessment on the site: the initiative page's card, posting, history, the list and the flagged page."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals import services
from proposals.models import Assessment, Initiative
from tests import factories
from tests.twosided.moments import NOW, TODAY


def disagree(initiative, korean, japanese, days_ago):
    """Both sides rated the initiative differently ``days_ago`` days ago."""
    with time_machine.travel(NOW - datetime.timedelta(days=days_ago), tick=False):
        services.post_assessment(initiative=initiative, actor=korean, rating="on_track", rationale="On schedule.")
        services.post_assessment(initiative=initiative, actor=japanese, rating="at_risk", rationale="Diet delays.")


def page(client, user, initiative):
    client.force_login(user)
    return client.get(reverse("proposals:initiative-detail", args=[initiative.slug]))


# --- the initiative page --------------------------------------------------------------------------------


def test_page_shows_each_side_beside_the_computed_health(clock, client, world, japanese_owner):
    services.post_assessment(
        initiative=world.initiative,
        actor=world.owner,
        rating="at_risk",
        rationale="Cabinet slot moved.",
        confidence="high",
    )
    response = page(client, world.stakeholder, world.initiative)
    html = response.content.decode()
    assert response.status_code == 200
    card = html[html.index('id="assessments"') :]
    assert "Cabinet slot moved." in card
    assert 'data-side="KR"' in card and 'data-side="JP"' in card
    japan = card[card.index('data-side="JP"') :]
    assert "No assessment yet." in japan or "평가" in japan  # the stakeholder reads Korean; Japan has not assessed
    assert "Post " not in card  # a reader has no form


def test_owner_sees_the_form_for_their_side_and_posts(clock, client, world):
    response = page(client, world.owner, world.initiative)
    assert "Post Korea's assessment" in response.content.decode()
    response = client.post(
        reverse("proposals:assessment-create", args=[world.initiative.slug]),
        {"rating": "off_track", "rationale": "The budget was not appropriated.", "confidence": "medium"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#assessments")
    assessment = Assessment.objects.get()
    assert (assessment.side, assessment.rating, assessment.author) == ("KR", "off_track", world.owner)
    html = client.get(response["Location"]).content.decode()
    assert "The budget was not appropriated." in html


def test_bad_input_redisplays_the_form_and_changes_nothing(clock, client, world):
    client.force_login(world.owner)
    response = client.post(
        reverse("proposals:assessment-create", args=[world.initiative.slug]),
        {"rating": "on_track", "rationale": "Fine.", "next_update_on": "2026-10-01"},
    )
    assert response.status_code == 400
    assert "The next update cannot be in the past." in response.content.decode()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("role", ["member", "stakeholder"])
def test_members_and_readers_are_refused(clock, client, world, role):
    client.force_login(getattr(world, role))
    response = client.post(
        reverse("proposals:assessment-create", args=[world.initiative.slug]),
        {"rating": "on_track", "rationale": "Fine."},
    )
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_unreadable_initiative_is_not_found(clock, client, world):
    client.force_login(world.stakeholder)
    assert client.get(reverse("proposals:assessment-history", args=[world.restricted.slug])).status_code == 404


def test_page_flags_a_long_disagreement(clock, client, world, japanese_owner):
    disagree(world.initiative, world.owner, japanese_owner, days_ago=15)
    html = page(client, world.stakeholder, world.initiative).content.decode()
    assert "data-disagreement" in html
    assert "The sides disagree since" in html or "data-disagreement" in html


def test_page_flags_on_track_against_an_off_track_computed_health(clock, client, world):
    services.post_assessment(initiative=world.initiative, actor=world.owner, rating="on_track", rationale="Fine.")
    Initiative.objects.filter(pk=world.initiative.pk).update(
        health="off_track",
        health_milestone_title="Sign the swap",
        health_milestone_due=TODAY - datetime.timedelta(days=20),
        disagreement_since=TODAY - datetime.timedelta(days=16),
    )
    client.force_login(world.coordinator)
    html = client.get(reverse("proposals:initiative-detail", args=[world.initiative.slug])).content.decode()
    assert "Korea says on track while the computed health has been off track since" in html


def test_page_does_not_flag_a_fresh_disagreement(clock, client, world, japanese_owner):
    disagree(world.initiative, world.owner, japanese_owner, days_ago=13)
    assert "data-disagreement" not in page(client, world.stakeholder, world.initiative).content.decode()


def test_page_shows_an_overdue_side(clock, client, world):
    Initiative.objects.filter(pk=world.initiative.pk).update(jp_assessment_due=TODAY - datetime.timedelta(days=3))
    html = page(client, world.stakeholder, world.initiative).content.decode()
    card = html[html.index('data-side="JP"') :]
    assert "badge overdue" in card


def test_history_is_paginated_newest_first(clock, client, world):
    for n in range(22):
        factories.AssessmentFactory(initiative=world.initiative, rationale=f"Reading number {n}.")
    client.force_login(world.member)  # English: the stakeholder reads Korean
    url = reverse("proposals:assessment-history", args=[world.initiative.slug])
    first = client.get(url).content.decode()
    assert "22 assessments" in first
    assert "Reading number 21." in first and "Reading number 0." not in first
    assert "Reading number 0." in client.get(url + "?page=2").content.decode()


def test_history_query_count_does_not_grow(clock, client, world, django_assert_max_num_queries):
    client.force_login(world.stakeholder)
    url = reverse("proposals:assessment-history", args=[world.initiative.slug])
    for _ in range(3):
        factories.AssessmentFactory(initiative=world.initiative, author=factories.UserFactory())
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(30):
        factories.AssessmentFactory(initiative=world.initiative, author=factories.UserFactory())
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_initiative_page_query_count_does_not_grow_with_assessments(
    clock, client, world, japanese_owner, django_assert_max_num_queries
):
    client.force_login(world.owner)
    url = reverse("proposals:initiative-detail", args=[world.initiative.slug])
    factories.AssessmentFactory(initiative=world.initiative, author=world.owner)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        factories.AssessmentFactory(
            initiative=world.initiative, side="JP" if n % 2 else "KR", author=factories.UserFactory()
        )
    with django_assert_max_num_queries(len(few)):
        client.get(url)


# --- the list --------------------------------------------------------------------------------------------


def test_list_shows_what_each_side_says(clock, client, world, japanese_owner):
    disagree(world.initiative, world.owner, japanese_owner, days_ago=15)
    client.force_login(world.member)  # English: the stakeholder reads Korean
    html = client.get(reverse("proposals:initiative-list")).content.decode()
    row = html[html.index("Currency swap expansion") :]
    row = row[: row.index("</tr>")]
    assert 'data-side="KR"><span class="badge on_track">' in row
    assert 'data-side="JP"><span class="badge at_risk">' in row
    assert "Sides disagree" in row


def test_list_filters_flagged_disagreements(clock, client, world, japanese_owner):
    disagree(world.initiative, world.owner, japanese_owner, days_ago=15)
    other = factories.InitiativeFactory(working_group=world.group, title="Semiconductor supply")
    client.force_login(world.stakeholder)
    url = reverse("proposals:initiative-list")
    flagged = client.get(url, {"disagreement": "true"}).content.decode()
    assert "Currency swap expansion" in flagged and other.title not in flagged
    calm = client.get(url, {"disagreement": "false"}).content.decode()
    assert "Currency swap expansion" not in calm and other.title in calm


def test_list_filters_overdue_assessments(clock, client, world):
    Initiative.objects.filter(pk=world.initiative.pk).update(kr_assessment_due=TODAY - datetime.timedelta(days=1))
    Initiative.objects.exclude(pk=world.initiative.pk).update(
        kr_assessment_due=TODAY + datetime.timedelta(days=1), jp_assessment_due=TODAY
    )
    client.force_login(world.coordinator)
    html = client.get(reverse("proposals:initiative-list"), {"assessment_overdue": "true"}).content.decode()
    assert "Currency swap expansion" in html and "Whitelist restoration" not in html


def test_list_rejects_a_bad_filter_value(clock, client, world):
    client.force_login(world.stakeholder)
    assert client.get(reverse("proposals:initiative-list"), {"disagreement": "maybe"}).status_code == 400


def test_list_query_count_does_not_grow_with_assessed_rows(clock, client, world, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    url = reverse("proposals:initiative-list") + "?disagreement=false"

    def add(n):
        for _ in range(n):
            initiative = factories.InitiativeFactory(
                working_group=world.group, kr_rating="on_track", jp_rating="at_risk"
            )
            factories.InitiativeOwnerFactory(initiative=initiative, user=factories.UserFactory(), side="KR")

    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(few)):
        client.get(url)


# --- the flagged page --------------------------------------------------------------------------------------


def test_coordinator_sees_flagged_initiatives_only(clock, client, world, japanese_owner):
    disagree(world.initiative, world.owner, japanese_owner, days_ago=15)
    fresh = factories.InitiativeFactory(working_group=world.group, title="Hydrogen corridor")
    factories.InitiativeOwnerFactory(initiative=fresh, user=japanese_owner, side="JP")
    factories.InitiativeOwnerFactory(initiative=fresh, user=world.owner, side="KR")
    disagree(fresh, world.owner, japanese_owner, days_ago=5)
    client.force_login(world.coordinator)
    response = client.get(reverse("proposals:disagreements"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Currency swap expansion" in html and "Hydrogen corridor" not in html


def test_flagged_page_shows_only_what_the_reader_may_read(clock, client, world, japanese_owner):
    Initiative.objects.filter(pk=world.restricted.pk).update(
        kr_rating="on_track", jp_rating="off_track", disagreement_since=TODAY - datetime.timedelta(days=30)
    )
    outsider = factories.UserFactory(username="coord.elsewhere", country="JP")
    factories.MembershipFactory(user=outsider, working_group=world.other_group, role="coordinator")
    client.force_login(outsider)
    html = client.get(reverse("proposals:disagreements")).content.decode()
    assert "Whitelist restoration" not in html


@pytest.mark.parametrize("role", ["member", "owner", "stakeholder"])
def test_flagged_page_is_for_coordinators_and_admins(clock, client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(reverse("proposals:disagreements")).status_code == 403


def test_flagged_page_query_count_does_not_grow(clock, client, world, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    url = reverse("proposals:disagreements")

    def add(n):
        for _ in range(n):
            initiative = factories.InitiativeFactory(
                working_group=world.group,
                kr_rating="on_track",
                jp_rating="at_risk",
                disagreement_since=TODAY - datetime.timedelta(days=20),
            )
            factories.InitiativeOwnerFactory(initiative=initiative, user=factories.UserFactory(), side="KR")

    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert "Page 1 of 2" in response.content.decode()


def test_owner_changes_the_cadence_on_the_edit_form_and_the_due_dates_follow(clock, client, world):
    services.post_assessment(initiative=world.initiative, actor=world.owner, rating="on_track", rationale="Fine.")
    client.force_login(world.owner)
    url = reverse("proposals:initiative-edit", args=[world.initiative.slug])
    form = client.get(url).context["form"]
    assert form.initial["assessment_cadence"] == "monthly"
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"start_date": form.initial["start_date"].isoformat(), "assessment_cadence": "weekly"})
    data.pop("target_date", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    row = Initiative.objects.get(pk=world.initiative.pk)
    assert row.assessment_cadence == "weekly"
    assert row.kr_assessment_due == TODAY + datetime.timedelta(days=7)

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.errors import StaleEdit
from proposals import services
from proposals.models import Activity, Follow, Initiative, InitiativeOwner
from tests import factories


def test_coordinator_creates_an_initiative_with_owners_on_both_sides(world):
    initiative = services.create_initiative(
        actor=world.coordinator,
        working_group=world.group,
        title="Hydrogen cooperation",
        summary="Shared hydrogen supply chain.",
        pillar="economy",
        lead_side="joint",
        start_date=datetime.date(2026, 1, 1),
        target_date=datetime.date(2027, 12, 31),
        owners=[(world.member, "KR"), (world.submitter, "JP")],
    )
    assert initiative.slug == "hydrogen-cooperation"
    assert set(InitiativeOwner.objects.filter(initiative=initiative).values_list("side", flat=True)) == {"KR", "JP"}
    assert Follow.objects.filter(initiative=initiative, reason="owner").count() == 2
    assert list(Activity.objects.filter(initiative=initiative).order_by("pk").values_list("verb", flat=True)) == [
        "initiative.created",
        "initiative.owner_added",
        "initiative.owner_added",
    ]


def test_duplicate_titles_get_distinct_slugs(world):
    kwargs = dict(
        actor=world.coordinator,
        working_group=world.group,
        title="Quantum MOU",
        summary="s",
        pillar="science_technology",
    )
    assert services.create_initiative(**kwargs).slug == "quantum-mou"
    assert services.create_initiative(**kwargs).slug == "quantum-mou-2"


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"pillar": "sports"}, "pillar"),
        ({"lead_side": "CN"}, "lead_side"),
        ({"title": ""}, "title"),
        ({"start_date": datetime.date(2027, 1, 1), "target_date": datetime.date(2026, 1, 1)}, "target_date"),
    ],
)
def test_bad_initiative_input_is_a_field_error_and_writes_nothing(world, changes, field):
    base = dict(actor=world.coordinator, working_group=world.group, title="T", summary="s", pillar="economy")
    with pytest.raises(ValidationError) as error:
        services.create_initiative(**{**base, **changes})
    assert field in error.value.message_dict
    assert Initiative.objects.count() == 2 and not Activity.objects.exists()


def test_edit_records_old_and_new_and_bumps_the_version(world):
    initiative = services.edit_initiative(
        initiative=world.initiative, actor=world.owner, title="Swap to USD 30 bn", expected_version=1
    )
    assert initiative.version == 2
    details = Activity.objects.get(verb="initiative.edited").details
    assert details == {"changes": {"title": {"old": "Currency swap expansion", "new": "Swap to USD 30 bn"}}}


def test_stale_initiative_edit_changes_nothing(world):
    services.edit_initiative(initiative=world.initiative, actor=world.owner, summary="First", expected_version=1)
    with pytest.raises(StaleEdit):
        services.edit_initiative(
            initiative=world.initiative, actor=world.coordinator, summary="Second", expected_version=1
        )
    world.initiative.refresh_from_db()
    assert world.initiative.summary == "First"


def test_moving_the_start_after_a_milestone_is_refused(world):
    factories.MilestoneFactory(
        initiative=world.initiative,
        title="Early step",
        due_date=world.initiative.start_date + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        services.edit_initiative(
            initiative=world.initiative,
            actor=world.owner,
            start_date=world.initiative.start_date + datetime.timedelta(days=10),
        )
    assert "start_date" in error.value.message_dict


def test_status_change_records_old_and_new_and_refuses_unknown_status(world):
    services.change_initiative_status(initiative=world.initiative, actor=world.owner, status="on_hold")
    assert Activity.objects.get(verb="initiative.status_changed").details["old"] == "active"
    with pytest.raises(ValidationError) as error:
        services.change_initiative_status(initiative=world.initiative, actor=world.owner, status="finished")
    assert "status" in error.value.message_dict
    world.initiative.refresh_from_db()
    assert world.initiative.status == "on_hold"


def test_visibility_change_hides_it_from_stakeholders(world):
    from proposals import permissions

    services.change_initiative_visibility(initiative=world.initiative, actor=world.coordinator, visibility="restricted")
    world.initiative.refresh_from_db()
    assert not permissions.can(world.stakeholder, "view", world.initiative)


def test_owners_are_added_and_removed_but_never_the_last(world):
    services.add_owner(initiative=world.initiative, actor=world.coordinator, user=world.member, side="JP")
    with pytest.raises(ValidationError):
        services.add_owner(initiative=world.initiative, actor=world.coordinator, user=world.member, side="KR")
    with pytest.raises(ValidationError):
        services.add_owner(initiative=world.initiative, actor=world.coordinator, user=world.submitter, side="CN")
    services.remove_owner(initiative=world.initiative, actor=world.coordinator, user=world.owner)
    with pytest.raises(ValidationError):
        services.remove_owner(initiative=world.initiative, actor=world.coordinator, user=world.member)
    assert list(world.initiative.ownerships.values_list("user__username", "side")) == [("member.park", "JP")]


def test_activity_is_append_only(world):
    activity = services.record_activity(actor=world.member, verb="initiative.edited", initiative=world.initiative)
    with pytest.raises(TypeError):
        activity.save()
    with pytest.raises(TypeError):
        Activity.objects.all().delete()
    with pytest.raises(TypeError):
        Activity.objects.update(verb="comment.added")

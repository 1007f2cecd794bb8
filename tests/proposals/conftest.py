import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.models import Membership
from proposals.models import Initiative, Milestone
from tests import factories


@dataclass
class World:
    group: object
    other_group: object
    admin: object
    coordinator: object
    other_coordinator: object
    member: object
    submitter: object
    owner: object
    stakeholder: object
    initiative: object
    restricted: object

    def user(self, role: str):
        return getattr(self, role)


@pytest.fixture
def world(db) -> World:
    group = factories.WorkingGroupFactory(name="Economic Security", slug="economic-security")
    other_group = factories.WorkingGroupFactory(name="People & Mobility", slug="people-mobility")
    admin = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    coordinator = factories.UserFactory(username="coord.kim", country="KR")
    other_coordinator = factories.UserFactory(username="coord.sato", country="JP")
    member = factories.UserFactory(username="member.park", country="KR")
    submitter = factories.UserFactory(username="member.tanaka", country="JP")
    owner = factories.UserFactory(username="owner.choi", country="KR")
    stakeholder = factories.UserFactory(username="reader.lee", country="KR", language="ko")
    factories.MembershipFactory(user=coordinator, working_group=group, role=Membership.Role.COORDINATOR)
    factories.MembershipFactory(user=other_coordinator, working_group=group, role=Membership.Role.COORDINATOR)
    factories.MembershipFactory(user=member, working_group=group)
    factories.MembershipFactory(user=submitter, working_group=group)
    today = timezone.localdate()
    initiative = factories.InitiativeFactory(
        title="Currency swap expansion", slug="currency-swap", working_group=group,
        start_date=today - datetime.timedelta(days=60),
    )
    restricted = factories.InitiativeFactory(
        title="Whitelist restoration", slug="whitelist", working_group=group,
        visibility=Initiative.Visibility.RESTRICTED, start_date=today - datetime.timedelta(days=60),
    )
    for item in (initiative, restricted):
        factories.InitiativeOwnerFactory(initiative=item, user=owner, side="KR")
    return World(group, other_group, admin, coordinator, other_coordinator, member, submitter, owner, stakeholder,
                 initiative, restricted)


@pytest.fixture
def submitted_milestone(world):
    return factories.MilestoneFactory(
        initiative=world.initiative, title="Draft agreement", status=Milestone.Status.SUBMITTED,
        submitted_by=world.submitter, submitted_at=timezone.now(), owner=world.submitter,
    )

"""Fixtures for the whole suite: the shared `world` and the compiled catalogues.

The admin site's tests use pytest-django's own `admin_user` and `admin_client` (user "admin",
password "password"); the world's superuser, `world.admin`, is a different user.
"""

import datetime
import gettext as gettext_module
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import trans_real

from accounts.models import Membership, User, WorkingGroup
from proposals.models import Initiative, Milestone
from tests import factories

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.fixture(scope="session")
def catalogues():
    """Korean and Japanese messages compiled (``make test`` does it too; a bare pytest run may not have)."""
    for po in LOCALE.glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=False, capture_output=True)
    gettext_module._translations.clear()
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's default language: the language a page was served in stays active
    in the thread after the response, and would otherwise reach the next test's messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@dataclass
class World:
    """Who is who around the Economic Security group's two initiatives.

    - admin (admin.yoon): a superuser, in no group.
    - coordinator (coord.kim, KR) and other_coordinator (coord.sato, JP): the group's coordinators.
    - member (member.park, KR) and submitter (member.tanaka, JP): members of the group.
    - other_group_member (member.mori, JP): a member of People & Mobility only.
    - owner (owner.choi, KR): owns both initiatives without being in the group.
    - stakeholder (reader.lee, KR, Korean): signed in, in no group.
    - inactive (gone.member): a member of the group whose account is deactivated.
    - initiative: internal; restricted: restricted. Neither has milestones yet.
    """

    group: WorkingGroup
    other_group: WorkingGroup
    admin: User
    coordinator: User
    other_coordinator: User
    member: User
    submitter: User
    other_group_member: User
    owner: User
    stakeholder: User
    inactive: User
    initiative: Initiative
    restricted: Initiative

    def user(self, role: str) -> User:
        return getattr(self, role)

    def client(self, user: User) -> Client:
        """A new test client signed in as ``user``; two of them act as two browsers."""
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture
def world(db) -> World:
    group = factories.WorkingGroupFactory(name="Economic Security", slug="economic-security")
    other_group = factories.WorkingGroupFactory(name="People & Mobility", slug="people-mobility")
    user = factories.UserFactory
    admin = user(username="admin.yoon", is_staff=True, is_superuser=True)
    coordinator = user(username="coord.kim", country="KR")
    other_coordinator = user(username="coord.sato", country="JP")
    member = user(username="member.park", country="KR")
    submitter = user(username="member.tanaka", country="JP")
    other_group_member = user(username="member.mori", country="JP")
    owner = user(username="owner.choi", country="KR")
    stakeholder = user(username="reader.lee", country="KR", language="ko")
    inactive = user(username="gone.member", country="KR", is_active=False)
    for person, role in (
        (coordinator, Membership.Role.COORDINATOR),
        (other_coordinator, Membership.Role.COORDINATOR),
        (member, Membership.Role.MEMBER),
        (submitter, Membership.Role.MEMBER),
        (inactive, Membership.Role.MEMBER),
    ):
        factories.MembershipFactory(user=person, working_group=group, role=role)
    factories.MembershipFactory(user=other_group_member, working_group=other_group)
    start = timezone.localdate() - datetime.timedelta(days=60)
    initiative = factories.InitiativeFactory(
        title="Currency swap expansion",
        slug="currency-swap",
        working_group=group,
        start_date=start,
    )
    restricted = factories.InitiativeFactory(
        title="Whitelist restoration",
        slug="whitelist",
        working_group=group,
        start_date=start,
        visibility=Initiative.Visibility.RESTRICTED,
    )
    for item in (initiative, restricted):
        factories.InitiativeOwnerFactory(initiative=item, user=owner, side="KR")
    return World(
        group=group,
        other_group=other_group,
        admin=admin,
        coordinator=coordinator,
        other_coordinator=other_coordinator,
        member=member,
        submitter=submitter,
        other_group_member=other_group_member,
        owner=owner,
        stakeholder=stakeholder,
        inactive=inactive,
        initiative=initiative,
        restricted=restricted,
    )


@pytest.fixture
def submitted_milestone(world) -> Milestone:
    """A milestone of the internal initiative that a member submitted for review."""
    return factories.MilestoneFactory(
        initiative=world.initiative,
        title="Draft agreement",
        status=Milestone.Status.SUBMITTED,
        submitted_by=world.submitter,
        submitted_at=timezone.now(),
        owner=world.submitter,
    )

"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

The live server runs in a thread of this process on the transactional test database, so a test
can act in the browser and then read what changed through the ORM. Playwright's sync API keeps an
asyncio event loop running in the main thread, which makes Django refuse ORM calls there unless
DJANGO_ALLOW_ASYNC_UNSAFE is set; nothing here is actually async.
"""

import datetime
import os
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Page, expect  # noqa: E402

from accounts.models import Membership  # noqa: E402
from proposals.models import Initiative, Milestone  # noqa: E402
from tests import factories  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """The system Chromium (Playwright's own browsers cannot be downloaded here), plus the plugin's options."""
    args = [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS]
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": args}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Every page and context opens relative URLs against the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}


@dataclass
class World:
    group: object
    kr_coordinator: object
    jp_coordinator: object
    kr_member: object
    jp_member: object
    stakeholder: object
    initiative: object
    restricted: object
    approved: object
    in_progress: object
    submitted_by_member: object
    submitted_by_coordinator: object
    planned: object


@pytest.fixture
def world(transactional_db) -> World:
    """The demo world of the journeys, committed so the live server sees it.

    Progress of the internal initiative: 1 of 6 weight approved (17 %); approving the member's
    submission (weight 2) brings it to 3 of 6 (50 %).
    """
    group = factories.WorkingGroupFactory(name="Economic Security", slug="economic-security")
    kr_coordinator = factories.UserFactory(username="coord.kim", display_name="Kim Coordinator", country="KR")
    jp_coordinator = factories.UserFactory(username="coord.sato", display_name="Sato Coordinator", country="JP")
    kr_member = factories.UserFactory(username="member.park", display_name="Park Member", country="KR")
    jp_member = factories.UserFactory(username="member.tanaka", display_name="Tanaka Member", country="JP")
    stakeholder = factories.UserFactory(username="reader.lee", display_name="Lee Reader", country="KR", language="ko")
    factories.MembershipFactory(user=kr_coordinator, working_group=group, role=Membership.Role.COORDINATOR)
    factories.MembershipFactory(user=jp_coordinator, working_group=group, role=Membership.Role.COORDINATOR)
    factories.MembershipFactory(user=kr_member, working_group=group)
    factories.MembershipFactory(user=jp_member, working_group=group)

    today = timezone.localdate()
    initiative = factories.InitiativeFactory(
        title="Currency swap expansion", slug="currency-swap", working_group=group,
        summary="Expand the Korea–Japan currency swap line from USD 10 bn to over USD 30 bn.",
        start_date=today - datetime.timedelta(days=60),
    )
    restricted = factories.InitiativeFactory(
        title="Whitelist restoration", slug="whitelist", working_group=group,
        visibility=Initiative.Visibility.RESTRICTED, start_date=today - datetime.timedelta(days=60),
    )
    factories.InitiativeOwnerFactory(initiative=initiative, user=kr_member, side="KR")
    factories.InitiativeOwnerFactory(initiative=initiative, user=jp_member, side="JP")
    factories.InitiativeOwnerFactory(initiative=restricted, user=kr_coordinator, side="KR")

    def milestone(title, days, weight, status, owner=None, submitted_by=None):
        return factories.MilestoneFactory(
            initiative=initiative, title=title, due_date=today + datetime.timedelta(days=days), weight=weight,
            status=status, owner=owner, submitted_by=submitted_by,
            submitted_at=timezone.now() if submitted_by else None,
        )

    approved = milestone("Agree the negotiation mandate", -10, 1, Milestone.Status.APPROVED, owner=kr_member)
    in_progress = milestone("Draft the expanded swap terms", 20, 1, Milestone.Status.IN_PROGRESS, owner=kr_member)
    submitted_by_member = milestone("Central-bank legal review", 25, 2, Milestone.Status.SUBMITTED,
                                    owner=kr_member, submitted_by=kr_member)
    submitted_by_coordinator = milestone("Finance-ministry sign-off", 30, 1, Milestone.Status.SUBMITTED,
                                         owner=kr_coordinator, submitted_by=kr_coordinator)
    planned = milestone("First drawing under the new line", 120, 1, Milestone.Status.PLANNED, owner=jp_member)
    factories.MilestoneFactory(initiative=restricted, title="Restore Korea to the white list", status="planned")
    return World(group, kr_coordinator, jp_coordinator, kr_member, jp_member, stakeholder, initiative, restricted,
                 approved, in_progress, submitted_by_member, submitted_by_coordinator, planned)


def login(page: Page, username: str, password: str = "correct horse battery staple") -> None:
    """Sign in through the real form and wait for the dashboard."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("nav.main-nav")).to_be_visible()

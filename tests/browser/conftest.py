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

from playwright.sync_api import Page, expect

from proposals.models import Milestone
from tests import factories

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


@pytest.fixture
def world(transactional_db, world):
    """The shared world, committed so the live server sees it."""
    return world


@dataclass
class Journey:
    approved: Milestone
    in_progress: Milestone
    submitted_by_member: Milestone
    submitted_by_coordinator: Milestone
    planned: Milestone


@pytest.fixture
def journey(world) -> Journey:
    """The internal initiative's milestones in every state a journey starts from, and one on the restricted one.

    Progress of the internal initiative: 1 of 6 weight approved (17 %); approving the member's
    submission (weight 2) brings it to 3 of 6 (50 %).
    """
    today = timezone.localdate()

    def milestone(title, days, weight, status, owner=None, submitted_by=None):
        return factories.MilestoneFactory(
            initiative=world.initiative,
            title=title,
            due_date=today + datetime.timedelta(days=days),
            weight=weight,
            status=status,
            owner=owner,
            submitted_by=submitted_by,
            submitted_at=timezone.now() if submitted_by else None,
        )

    factories.MilestoneFactory(
        initiative=world.restricted, title="Restore Korea to the white list", status=Milestone.Status.PLANNED
    )
    return Journey(
        approved=milestone("Agree the negotiation mandate", -10, 1, Milestone.Status.APPROVED, owner=world.member),
        in_progress=milestone("Draft the expanded swap terms", 20, 1, Milestone.Status.IN_PROGRESS, owner=world.member),
        submitted_by_member=milestone(
            "Central-bank legal review",
            25,
            2,
            Milestone.Status.SUBMITTED,
            owner=world.member,
            submitted_by=world.member,
        ),
        submitted_by_coordinator=milestone(
            "Finance-ministry sign-off",
            30,
            1,
            Milestone.Status.SUBMITTED,
            owner=world.coordinator,
            submitted_by=world.coordinator,
        ),
        planned=milestone("First drawing under the new line", 120, 1, Milestone.Status.PLANNED, owner=world.submitter),
    )


def login(page: Page, username: str, password: str = "correct horse battery staple") -> None:
    """Sign in through the real form and wait for the dashboard."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("nav.main-nav")).to_be_visible()


# The embedded Celery worker, for journeys whose outcome a task delivers (tests/celery/conftest.py).
from tests.celery.conftest import tracker_worker as tracker_worker  # noqa: E402

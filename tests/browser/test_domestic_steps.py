"""Domestic steps in Chromium: a member cannot submit a milestone that waits for Japan's cabinet decision, Japan's
coordinator marks the step done, and the submission then goes through."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from proposals.models import DomesticStep, Milestone
from tests import factories

from .conftest import login

pytestmark = pytest.mark.browser


def _(text: str) -> str:
    with translation.override("en"):
        return gettext(text)


def test_member_submits_once_japans_coordinator_has_marked_the_blocking_step_done(page, browser, world):
    signing = factories.MilestoneFactory(
        initiative=world.initiative, title="Sign the swap agreement", status=Milestone.Status.IN_PROGRESS
    )
    step = factories.DomesticStepFactory(
        initiative=world.initiative,
        side="JP",
        kind="cabinet_decision",
        title="Cabinet approval of the swap",
        milestone=signing,
    )

    login(page, "member.park")
    page.goto(f"/initiatives/{world.initiative.slug}/")
    card = page.locator("#domestic-steps")
    expect(card.locator("#domestic-steps-JP")).to_contain_text("Cabinet approval of the swap")
    expect(card).to_contain_text("Korea is waiting on Japan: 1 open step required before “Sign the swap agreement”")
    expect(page.locator(f"#milestone-{signing.pk}")).to_contain_text("Needs: 1 domestic step")
    page.locator(f"#milestone-{signing.pk} a[href$='/submit/']").click()
    page.locator("main form.card button[type=submit]").click()
    expect(page.locator("main form.card .errorlist")).to_contain_text(
        "This milestone cannot be submitted until these domestic steps are done: "
        "Japan — Cabinet approval of the swap (planned)"
    )
    signing.refresh_from_db()
    assert signing.status == Milestone.Status.IN_PROGRESS

    coordinator = browser.new_context(base_url=page.url.split("/initiatives/")[0], locale="en-GB")
    other = coordinator.new_page()
    login(other, "coord.sato")
    other.goto(f"/initiatives/{world.initiative.slug}/")
    other.locator("#domestic-steps-JP").get_by_role("link", name="Update “Cabinet approval of the swap”").click()
    other.locator("main form.card [name=status]").select_option("done")
    other.locator("main form.card button[type=submit]").click()
    expect(other.locator(".messages")).to_contain_text(_("The domestic step is saved."))
    expect(other.locator("#domestic-steps-JP")).to_contain_text(_("Done"))
    expect(other.locator("#domestic-steps")).not_to_contain_text("is waiting on")
    coordinator.close()
    step.refresh_from_db()
    assert step.status == DomesticStep.Status.DONE and step.done_on is not None

    page.goto(f"/initiatives/{world.initiative.slug}/")
    expect(page.locator(f"#milestone-{signing.pk}")).not_to_contain_text("Needs:")
    page.locator(f"#milestone-{signing.pk} a[href$='/submit/']").click()
    page.locator("main form.card button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(_("The milestone is submitted for review."))
    signing.refresh_from_db()
    assert signing.status == Milestone.Status.SUBMITTED and signing.submitted_by == world.member

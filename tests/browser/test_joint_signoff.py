"""Journey: a Korean and a Japanese coordinator sign a joint milestone in turn; the second signature approves it."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from proposals.models import Activity, Milestone, MilestoneSignoff
from tests import factories

from .conftest import login


def test_korea_signs_then_japan_signs_and_the_milestone_is_approved(page, world):
    milestone = factories.MilestoneFactory(
        initiative=world.initiative,
        title="Agree the step-up schedule",
        is_joint=True,
        status=Milestone.Status.SUBMITTED,
        submitted_by=world.submitter,
        submitted_at=timezone.now(),
    )
    row = page.locator(f"#milestone-{milestone.pk}")

    login(page, "coord.kim")
    page.goto(f"/initiatives/{world.initiative.slug}/")
    expect(row.locator(".badge.joint")).to_have_text("Joint")
    expect(row).to_contain_text("Korea sign-off pending")
    row.get_by_role("link", name="Approve").click()
    page.locator("textarea[name=note]").fill("The Bank of Korea accepts the schedule.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages .message.success")).to_contain_text("The other side's sign-off is pending.")
    page.goto(f"/initiatives/{world.initiative.slug}/")
    expect(row.locator(".joint-signoffs")).to_contain_text("Signed by Korea on")
    expect(row.locator(".joint-signoffs")).to_contain_text("Japan sign-off pending")
    expect(row.locator(".badge.submitted")).to_be_visible()
    expect(row.get_by_role("link", name="Approve")).to_have_count(0)  # Korea has signed

    page.context.clear_cookies()
    login(page, "coord.sato")
    page.goto("/review/")
    page.wait_for_function("() => window.htmx !== undefined")
    item = page.locator(f"#milestone-{milestone.pk}")
    expect(item).to_contain_text("Joint: waiting for your side")
    expect(item).to_contain_text("Signed by Korea on")
    item.locator("textarea[name=note]").fill("The Bank of Japan agrees.")
    with page.expect_response(lambda r: r.url.endswith(f"/milestones/{milestone.pk}/approve/")) as answer:
        item.locator("button.button:not(.secondary)").click()
    assert answer.value.status == 200
    expect(page.locator(f"#milestone-{milestone.pk} .message.success")).to_have_text("The milestone is approved.")

    page.goto(f"/initiatives/{world.initiative.slug}/")
    expect(row.locator(".badge.approved")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/initiatives/{world.initiative.slug}/$"))

    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.APPROVED and milestone.decided_by == world.other_coordinator
    assert dict(MilestoneSignoff.objects.filter(milestone=milestone).values_list("side", "signed_by__username")) == {
        "KR": "coord.kim",
        "JP": "coord.sato",
    }
    assert Activity.objects.filter(milestone=milestone, verb="milestone.approved").count() == 1

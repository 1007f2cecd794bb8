"""The pages work under the Content-Security-Policy in a real browser, and the browser reports no violation.

Chromium reports each refused script or style twice: a `securitypolicyviolation` event in the page and
a console error. The test records both from before the first page loads.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests import factories

from .conftest import login

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile);
});
"""


def watch_for_violations(page: Page) -> list[str]:
    """Console messages about the CSP or the Permissions-Policy, from now on; the page's own list is read later."""
    messages: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            messages.append(message.text)
            if any(
                words in message.text
                for words in ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")
            )
            else None
        ),
    )
    return messages


def violations(page: Page, console: list[str]) -> list[str]:
    return [*console, *page.evaluate("() => window.cspViolations")]


@pytest.fixture
def charted(world):
    """An indicator with readings on the initiative page, so Chart.js has something to draw."""
    indicator = factories.IndicatorFactory(initiative=world.initiative, name="Swap line", unit="USD bn")
    for days, value in ((90, 10), (60, 14), (30, 21), (3, 26)):
        factories.IndicatorReadingFactory(
            indicator=indicator, date=timezone.localdate() - datetime.timedelta(days), value=value
        )
    return indicator


def test_initiative_page_draws_its_chart_follows_and_previews_without_a_csp_violation(page, world, charted, journey):
    console = watch_for_violations(page)
    login(page, "member.park")
    page.goto(f"/initiatives/{world.initiative.slug}/")

    # Chart.js drew: it sizes the canvas through the CSSOM, which the policy allows.
    page.wait_for_function(
        "id => window.Chart && Chart.getChart(document.getElementById('indicator-chart-' + id)) !== undefined",
        arg=charted.pk,
    )
    box = page.locator(f"#indicator-chart-{charted.pk}").bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100

    # The progress bar is a <progress> element, drawn without an inline width.
    expect(page.locator("#health-h + .progress progress")).to_be_visible()

    # htmx works: following swaps the button in place.
    page.wait_for_function("() => window.htmx !== undefined")
    follow_form = page.locator("form.follow-form").first
    label_before = follow_form.locator("button").inner_text()
    with page.expect_response(lambda r: r.url.endswith("/follow/")) as answer:
        follow_form.locator("button").click()
    assert answer.value.status == 200
    expect(page.locator("form.follow-form").first.locator("button")).not_to_have_text(label_before)

    # The comment preview (htmx) renders into the page.
    page.locator("#comment-form [name=body]").fill("**Preview** under the policy")
    page.locator("#comment-form button[hx-post]").click()
    expect(page.locator("#comment-preview strong")).to_have_text("Preview")

    assert violations(page, console) == []


def test_main_pages_of_a_coordinator_report_no_csp_violation(page, world, charted, journey):
    console = watch_for_violations(page)
    login(page, "coord.kim")
    for url in (
        "/",
        "/initiatives/",
        f"/initiatives/{world.initiative.slug}/",
        "/review/",
        "/groups/",
        f"/groups/{world.group.slug}/",
        "/digests/",
        "/me/settings/",
        f"/initiatives/{world.initiative.slug}/edit/",
        "/api/docs/",
    ):
        page.goto(url)
        page.wait_for_load_state("load")
        assert violations(page, console) == [], url

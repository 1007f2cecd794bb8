"""Browser journey: a Korean owner posts their side's assessment; the page shows it beside Japan's and the flag."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from proposals import services
from proposals.models import Assessment, Initiative
from tests import factories

from .conftest import login

pytestmark = pytest.mark.browser


def test_owner_posts_an_assessment_and_the_page_flags_the_disagreement(page, world):
    japanese = factories.UserFactory(username="owner.ito", country="JP")
    factories.InitiativeOwnerFactory(initiative=world.initiative, user=japanese, side="JP")
    services.post_assessment(
        initiative=world.initiative, actor=japanese, rating="at_risk", rationale="The Diet has not voted the budget."
    )
    login(page, "owner.choi")
    page.goto(f"/initiatives/{world.initiative.slug}/")
    card = page.locator("#assessments")
    expect(card.locator("[data-side=JP] .badge.at_risk")).to_be_visible()
    expect(card.locator("[data-side=JP]")).to_contain_text("The Diet has not voted the budget.")
    expect(card.locator("[data-side=KR]")).to_contain_text("No assessment yet.")

    card.locator("summary", has_text="Post Korea's assessment").click()
    card.locator("[name=rating]").select_option("on_track")
    card.locator("[name=rationale]").fill("The Bank of Korea board approved the enlarged line.")
    card.locator("[name=confidence]").select_option("high")
    card.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Your side's assessment is posted.")
    card = page.locator("#assessments")
    expect(card.locator("[data-side=KR] .badge.on_track")).to_be_visible()
    expect(card.locator("[data-side=KR]")).to_contain_text("The Bank of Korea board approved the enlarged line.")
    expect(card.locator("[data-disagreement]")).to_have_count(0)  # a disagreement of today is not flagged yet

    assessment = Assessment.objects.get(initiative=world.initiative, side="KR")
    assert (assessment.rating, assessment.confidence, assessment.author) == ("on_track", "high", world.owner)
    initiative = Initiative.objects.get(pk=world.initiative.pk)
    assert initiative.disagreement_since is not None  # the two sides differ from today

    # Three weeks on, the same disagreement is flagged on the page, and the history page lists both sides.
    started = timezone.localdate() - datetime.timedelta(days=21)
    Initiative.objects.filter(pk=world.initiative.pk).update(disagreement_since=started)
    page.reload()
    expect(page.locator("#assessments [data-disagreement]")).to_contain_text("The sides disagree since")
    page.locator("#assessments a", has_text="All assessments").click()
    expect(page.locator("main table tbody tr")).to_have_count(2)

    # On a phone the two sides stack and nothing overflows the page.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/initiatives/{world.initiative.slug}/")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    kr = page.locator("#assessments [data-side=KR]").bounding_box()
    jp = page.locator("#assessments [data-side=JP]").bounding_box()
    assert kr is not None and jp is not None and jp["y"] > kr["y"]

"""What needs a browser among the walk-through's fixes: layout on a phone, line breaking, the pickers, links."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from proposals import services
from tests.browser.conftest import login


def test_on_a_phone_the_initiative_summary_comes_before_the_content(page, world, journey):
    login(page, "member.park")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"/initiatives/{world.initiative.slug}/")
    summary = page.locator(".detail-summary").bounding_box()
    content = page.locator(".detail-main").bounding_box()
    discussion = page.locator("#comments").bounding_box()
    assert summary and content and discussion
    assert summary["y"] < content["y"] < discussion["y"]
    expect(page.locator(".detail-summary")).to_contain_text("Draft the expanded swap terms")  # the next milestone

    page.set_viewport_size({"width": 1280, "height": 900})
    summary, content = page.locator(".detail-summary").bounding_box(), page.locator(".detail-main").bounding_box()
    assert summary and content and summary["x"] > content["x"] and abs(summary["y"] - content["y"]) < 5


@pytest.mark.parametrize(
    ("language", "rule", "value"), [("ko", "word-break", "keep-all"), ("ja", "line-break", "strict")]
)
def test_korean_keeps_words_whole_and_japanese_breaks_strictly(page, world, language, rule, value):
    world.member.language = language
    world.member.save()
    login(page, "member.park")
    assert page.locator("html").get_attribute("lang") == language
    assert page.evaluate(f"() => getComputedStyle(document.querySelector('main')).getPropertyValue('{rule}')") == value


def test_the_time_zone_picker_offers_the_programmes_zones_first_and_saves(page, world):
    login(page, "member.park")
    page.goto("/me/settings/")
    select = page.locator("select[name=time_zone]")
    first_group = select.locator("optgroup").first
    expect(first_group).to_have_attribute("label", "Korea, Japan and partners")
    expect(first_group.locator("option").first).to_have_text("Seoul (UTC+09:00)")
    assert select.locator("option[value=Zulu]").count() == 0
    select.select_option("Asia/Tokyo")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".messages")).to_be_visible()
    assert User.objects.get(pk=world.member.pk).time_zone == "Asia/Tokyo"


def test_a_mention_links_to_the_persons_page(page, world):
    services.add_comment(initiative=world.initiative, actor=world.coordinator, body="@member.park, the draft please.")
    login(page, "reader.lee")
    page.goto(f"/initiatives/{world.initiative.slug}/")
    page.locator("a.mention", has_text="@member.park").click()
    expect(page.locator("main h1")).to_have_text(world.member.name)
    expect(page.locator("main")).to_contain_text(world.group.name)

"""Content in three languages, in Chromium: a Japanese reader of a Korean-authored initiative, and what they
see when the Korean original changes."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from proposals.models import Initiative, InitiativeTranslation
from tests import factories

from .conftest import login

pytestmark = pytest.mark.browser


@pytest.fixture
def korean_initiative(world):
    """The currency swap initiative written in Korean, with a Japanese translation; a Japanese reader."""
    Initiative.objects.filter(pk=world.initiative.pk).update(
        original_language="ko", title="통화스와프 확대", summary="한일 통화스와프를 확대한다."
    )
    factories.InitiativeTranslationFactory(
        initiative=Initiative.objects.get(pk=world.initiative.pk),
        language="ja",
        translated_from="ko",
        title="通貨スワップの拡大",
        summary="日韓通貨スワップを拡大する。",
    )
    User.objects.filter(pk=world.owner.pk).update(language="ko")
    factories.UserFactory(username="reader.sato", language="ja", country="JP")
    return world.initiative


def test_japanese_reader_sees_the_japanese_title_then_the_out_of_date_badge(new_context, world, korean_initiative):
    reader = new_context().new_page()
    login(reader, "reader.sato")
    reader.goto(f"/initiatives/{korean_initiative.slug}/")
    expect(reader.locator("h1")).to_have_text("通貨スワップの拡大")
    expect(reader.locator(".translation-badge").first).to_be_visible()
    expect(reader.locator(".translation-outdated")).to_have_count(0)

    editor = new_context().new_page()
    login(editor, "owner.choi")
    editor.goto(f"/initiatives/{korean_initiative.slug}/edit/")
    editor.locator("#id_summary").fill("한일 통화스와프를 300억 달러 이상으로 확대한다.")
    editor.locator("main form button[type=submit]").click()
    expect(editor.locator("h1")).to_have_text("통화스와프 확대")

    reader.reload()
    expect(reader.locator("h1")).to_have_text("通貨スワップの拡大")
    expect(reader.locator(".translation-outdated").first).to_be_visible()
    assert InitiativeTranslation.objects.get(language="ja").is_outdated

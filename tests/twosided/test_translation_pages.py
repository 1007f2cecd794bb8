"""Translations on the site: the reader's language on the initiative page and list, the translations page,
the edit form with the glossary beside it, confirmation, and the translations to review."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import InitiativeTranslation
from tests import factories


@pytest.fixture
def swap(world):
    """The currency swap initiative, written in Korean, with a Japanese translation."""
    initiative = world.initiative
    initiative.original_language = "ko"
    initiative.title = "통화스와프 확대"
    initiative.summary = "한일 통화스와프를 확대한다."
    initiative.save()
    factories.InitiativeTranslationFactory(
        initiative=initiative, language="ja", title="通貨スワップの拡大", summary="日韓通貨スワップを拡大する。"
    )
    return initiative


def reader(language, country="JP", username=None):
    return factories.UserFactory(username=username or f"reader.{language}", language=language, country=country)


def test_japanese_reader_sees_the_japanese_title_with_translated_badge(world, swap):
    page = world.client(reader("ja")).get(swap.get_absolute_url()).content.decode()
    assert "通貨スワップの拡大" in page
    assert "日韓通貨スワップを拡大する。" in page
    assert "translation-badge" in page


def test_korean_reader_sees_the_korean_original_without_badge(world, swap):
    page = world.client(reader("ko", "KR")).get(swap.get_absolute_url()).content.decode()
    assert "<h1" in page and "통화스와프 확대" in page
    assert "translation-badge" not in page and "original-language" not in page


def test_english_reader_without_a_translation_sees_the_original_with_its_language(world, swap):
    page = world.client(reader("en", "other")).get(swap.get_absolute_url()).content.decode()
    assert "통화스와프 확대" in page
    assert "original-language" in page


def test_korean_reader_sees_a_translated_english_initiative(world):
    factories.InitiativeTranslationFactory(initiative=world.initiative, language="ko", title="통화스와프 확대")
    page = world.client(world.stakeholder).get(world.initiative.get_absolute_url()).content.decode()
    assert "통화스와프 확대" in page and "translation-badge" in page


def test_out_of_date_badge_after_the_original_changes(world, swap):
    services.edit_initiative(initiative=swap, actor=world.owner, title="통화스와프 대폭 확대")
    page = world.client(reader("ja")).get(swap.get_absolute_url()).content.decode()
    assert "通貨スワップの拡大" in page
    assert "translation-outdated" in page


def test_list_shows_titles_in_the_readers_language(world, swap):
    page = world.client(reader("ja")).get(reverse("proposals:initiative-list")).content.decode()
    assert "通貨スワップの拡大" in page


def test_milestone_title_in_the_readers_language(world, swap):
    milestone = factories.MilestoneFactory(initiative=swap, title="각서 서명")
    factories.MilestoneTranslationFactory(milestone=milestone, language="ja", title="覚書の署名")
    page = world.client(reader("ja")).get(swap.get_absolute_url()).content.decode()
    assert "覚書の署名" in page


def test_list_query_count_does_not_grow_with_translations(world, django_assert_max_num_queries):
    client = world.client(reader("ja"))
    url = reverse("proposals:initiative-list")

    def add(n):
        for _ in range(n):
            initiative = factories.InitiativeFactory(working_group=world.group)
            factories.InitiativeTranslationFactory(initiative=initiative, language="ja")

    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(10)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


# --- translating -------------------------------------------------------------------------------


def test_member_saves_a_translation_from_the_form(world, swap):
    client = world.client(world.member)
    url = reverse("proposals:translation-edit", args=[swap.slug, "en"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Currency swap expansion", "summary": "Expand the swap.", "version": "0"})
    assert response.status_code == 302
    assert InitiativeTranslation.objects.get(initiative=swap, language="en").title == "Currency swap expansion"


def test_translation_in_the_original_language_has_no_form(world, swap):
    assert (
        world.client(world.member).get(reverse("proposals:translation-edit", args=[swap.slug, "ko"])).status_code == 404
    )


def test_bad_input_redisplays_the_form(world, swap):
    url = reverse("proposals:translation-edit", args=[swap.slug, "en"])
    response = world.client(world.member).post(url, {"title": "", "summary": "x", "version": "0"})
    assert response.status_code == 400
    assert not InitiativeTranslation.objects.filter(language="en").exists()


def test_stale_save_is_412_and_keeps_the_other_text(world, swap):
    url = reverse("proposals:translation-edit", args=[swap.slug, "ja"])
    response = world.client(world.member).post(url, {"title": "古い", "summary": "古い", "version": "0"})
    assert response.status_code == 412
    assert InitiativeTranslation.objects.get(language="ja").title == "通貨スワップの拡大"


def test_stakeholder_may_not_open_the_form(world, swap):
    url = reverse("proposals:translation-edit", args=[swap.slug, "en"])
    assert world.client(world.stakeholder).get(url).status_code == 403


def test_confirming_from_the_translations_page(world, swap):
    services.edit_initiative(initiative=swap, actor=world.owner, summary="확대 폭을 두 배로.")
    row = InitiativeTranslation.objects.get(language="ja")
    client = world.client(world.submitter)
    page = client.get(reverse("proposals:initiative-translations", args=[swap.slug])).content.decode()
    assert "translation-outdated" in page
    response = client.post(
        reverse("proposals:translation-confirm", args=[swap.slug, "ja"]), {"version": str(row.version)}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert not row.is_outdated


def test_stale_confirmation_is_412(world, swap):
    row = InitiativeTranslation.objects.get(language="ja")
    services.edit_initiative(initiative=swap, actor=world.owner, summary="확대 폭을 두 배로.")
    response = world.client(world.submitter).post(
        reverse("proposals:translation-confirm", args=[swap.slug, "ja"]), {"version": str(row.version)}
    )
    assert response.status_code == 412


def test_edit_form_marks_glossary_terms_and_escapes_html(world, swap):
    factories.GlossaryTermFactory(en="currency swap", ko="통화스와프", ja="通貨スワップ")
    factories.GlossaryTermFactory(en="<b>bold</b> term", ko="<script>alert(1)</script>", ja="<i>太字</i>")
    swap.description = "통화스와프 와 <script>alert(1)</script> 를 다룬다."
    swap.save()
    page = (
        world.client(world.member).get(reverse("proposals:translation-edit", args=[swap.slug, "ja"])).content.decode()
    )
    assert "<mark>통화스와프</mark>" in page
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in page
    assert "<script>alert(1)</script>" not in page
    assert "通貨スワップ" in page and "&lt;i&gt;太字&lt;/i&gt;" in page


def test_milestone_translation_from_the_form(world, swap):
    milestone = factories.MilestoneFactory(initiative=swap, title="각서 서명")
    url = reverse("proposals:milestone-translation-edit", args=[swap.slug, milestone.pk, "ja"])
    response = world.client(world.member).post(url, {"title": "覚書の署名", "version": "0"})
    assert response.status_code == 302
    assert milestone.translations.get().title == "覚書の署名"


# --- translations to review --------------------------------------------------------------------


def test_review_list_shows_out_of_date_and_missing_translations_in_my_language(world, swap):
    services.edit_initiative(initiative=swap, actor=world.owner, title="통화스와프 대폭 확대")
    client = world.client(world.submitter)  # a Japanese member of the group
    page = client.get(reverse("proposals:translations-review")).content.decode()
    assert "통화스와프 대폭 확대" in page and "translation-outdated" in page
    assert "Whitelist restoration" in page  # no Japanese version yet


def test_review_list_leaves_out_groups_i_am_not_in(world, swap):
    services.edit_initiative(initiative=swap, actor=world.owner, title="통화스와프 대폭 확대")
    page = world.client(world.other_group_member).get(reverse("proposals:translations-review")).content.decode()
    assert "통화스와프 대폭 확대" not in page


def test_review_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = world.client(world.submitter)
    url = reverse("proposals:translations-review")

    def add(n):
        for _ in range(n):
            initiative = factories.InitiativeFactory(working_group=world.group)
            factories.InitiativeTranslationFactory(initiative=initiative, language="ja", outdated_since=timezone.now())

    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(25)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_dashboard_links_to_the_review_list_when_something_is_out_of_date(world, swap):
    client = world.client(world.submitter)
    url = reverse("proposals:translations-review")
    assert url not in client.get(reverse("proposals:dashboard")).content.decode()
    services.edit_initiative(initiative=swap, actor=world.owner, title="통화스와프 대폭 확대")
    assert url in client.get(reverse("proposals:dashboard")).content.decode()


def test_outdated_count_is_one_query(world, swap, django_assert_num_queries):
    from proposals import translations

    world.submitter.refresh_from_db()
    with django_assert_num_queries(2):  # the memberships (once per user) and the count
        assert translations.outdated_count(world.submitter) == 0


def test_every_page_naming_the_initiative_shows_the_readers_language(world, swap):
    """Lists, back links, the settings page and the status report all name it in Japanese for a Japanese reader."""
    japanese = world.other_coordinator  # a coordinator of the group (Japan), who follows the initiative
    japanese.language = "ja"
    japanese.save()
    factories.FollowFactory(user=japanese, initiative=swap)
    milestone = factories.MilestoneFactory(initiative=swap, title="중앙은행 서한", status="in_progress")
    factories.MilestoneTranslationFactory(milestone=milestone, language="ja", title="中央銀行の書簡")
    services.submit_milestone(milestone=milestone, actor=world.member)
    swap.__class__.objects.filter(pk=swap.pk).update(
        kr_rating="on_track", jp_rating="at_risk", disagreement_since=timezone.localdate().replace(year=2000)
    )
    swap.__class__.objects.filter(pk=swap.pk).update(is_public=True)
    client = world.client(japanese)
    pages = {
        "dashboard": reverse("proposals:dashboard"),
        "group": reverse("proposals:group-detail", args=[world.group.slug]),
        "disagreements": reverse("proposals:disagreements"),
        "owners": reverse("proposals:initiative-owners", args=[swap.slug]),
        "assessments": reverse("proposals:assessment-history", args=[swap.slug]),
        "settings": reverse("accounts:settings"),
        "report": reverse("proposals:status-report"),
        "open data": reverse("open-data:list"),
    }
    for name, url in pages.items():
        page = client.get(url).content.decode()
        assert "通貨スワップの拡大" in page, name
        assert "통화스와프 확대" not in page, name
    dashboard = client.get(pages["dashboard"]).content.decode()
    assert "中央銀行の書簡" in dashboard and "중앙은행 서한" not in dashboard
    report = client.get(pages["report"]).content.decode()
    assert "中央銀行の書簡" in report

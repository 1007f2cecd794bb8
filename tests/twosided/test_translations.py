"""Content in three languages: saving, confirming and outdating translations; what each reader sees."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.errors import StaleEdit
from proposals import services, translations
from proposals.models import Activity, InitiativeTranslation, MilestoneTranslation
from tests import factories

NOW = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def korean_initiative(world):
    initiative = world.initiative
    initiative.original_language = "ko"
    initiative.title = "통화스와프 확대"
    initiative.summary = "한일 통화스와프를 확대한다."
    initiative.save()
    return initiative


def test_translation_is_saved_up_to_date_with_its_activity(world, korean_initiative):
    row = services.save_translation(
        initiative=korean_initiative,
        actor=world.member,
        language="ja",
        title="通貨スワップの拡大",
        summary="日韓通貨スワップを拡大する。",
        description="**二国間**の枠組み",
        expected_version=0,
    )
    assert (row.translated_from, row.is_outdated, row.updated_by, row.version) == ("ko", False, world.member, 1)
    assert "<strong>" in row.description_html
    activity = Activity.objects.get(verb=Activity.Verb.TRANSLATION_UPDATED)
    assert activity.details["language"] == "ja" and activity.details["what"] == "initiative"


def test_translation_in_the_original_language_is_refused(world, korean_initiative):
    with pytest.raises(ValidationError) as error:
        services.save_translation(
            initiative=korean_initiative, actor=world.member, language="ko", title="다른 제목", summary="요약"
        )
    assert "language" in error.value.message_dict
    assert not InitiativeTranslation.objects.exists()


def test_milestone_translation_in_its_initiatives_original_language_is_refused(world, korean_initiative):
    milestone = factories.MilestoneFactory(initiative=korean_initiative, title="각서 서명")
    with pytest.raises(ValidationError) as error:
        services.save_milestone_translation(milestone=milestone, actor=world.member, language="ko", title="서명")
    assert "language" in error.value.message_dict


def test_empty_title_is_a_field_error(world, korean_initiative):
    with pytest.raises(ValidationError) as error:
        services.save_translation(
            initiative=korean_initiative, actor=world.member, language="en", title=" ", summary=""
        )
    assert "title" in error.value.message_dict


def test_editing_the_original_marks_translations_out_of_date(world, korean_initiative):
    ja = factories.InitiativeTranslationFactory(initiative=korean_initiative, language="ja", title="通貨スワップ")
    en = factories.InitiativeTranslationFactory(initiative=korean_initiative, language="en", title="Currency swap")
    with time_machine.travel(NOW, tick=False):
        services.edit_initiative(initiative=korean_initiative, actor=world.owner, summary="한일 통화스와프를 두 배로.")
    ja.refresh_from_db()
    en.refresh_from_db()
    assert ja.outdated_since == NOW and en.outdated_since == NOW
    assert ja.version == 2


def test_a_second_edit_keeps_the_day_it_first_fell_behind(world, korean_initiative):
    ja = factories.InitiativeTranslationFactory(initiative=korean_initiative, language="ja")
    with time_machine.travel(NOW, tick=False):
        services.edit_initiative(initiative=korean_initiative, actor=world.owner, title="통화스와프 확대 2")
    with time_machine.travel(NOW + datetime.timedelta(days=3), tick=False):
        services.edit_initiative(initiative=korean_initiative, actor=world.owner, title="통화스와프 확대 3")
    ja.refresh_from_db()
    assert ja.outdated_since == NOW


def test_editing_something_else_leaves_translations_current(world, korean_initiative):
    ja = factories.InitiativeTranslationFactory(initiative=korean_initiative, language="ja")
    services.edit_initiative(
        initiative=korean_initiative, actor=world.owner, target_date=timezone.localdate() + datetime.timedelta(days=400)
    )
    ja.refresh_from_db()
    assert not ja.is_outdated


def test_confirmation_clears_out_of_date(world, korean_initiative):
    ja = factories.InitiativeTranslationFactory(initiative=korean_initiative, language="ja")
    services.edit_initiative(initiative=korean_initiative, actor=world.owner, title="새 제목")
    ja.refresh_from_db()
    confirmed = services.confirm_translation(
        initiative=korean_initiative, actor=world.submitter, language="ja", expected_version=ja.version
    )
    assert not confirmed.is_outdated and confirmed.updated_by == world.submitter
    assert confirmed.title == ja.title
    assert Activity.objects.filter(verb=Activity.Verb.TRANSLATION_CONFIRMED).count() == 1


def test_update_clears_out_of_date(world, korean_initiative):
    ja = factories.InitiativeTranslationFactory(initiative=korean_initiative, language="ja")
    services.edit_initiative(initiative=korean_initiative, actor=world.owner, title="새 제목")
    ja.refresh_from_db()
    assert ja.is_outdated
    saved = services.save_translation(
        initiative=korean_initiative,
        actor=world.submitter,
        language="ja",
        title="新しい題名",
        summary="要約",
        expected_version=ja.version,
    )
    assert not saved.is_outdated and saved.title == "新しい題名"


def test_confirming_what_was_read_before_the_original_changed_is_stale(world, korean_initiative):
    ja = factories.InitiativeTranslationFactory(initiative=korean_initiative, language="ja")
    read_version = ja.version
    services.edit_initiative(initiative=korean_initiative, actor=world.owner, title="새 제목")
    with pytest.raises(StaleEdit):
        services.confirm_translation(
            initiative=korean_initiative, actor=world.member, language="ja", expected_version=read_version
        )


def test_two_translators_creating_the_same_language_the_second_is_stale(world, korean_initiative):
    services.save_translation(
        initiative=korean_initiative,
        actor=world.member,
        language="en",
        title="Swap",
        summary="Swap.",
        expected_version=0,
    )
    with pytest.raises(StaleEdit):
        services.save_translation(
            initiative=korean_initiative,
            actor=world.submitter,
            language="en",
            title="Swap!",
            summary="",
            expected_version=0,
        )


def test_milestone_title_edit_outdates_its_translations_only(world, korean_initiative):
    milestone = factories.MilestoneFactory(initiative=korean_initiative, title="각서 서명")
    other = factories.MilestoneFactory(initiative=korean_initiative, title="발효")
    mine = factories.MilestoneTranslationFactory(milestone=milestone, language="ja", title="覚書署名")
    theirs = factories.MilestoneTranslationFactory(milestone=other, language="ja", title="発効")
    services.edit_milestone(milestone=milestone, actor=world.member, title="양해각서 서명")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.is_outdated and not theirs.is_outdated
    confirmed = services.confirm_milestone_translation(
        milestone=milestone, actor=world.member, language="ja", expected_version=mine.version
    )
    assert not confirmed.is_outdated


def test_original_language_cannot_become_a_language_with_a_translation(world, korean_initiative):
    factories.InitiativeTranslationFactory(initiative=korean_initiative, language="ja")
    with pytest.raises(ValidationError) as error:
        services.edit_initiative(initiative=korean_initiative, actor=world.owner, original_language="ja")
    assert "Japanese translation" in str(error.value.message_dict["original_language"])
    services.edit_initiative(initiative=korean_initiative, actor=world.owner, original_language="en")
    korean_initiative.refresh_from_db()
    assert korean_initiative.original_language == "en"


def test_new_initiative_is_written_in_its_authors_language(world):
    world.coordinator.language = "ko"
    initiative = services.create_initiative(
        actor=world.coordinator, working_group=world.group, title="수소 협력", summary="수소.", pillar="economy"
    )
    assert initiative.original_language == "ko"


def test_stakeholder_may_not_translate(world, korean_initiative):
    with pytest.raises(PermissionDenied):
        services.save_translation(
            initiative=korean_initiative, actor=world.stakeholder, language="en", title="Swap", summary=""
        )


# --- what each reader sees -----------------------------------------------------------------------


def test_korean_reader_sees_the_korean_translation(world):
    factories.InitiativeTranslationFactory(initiative=world.initiative, language="ko", title="통화스와프 확대")
    shown = translations.for_initiatives([world.initiative], "ko")[world.initiative.pk]
    assert shown.title == "통화스와프 확대"
    assert (shown.is_translation, shown.translated_from, shown.shown_language) == (True, "en", "ko")


def test_english_reader_sees_the_english_original(world):
    factories.InitiativeTranslationFactory(initiative=world.initiative, language="ko", title="통화스와프 확대")
    shown = translations.for_initiatives([world.initiative], "en")[world.initiative.pk]
    assert shown.title == "Currency swap expansion"
    assert not shown.is_translation and not shown.is_foreign_original


def test_japanese_reader_without_a_translation_sees_the_original_with_its_language(world):
    factories.InitiativeTranslationFactory(initiative=world.initiative, language="ko", title="통화스와프 확대")
    shown = translations.for_initiatives([world.initiative], "ja")[world.initiative.pk]
    assert shown.title == "Currency swap expansion"
    assert shown.is_foreign_original and shown.original_language_label == "English"


def test_loading_a_page_of_initiatives_is_one_query(world, django_assert_num_queries):
    initiatives = [factories.InitiativeFactory(working_group=world.group) for _ in range(5)]
    for initiative in initiatives:
        factories.InitiativeTranslationFactory(initiative=initiative, language="ja")
    with django_assert_num_queries(1):
        shown = translations.for_initiatives(initiatives, "ja")
    assert all(s.is_translation for s in shown.values())


def test_loading_milestones_is_at_most_two_queries(world, django_assert_max_num_queries):
    milestones = [factories.MilestoneFactory(initiative=world.initiative) for _ in range(6)]
    factories.MilestoneTranslationFactory(milestone=milestones[0], language="ja", title="署名")
    with django_assert_max_num_queries(2):
        shown = translations.for_milestones(milestones, "ja")
    assert shown[milestones[0].pk].title == "署名"
    assert not shown[milestones[1].pk].is_translation


def test_outdated_translation_says_so(world, korean_initiative):
    factories.InitiativeTranslationFactory(initiative=korean_initiative, language="ja", outdated_since=NOW)
    shown = translations.for_initiatives([korean_initiative], "ja")[korean_initiative.pk]
    assert shown.is_outdated and shown.outdated_since == NOW


def test_milestone_translation_rows_are_unique_per_language(world):
    milestone = factories.MilestoneFactory(initiative=world.initiative)
    services.save_milestone_translation(milestone=milestone, actor=world.member, language="ko", title="서명")
    services.save_milestone_translation(milestone=milestone, actor=world.member, language="ko", title="서명 2")
    assert MilestoneTranslation.objects.get().title == "서명 2"

"""The demo data's three languages: titles and summaries of the five named initiatives, milestone titles,
one translation out of date, and the glossary."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from proposals import translations
from proposals.models import GlossaryTerm, Initiative, InitiativeTranslation, MilestoneTranslation

pytestmark = pytest.mark.django_db

FROZEN_NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)
NAMED_FIVE = [
    "economic-security-council",
    "currency-swap-expansion",
    "student-exchange-erasmus",
    "pre-entry-immigration-screening",
    "quantum-technology-mou",
]


@pytest.fixture
def seeded():
    with time_machine.travel(FROZEN_NOW, tick=False):
        call_command("seed_demo", stdout=io.StringIO(), quiet=True)


def test_named_five_have_titles_in_all_three_languages(seeded):
    for slug in NAMED_FIVE:
        initiative = Initiative.objects.get(slug=slug)
        others = set(InitiativeTranslation.objects.filter(initiative=initiative).values_list("language", flat=True))
        assert {initiative.original_language, *others} == {"en", "ko", "ja"}, slug


def test_the_swap_reads_in_japanese_and_korean(seeded):
    swap = Initiative.objects.get(slug="currency-swap-expansion")
    assert translations.for_initiatives([swap], "ja")[swap.pk].title == "通貨スワップの拡大"
    assert translations.for_initiatives([swap], "ko")[swap.pk].title == "통화스와프 확대"


def test_one_translation_is_out_of_date(seeded):
    assert InitiativeTranslation.objects.filter(outdated_since__isnull=False).exists()


def test_some_milestone_titles_are_translated(seeded):
    assert MilestoneTranslation.objects.filter(language="ko").count() >= 5
    assert MilestoneTranslation.objects.filter(language="ja").count() >= 5


def test_glossary_holds_the_agreed_terms(seeded):
    swap = GlossaryTerm.objects.get(en="currency swap")
    assert (swap.ko, swap.ja) == ("통화스와프", "通貨スワップ")
    assert GlossaryTerm.objects.count() >= 15


def test_seeding_twice_adds_no_translation():
    with time_machine.travel(FROZEN_NOW, tick=False):
        call_command("seed_demo", stdout=io.StringIO(), quiet=True)
        counts = (
            InitiativeTranslation.objects.count(),
            MilestoneTranslation.objects.count(),
            GlossaryTerm.objects.count(),
        )
        call_command("seed_demo", stdout=io.StringIO(), quiet=True)
    assert (
        InitiativeTranslation.objects.count(),
        MilestoneTranslation.objects.count(),
        GlossaryTerm.objects.count(),
    ) == counts

"""Digests: an assessment posted is listed with its side and rating, beside the computed health and the other
side's reading, and a long disagreement is marked."""

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from proposals import digests, services
from proposals.models import Follow, Initiative
from tests import factories
from tests.twosided.moments import BUILT_AT, DURING_WEEK, WEEK_END, WEEK_START, utc


def reader_of(world, language="en"):
    reader = factories.UserFactory(
        username=f"reader.{language}", country="KR", language=language, time_zone="Asia/Seoul"
    )
    Follow.objects.create(user=reader, initiative=world.initiative)
    return reader


def content_for(user) -> dict:
    with time_machine.travel(BUILT_AT, tick=False):
        return digests.build_contents([user], period_end=WEEK_END, starts={user.pk: WEEK_START})[user.pk]


def assessments_in(content) -> list[dict]:
    return [item for item in content["sections"]["changes"] if item["change"] == "assessment"]


def test_a_posted_assessment_is_listed_with_its_side_and_rating(world):
    reader = reader_of(world)
    japanese = factories.UserFactory(username="owner.ito", country="JP")
    factories.InitiativeOwnerFactory(initiative=world.initiative, user=japanese, side="JP")
    with time_machine.travel(utc(2026, 11, 1), tick=False):
        services.post_assessment(initiative=world.initiative, actor=world.owner, rating="on_track", rationale="A.")
        services.post_assessment(initiative=world.initiative, actor=japanese, rating="on_track", rationale="B.")
    with time_machine.travel(DURING_WEEK, tick=False):
        services.post_assessment(initiative=world.initiative, actor=japanese, rating="at_risk", rationale="Diet.")
    content = content_for(reader)
    [item] = assessments_in(content)
    assert (item["side"], item["rating"], item["old"]) == ("JP", "at_risk", "on_track")
    assert item["sides"] == {"health": "on_track", "KR": "on_track", "JP": "at_risk", "disagree": False}
    message = digests.render_digest(reader, content=content, frequency="weekly", digest_id=1)
    line = "- Currency swap expansion: Japan says At risk (was On track) · computed: On track"
    assert f"{line} · Korea says On track · Japan says At risk\n" in message.text
    assert "Japan says At risk (was On track)" in message.html
    assert "#assessments" in message.html


def test_a_long_disagreement_is_marked(world):
    reader = reader_of(world)
    with time_machine.travel(DURING_WEEK, tick=False):
        services.post_assessment(initiative=world.initiative, actor=world.owner, rating="on_track", rationale="A.")
    Initiative.objects.filter(pk=world.initiative.pk).update(
        jp_rating="off_track", disagreement_since=datetime.date(2026, 11, 1)
    )
    content = content_for(reader)
    [item] = assessments_in(content)
    assert item["sides"]["disagree"] is True
    message = digests.render_digest(reader, content=content, frequency="weekly", digest_id=1)
    assert "Japan says Off track · the sides disagree" in message.text


def test_the_readers_own_assessment_is_not_news_to_them(world):
    Follow.objects.create(user=world.owner, initiative=world.initiative)
    User.objects.filter(pk=world.owner.pk).update(time_zone="Asia/Seoul")
    with time_machine.travel(DURING_WEEK, tick=False):
        services.post_assessment(initiative=world.initiative, actor=world.owner, rating="at_risk", rationale="A.")
    assert assessments_in(content_for(User.objects.get(pk=world.owner.pk))) == []


def test_a_restricted_initiatives_assessment_stays_out_of_a_readers_digest(world):
    reader = reader_of(world)
    Follow.objects.create(user=reader, working_group=world.group)
    with time_machine.travel(DURING_WEEK, tick=False):
        services.post_assessment(initiative=world.restricted, actor=world.owner, rating="at_risk", rationale="A.")
    assert assessments_in(content_for(reader)) == []


def test_assessments_do_not_add_queries_to_a_batch(world):
    readers = [reader_of(world, language) for language in ("en", "ko", "ja")]

    def build() -> int:
        with time_machine.travel(BUILT_AT, tick=False), CaptureQueriesContext(connection) as captured:
            digests.build_contents(readers, period_end=WEEK_END, starts={u.pk: WEEK_START for u in readers})
        return len(captured)

    before = build()
    with time_machine.travel(DURING_WEEK, tick=False):
        for n in range(8):
            initiative = factories.InitiativeFactory(working_group=world.group, title=f"Extra {n}")
            factories.InitiativeOwnerFactory(initiative=initiative, user=world.owner, side="KR")
            for reader in readers:
                Follow.objects.create(user=reader, initiative=initiative)
            services.post_assessment(initiative=initiative, actor=world.owner, rating="at_risk", rationale="A.")
            services.post_assessment(
                initiative=initiative, actor=world.other_coordinator, rating="on_track", rationale="B."
            )
    assert build() == before

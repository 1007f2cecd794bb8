"""Digests: a joint milestone waiting for review says which side has signed, is "for your review" only to
the side still to sign, and its approval says both sides signed."""

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals import digests, services
from proposals.models import Milestone
from tests.twosided.joint import submitted
from tests.twosided.moments import BUILT_AT, DURING_WEEK, WEEK_END, WEEK_START


def contents(*users) -> dict:
    with time_machine.travel(BUILT_AT, tick=False):
        return digests.build_contents(list(users), period_end=WEEK_END, starts={u.pk: WEEK_START for u in users})


def waiting(world, title="Central bank letters", *, joint=True) -> Milestone:
    return submitted(world, title, joint=joint, at=DURING_WEEK)


def text_of(user, content) -> str:
    return digests.render_digest(user, content=content, frequency="weekly", digest_id=1).text


def line_of(text: str, title: str) -> str:
    [line] = [line for line in text.splitlines() if title in line]
    return line


def test_a_joint_milestone_signed_by_korea_is_for_japans_review_only(world):
    milestone = waiting(world)
    with time_machine.travel(DURING_WEEK + datetime.timedelta(hours=1), tick=False):
        services.approve_milestone(milestone=milestone, actor=world.coordinator, note="Seoul agrees.")
    built = contents(world.coordinator, world.other_coordinator)
    assert built[world.coordinator.pk]["sections"].get("awaiting_review", []) == []  # Korea has signed
    [japan] = built[world.other_coordinator.pk]["sections"]["awaiting_review"]
    assert japan["for_my_review"] is True
    assert (japan["signed"], japan["pending"]) == (["KR"], ["JP"])
    assert built[world.coordinator.pk]["review_waiting"] == 0
    assert built[world.other_coordinator.pk]["review_waiting"] == 1
    line = line_of(text_of(world.other_coordinator, built[world.other_coordinator.pk]), "Central bank letters")
    assert line.startswith("- [for your review]")
    assert line.endswith("· Signed by Korea · Japan sign-off pending")
    assert "Central bank letters" not in text_of(world.coordinator, built[world.coordinator.pk])


def test_a_joint_milestone_nobody_signed_is_for_both_sides_and_a_plain_one_names_no_side(world):
    waiting(world)
    waiting(world, "Working-level minutes", joint=False)
    built = contents(world.coordinator, world.other_coordinator)
    for coordinator in (world.coordinator, world.other_coordinator):
        text = text_of(coordinator, built[coordinator.pk])
        joint = line_of(text, "Central bank letters")
        assert joint.startswith("- [for your review]")
        assert joint.endswith("· Korea sign-off pending · Japan sign-off pending")
        assert "sign-off" not in line_of(text, "Working-level minutes")


def test_the_side_still_to_sign_reads_it_in_its_own_language(world):
    world.other_coordinator.language = "ja"
    world.other_coordinator.save()
    milestone = waiting(world)
    services.approve_milestone(milestone=milestone, actor=world.coordinator)
    built = contents(world.other_coordinator)
    text = text_of(world.other_coordinator, built[world.other_coordinator.pk])
    assert "Signed by Korea" not in text
    assert "韓国" in line_of(text, "Central bank letters")


def test_the_approval_of_a_joint_milestone_says_both_sides_signed(world):
    milestone = waiting(world)
    plain = waiting(world, "Working-level minutes", joint=False)
    with time_machine.travel(DURING_WEEK + datetime.timedelta(hours=2), tick=False):
        services.approve_milestone(milestone=milestone, actor=world.coordinator)
        milestone.refresh_from_db()
        services.approve_milestone(milestone=milestone, actor=world.other_coordinator)
        services.approve_milestone(milestone=plain, actor=world.coordinator)
    built = contents(world.submitter)
    text = text_of(world.submitter, built[world.submitter.pk])
    approved = line_of(text, "Central bank letters")
    assert approved.endswith(f"approved by {world.other_coordinator.name} · Both sides have signed it.")
    assert "Both sides" not in line_of(text, "Working-level minutes")


def test_signatures_add_no_query_to_a_batch(world):
    def build() -> int:
        with CaptureQueriesContext(connection) as captured:
            contents(world.coordinator, world.other_coordinator)
        return len(captured)

    waiting(world)
    before = build()
    for n in range(6):
        milestone = waiting(world, f"Letter {n}")
        services.approve_milestone(milestone=milestone, actor=world.coordinator if n % 2 else world.other_coordinator)
    assert build() == before

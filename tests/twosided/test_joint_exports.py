"""Exports: the milestones CSV and Excel say which milestones are joint and who signed each for which side."""

import datetime

import time_machine
from django.urls import reverse

from proposals import services
from tests import factories
from tests.exports.test_tables import csv_rows, sheet
from tests.twosided.joint import submitted

SIGNED_AT = datetime.datetime(2026, 11, 20, 1, 0, tzinfo=datetime.UTC)


def export(world, fmt="csv", user=None):
    url = reverse("proposals:initiative-milestones-export", args=[world.initiative.slug, fmt])
    return (world.client(user or world.member)).get(url)


def test_milestone_export_names_joint_milestones_and_their_signatures(world):
    joint = submitted(world)
    factories.MilestoneFactory(initiative=world.initiative, title="Working-level minutes", is_joint=False)
    with time_machine.travel(SIGNED_AT, tick=False):
        services.approve_milestone(milestone=joint, actor=world.coordinator)
    rows = csv_rows(export(world))
    by_title = {row[2]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    letters, minutes = by_title["Central bank letters"], by_title["Working-level minutes"]
    assert letters["Joint"] == "Yes"
    assert letters["Sign-offs"] == f"Korea: {world.coordinator.name}, 2026-11-20; Japan: pending"
    assert (minutes["Joint"], minutes["Sign-offs"]) == ("", "")
    workbook = sheet(export(world, "xlsx"))
    headers = [cell.value for cell in next(workbook.iter_rows(max_row=1))]
    assert headers[-2:] == ["Joint", "Sign-offs"]


def test_the_signature_columns_are_in_the_readers_language(world):
    world.member.language = "ko"
    world.member.save()
    joint = submitted(world)
    services.approve_milestone(milestone=joint, actor=world.other_coordinator)
    rows = csv_rows(export(world))
    row = dict(zip(rows[0], rows[1], strict=True))
    [signoffs] = [value for header, value in row.items() if world.other_coordinator.name in value]
    assert "Japan" not in signoffs and "pending" not in signoffs


def test_activity_names_the_side_of_a_signature_and_an_assessments_rating(world):
    world.member.language = "ja"
    world.member.save()
    joint = submitted(world)
    services.approve_milestone(milestone=joint, actor=world.coordinator)
    services.post_assessment(initiative=world.initiative, actor=world.owner, rating="at_risk", rationale="Slow.")
    page = world.client(world.member).get(world.initiative.get_absolute_url()).content.decode()
    assert "(韓国)" in page  # the signature, for Korea
    assert "(韓国 · リスクあり)" in page  # Korea's assessment
    rows = csv_rows(
        world.client(world.member).get(
            reverse("proposals:initiative-activity-export", args=[world.initiative.slug, "csv"])
        )
    )
    what = [row[2] for row in rows[1:]]
    assert any(text.endswith("(韓国 · リスクあり)") for text in what), what

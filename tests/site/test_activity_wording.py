"""Activity reads in the reader's language: state names as the badges name them, dates in the local format."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import formats, translation

from proposals import models as m
from tests import factories

V, S = m.Activity.Verb, m.MilestoneStatus

CHANGES = [
    (V.MILESTONE_SUBMITTED, S, "in_progress", "submitted"),
    (V.MILESTONE_APPROVED, S, "submitted", "approved"),
    (V.MILESTONE_CHANGES_REQUESTED, S, "submitted", "changes_requested"),
    (V.MILESTONE_STARTED, S, "changes_requested", "in_progress"),
    (V.MILESTONE_CANCELLED, S, "planned", "cancelled"),
    (V.INITIATIVE_STATUS_CHANGED, m.InitiativeStatus, "proposed", "on_hold"),
    (V.INITIATIVE_VISIBILITY_CHANGED, m.Visibility, "internal", "restricted"),
    (V.INITIATIVE_HEALTH_CHANGED, m.Health, "at_risk", "off_track"),
]
CODES = {code for _verb, _choices, old, new in CHANGES for code in (old, new)}
CHANGE = re.compile(r'<span class="muted">\((.+?) → (.+?)\)</span>')


@pytest.fixture
def logged(world):
    milestone = factories.MilestoneFactory(initiative=world.initiative, title="Joint statement")
    for verb, _choices, old, new in CHANGES:
        factories.ActivityFactory(
            initiative=world.initiative,
            milestone=milestone if verb.startswith("milestone.") else None,
            working_group=world.group,
            actor=world.member,
            verb=verb,
            details={"old": old, "new": new},
        )
    factories.ActivityFactory(
        initiative=world.initiative,
        milestone=milestone,
        working_group=world.group,
        actor=world.member,
        verb=V.MILESTONE_REPLANNED,
        details={"old_due_date": "2026-12-01", "new_due_date": "2027-01-15"},
    )
    return world


@pytest.mark.parametrize("language", ["en", "ko", "ja"])
def test_no_state_code_appears_in_activity_on_any_page(logged, language):
    world = logged
    world.member.language = language
    world.member.save()
    factories.FollowFactory(user=world.member, initiative=world.initiative)
    client = world.client(world.member)
    pages = [
        world.initiative.get_absolute_url(),
        reverse("proposals:dashboard"),
        reverse("proposals:group-detail", args=[world.group.slug]),
    ]
    with translation.override(language):
        expected = {(str(c(old).label), str(c(new).label)) for _v, c, old, new in CHANGES}
        replanned = (
            formats.date_format(datetime.date(2026, 12, 1), "DATE_FORMAT"),
            formats.date_format(datetime.date(2027, 1, 15), "DATE_FORMAT"),
        )
    for url in pages:
        shown = set(CHANGE.findall(client.get(url).content.decode()))
        assert expected <= shown, url
        assert replanned in shown, url
        assert not {word for pair in shown for word in pair} & CODES, url

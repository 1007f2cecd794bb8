"""Milestones in each state a form starts from, on the shared `world`'s internal initiative."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from proposals.models import Milestone
from tests import factories

S = Milestone.Status


@dataclass
class Plan:
    planned: Milestone
    in_progress: Milestone
    submitted: Milestone
    indicator: object
    comment: object


@pytest.fixture
def plan(world) -> Plan:
    """A milestone in each state a form starts from, an indicator and a stakeholder's comment on the initiative."""
    due = timezone.localdate() + datetime.timedelta(days=30)

    def milestone(title, status, **kwargs):
        return factories.MilestoneFactory(
            initiative=world.initiative, title=title, status=status, due_date=due, owner=world.member, **kwargs
        )

    return Plan(
        planned=milestone("Sign the MOU", S.PLANNED),
        in_progress=milestone("Draft the text", S.IN_PROGRESS),
        submitted=milestone("Agree the terms", S.SUBMITTED, submitted_by=world.submitter, submitted_at=timezone.now()),
        indicator=factories.IndicatorFactory(initiative=world.initiative, name="Swap line"),
        comment=factories.CommentFactory(
            initiative=world.initiative,
            author=world.stakeholder,
            body="Looks promising.",
            body_html="<p>Looks promising.</p>",
        ),
    )

"""A joint (or plain) milestone of the world's initiative, submitted for review by member.tanaka (Japan)."""

import contextlib
import datetime

import time_machine

from proposals import services
from proposals.models import Milestone
from tests import factories


def submitted(
    world, title: str = "Central bank letters", *, joint: bool = True, at: datetime.datetime | None = None
) -> Milestone:
    """The milestone, in progress then submitted (at ``at`` when given, else now)."""
    milestone = factories.MilestoneFactory(
        initiative=world.initiative, title=title, is_joint=joint, status=Milestone.Status.IN_PROGRESS
    )
    clock = time_machine.travel(at, tick=False) if at is not None else contextlib.nullcontext()
    with clock:
        return services.submit_milestone(milestone=milestone, actor=world.submitter)

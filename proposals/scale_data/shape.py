"""The generated programme's shape: sizes, sign-ins, and the helpers every part uses."""

from __future__ import annotations

import dataclasses
import datetime
import importlib.util
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import models
from django.utils import timezone

SEED = 20261125
STAKEHOLDER = "bench.stakeholder"
COORDINATOR = "bench.coordinator"
INITIATIVES_PER_GROUP = 200
MIN_GROUPS, MAX_GROUPS = 5, 50
COORDINATED_EVERY = 5  # bench.coordinator coordinates groups 0, 5, 10, …
MILESTONES, EVIDENCE, COMMENTS, ACTIVITY, FOLLOWS = 5, 3, 3, 5, 5
BIG_MILESTONES, BIG_COMMENTS, BIG_ACTIVITY = 100, 500, 2_000
CHUNK = 1_000  # initiatives generated and inserted at a time, so memory stays flat at any size
BATCH = 2_000  # rows per INSERT
MILESTONE_OFFSETS = (-20, 5, 12, 40, 90)
# The state before each transition, for the activity that led to a milestone's current state.
PREVIOUS_STATE = {
    "submitted": "in_progress",
    "approved": "submitted",
    "changes_requested": "submitted",
    "cancelled": "planned",
}
LANGUAGES = (("en", "UTC", "other"), ("ko", "Asia/Seoul", "KR"), ("ja", "Asia/Tokyo", "JP"))


def group_count(initiatives: int) -> int:
    return max(MIN_GROUPS, min(MAX_GROUPS, initiatives // INITIATIVES_PER_GROUP))


def members_per_group(initiatives: int, users: int) -> int:
    return max(2, users // 10 // group_count(initiatives))


def users_needed(initiatives: int) -> int:
    """The fewest users a programme of this size can be built with (two sign-ins, coordinators, members)."""
    groups = group_count(initiatives)
    coordinated = len(range(0, groups, COORDINATED_EVERY))
    return 2 + 2 * groups - coordinated + 2 * groups


def big_initiative_index(initiatives: int) -> int:
    """A group-0 initiative in the middle of the list that every signed-in user may read."""
    groups = group_count(initiatives)
    index = initiatives // 2 // groups * groups
    while index // groups % 5 == 4 or index >= initiatives:  # restricted, or past the end: step back a round
        index -= groups
    return max(index, 0)


def slug_of(index: int) -> str:
    return f"bench-initiative-{index:05d}"


def programme_today() -> datetime.date:
    """The day stored health is computed for, when the project defines one; else the local date."""
    if importlib.util.find_spec("proposals.figures") is not None:
        from proposals import figures

        if hasattr(figures, "programme_day"):
            day: datetime.date = figures.programme_day()
            return day
    return timezone.localdate()


def chunked(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def insert(model: type[models.Model], rows: Iterable[Any]) -> list[Any]:
    return model._default_manager.bulk_create(list(rows), batch_size=BATCH)


@dataclasses.dataclass
class Summary:
    """What the command reports: sign-ins, the big initiative, counts and time taken."""

    initiatives: int
    users: int
    groups: int
    coordinator_groups: int = 0
    review_waiting: int = 0
    big_slug: str = ""
    owner: str = ""
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)

"""Demo data: joint milestones of the seed initiatives (run by ``seed_demo`` after the initiatives; idempotent).

Two submitted milestones become joint, each signed by one side and waiting for the other. A milestone
whose seeded signature was recorded once is left to its users on later runs (signed, sent back…).
"""

from __future__ import annotations

import datetime

from django.db import connection

from proposals.models import Activity, Milestone, MilestoneSignoff
from proposals.seed_data.seeder import Seeder

# (initiative slug, milestone title, the side that signed, its signer, its note, days ago it signed)
WAITING_FOR_ONE_SIDE = [
    (
        "currency-swap-expansion",
        "Agree a step-up schedule with both central banks",
        "KR",
        "coord.kim",
        "The Bank of Korea and the Ministry of Economy and Finance accept the schedule.",
        0,
    ),
    (
        "student-exchange-erasmus",
        "Agree a joint grant formula",
        "JP",
        "coord.sato",
        "MEXT accepts the formula for the first cohort.",
        -1,
    ),
]
PENDING = {"KR": "JP", "JP": "KR"}


def seed(seeder: Seeder) -> None:
    """Mark the milestones joint and record the one side's signature, dated as it happened."""
    for slug, title, side, username, note, offset in WAITING_FOR_ONE_SIDE:
        milestone = Milestone.objects.filter(initiative__slug=slug, title=title).select_related("initiative").first()
        signer = seeder.users.get(username)
        if milestone is None or signer is None or milestone.status != Milestone.Status.SUBMITTED:
            continue
        if Activity.objects.filter(milestone=milestone, verb=Activity.Verb.MILESTONE_SIGNED).exists():
            continue
        if not milestone.is_joint:
            Milestone.objects.filter(pk=milestone.pk).update(is_joint=True)
        signed_at = seeder.now + datetime.timedelta(days=offset, hours=-2)
        signoff, _ = seeder._get_or_create(
            MilestoneSignoff, milestone=milestone, side=side, defaults={"signed_by": signer, "note": note}
        )
        MilestoneSignoff.objects.filter(pk=signoff.pk).update(created_at=signed_at, updated_at=signed_at)
        activity = Activity.objects.create(
            actor=signer,
            verb=Activity.Verb.MILESTONE_SIGNED,
            initiative=milestone.initiative,
            milestone=milestone,
            working_group=milestone.initiative.working_group,
            details={"side": side, "note": note, "pending": PENDING[side], "seeded": True},
        )
        seeder.created[Activity] += 1
        # Dated when it happened (Activity refuses updates through the ORM): seeding is history, not news.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE proposals_activity SET created_at = %s, updated_at = %s WHERE id = %s",
                [signed_at, signed_at, activity.pk],
            )

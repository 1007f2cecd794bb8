"""Demo data: each side's assessments of the seed initiatives (run by ``seed_demo`` after the initiatives; idempotent).

Both sides have assessed the five named initiatives (Korea only, the immigration screening); the two sides
of the currency swap have disagreed for more than ``DISAGREEMENT_FLAG_DAYS`` (Korea on track, Japan at risk),
and Japan's assessment of the student exchange is overdue. Elsewhere each side's rating is the computed
health, so that the currency swap is the one disagreement. An assessment is found again by initiative,
side and rationale, so running the seed twice adds nothing. Days are offsets from the seed's today.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet

from proposals import figures, sides
from proposals.models import Assessment, Initiative
from proposals.seed_data.seeder import Seeder

#: The rating the computed health gives, where a side agrees with it.
COMPUTED = "computed"

# initiative slug -> assessments, oldest first: side, rating, days ago, author, rationale and optional fields.
ASSESSMENTS: dict[str, list[dict[str, Any]]] = {
    "currency-swap-expansion": [
        {
            "side": "KR",
            "rating": "on_track",
            "days": -20,
            "author": "member.park",
            "confidence": "high",
            "rationale": "The Bank of Korea board approved the enlarged line; the ministry's agreement is a formality.",
        },
        {
            "side": "JP",
            "rating": "at_risk",
            "days": -18,
            "author": "member.tanaka",
            "confidence": "medium",
            "rationale": "The Bank of Japan policy board has not scheduled the item; signature may slip a quarter.",
            "next_update": 12,
        },
    ],
    "economic-security-council": [
        {
            "side": "KR",
            "rating": COMPUTED,
            "days": -10,
            "author": "member.park",
            "rationale": "The secretariat is staffed and the first meeting agenda is agreed.",
        },
        {
            "side": "JP",
            "rating": COMPUTED,
            "days": -8,
            "author": "member.tanaka",
            "confidence": "high",
            "rationale": "The Cabinet Secretariat confirmed the schedule of the first council meeting.",
        },
    ],
    "student-exchange-erasmus": [
        {
            "side": "JP",
            "rating": COMPUTED,
            "days": -45,
            "author": "member.yamamoto",
            "rationale": "MEXT has earmarked the scholarship budget; university partners are being chosen.",
            "next_update": -5,
        },
        {
            "side": "KR",
            "rating": COMPUTED,
            "days": -12,
            "author": "member.choi",
            "confidence": "medium",
            "rationale": "Ten Korean universities have signed up for the credit transfer pilot.",
        },
    ],
    "pre-entry-immigration-screening": [
        {
            "side": "KR",
            "rating": COMPUTED,
            "days": -6,
            "author": "member.choi",
            "confidence": "low",
            "rationale": "The amendment of the Immigration Act is before the National Assembly committee.",
        },
    ],
    "quantum-technology-mou": [
        {
            "side": "KR",
            "rating": COMPUTED,
            "days": -9,
            "author": "member.choi",
            "rationale": "Research institutes on both sides have named their contact points.",
        },
        {
            "side": "JP",
            "rating": COMPUTED,
            "days": -7,
            "author": "member.yamamoto",
            "rationale": "The draft MOU text is with the legal teams of both ministries.",
        },
    ],
}


def _history() -> QuerySet[Assessment]:
    # The history is append-only for the product; the seed backdates what it has just written.
    return QuerySet(model=Assessment)


def seed(seeder: Seeder) -> None:
    initiatives = {i.slug: i for i in Initiative.objects.filter(slug__in=ASSESSMENTS)}
    # Where a side agrees with the computed health, that health must be current.
    figures.refresh([i.pk for i in initiatives.values()], today=seeder.today, record_changes=False)
    for slug, specs in ASSESSMENTS.items():
        if slug not in initiatives:
            continue
        initiative = Initiative.objects.get(pk=initiatives[slug].pk)
        latest: dict[str, Assessment] = {}
        for spec in specs:
            rating = initiative.health if spec["rating"] == COMPUTED else spec["rating"]
            assessment, created = seeder._get_or_create(
                Assessment,
                initiative=initiative,
                side=spec["side"],
                rationale=spec["rationale"],
                defaults={
                    "rating": rating,
                    "confidence": spec.get("confidence", ""),
                    "next_update_on": seeder.day(spec.get("next_update")),
                    "author": seeder.users.get(spec["author"]),
                },
            )
            if created:
                moment = seeder.moment(spec["days"])
                _history().filter(pk=assessment.pk).update(created_at=moment, updated_at=moment)
                assessment.created_at = moment
            latest[spec["side"]] = assessment
        for side, assessment in latest.items():
            prefix = sides.SIDE_PREFIX[side]
            setattr(initiative, f"{prefix}_rating", assessment.rating)
            setattr(initiative, f"{prefix}_assessed_at", assessment.created_at)
            last = sides.programme_day(assessment.created_at)
            due = assessment.next_update_on or sides.next_assessment_due(initiative, side, last)
            setattr(initiative, f"{prefix}_assessment_due", due)
        sides.fill_due_dates(initiative)
        # The disagreement began when the later of the two differing assessments was posted.
        if initiative.disagreement_since is None and sides.initiative_disagrees(initiative):
            started: datetime.datetime = max(a.created_at for a in latest.values())
            initiative.disagreement_since = sides.programme_day(started)
        sides.refresh_disagreement(initiative, seeder.today)
        fields = [f"{p}_{name}" for p in ("kr", "jp") for name in ("rating", "assessed_at", "assessment_due")]
        initiative.save(update_fields=[*fields, "disagreement_since"])

"""Demo data: domestic steps of the seed initiatives (run by ``seed_demo`` after the initiatives; idempotent).

Each step is found again by initiative, side, kind and title, so running the seed twice adds nothing.
Dates are offsets in days from the seed's today (``Seeder.day``).
"""

from __future__ import annotations

from typing import Any

from proposals.models import DomesticStep, Initiative, Milestone
from proposals.seed_data.seeder import Seeder

# initiative slug -> steps; "before" names the milestone the step is required before.
DOMESTIC_STEPS: dict[str, list[dict[str, Any]]] = {
    "currency-swap-expansion": [
        {
            "side": "KR",
            "kind": "other",
            "title": "Bank of Korea board approval",
            "status": "done",
            "due": -40,
            "done": -35,
            "owner": "member.park",
            "note": "The Monetary Policy Board approved the enlarged line.",
        },
        {
            "side": "KR",
            "kind": "other",
            "title": "Ministry of Economy and Finance agreement",
            "status": "in_progress",
            "due": 150,
            "owner": "member.park",
            "before": "Sign the enlarged swap agreement",
        },
        {
            "side": "JP",
            "kind": "other",
            "title": "Bank of Japan policy board approval",
            "status": "planned",
            "due": 160,
            "owner": "member.tanaka",
            "before": "Sign the enlarged swap agreement",
        },
        {
            "side": "JP",
            "kind": "other",
            "title": "Ministry of Finance agreement",
            "status": "done",
            "due": -30,
            "done": -28,
            "owner": "member.tanaka",
        },
    ],
    "pre-entry-immigration-screening": [
        {
            "side": "KR",
            "kind": "legislative_consent",
            "title": "Amendment of the Immigration Act for pre-clearance",
            "status": "in_progress",
            "due": 120,
            "owner": "member.choi",
            "before": "Run a six-month pilot on one air route",
        },
        {
            "side": "JP",
            "kind": "enabling_regulation",
            "title": "Ministerial ordinance on pre-entry screening",
            "status": "planned",
            "due": 140,
            "owner": "member.yamamoto",
            "before": "Run a six-month pilot on one air route",
        },
    ],
    "quantum-technology-mou": [
        {
            "side": "KR",
            "kind": "cabinet_decision",
            "title": "Cabinet approval of the research MOU",
            "status": "done",
            "due": -20,
            "done": -18,
            "owner": "member.choi",
        },
        {
            "side": "JP",
            "kind": "cabinet_decision",
            "title": "Cabinet understanding on the research MOU",
            "status": "not_needed",
            "owner": "member.yamamoto",
            "note": "An institute-level MOU needs no cabinet decision in Japan.",
        },
    ],
}


def seed(seeder: Seeder) -> None:
    """Each side's central-bank, ministry, legislative and cabinet steps of three named initiatives."""
    for slug, steps in DOMESTIC_STEPS.items():
        initiative = Initiative.objects.filter(slug=slug).first()
        if initiative is None:
            continue
        for spec in steps:
            before = spec.get("before")
            milestone = Milestone.objects.filter(initiative=initiative, title=before).first() if before else None
            seeder._get_or_create(
                DomesticStep,
                initiative=initiative,
                side=spec["side"],
                kind=spec["kind"],
                title=spec["title"],
                defaults={
                    "status": spec["status"],
                    "due_on": seeder.day(spec.get("due")),
                    "done_on": seeder.day(spec.get("done")),
                    "owner": seeder.users.get(spec["owner"]),
                    "note": spec.get("note", ""),
                    "milestone": milestone,
                },
            )

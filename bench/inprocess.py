"""The parts of ``make bench`` that run inside Django, each in a fresh process started by bench/serve.py.

    python bench/inprocess.py capture --initiatives N --out FILE
    python bench/inprocess.py digests --readers 2000,10000 --budget 120 --out FILE

bench/serve.py starts them with the environment it gives gunicorn (``tracker.settings_production``
on the scratch database), just before it serves that database, so the queries counted here and the
SQL the floor replays come from the same code as the pages gunicorn serves, even while the code is
being changed between sizes. Each writes its findings as JSON to ``--out``.

``capture``: each page of ``PAGES`` through Django's test client (one warm request, then three with
``CaptureQueriesContext``): its queries, their database time, its status and the statements of the
last run, for the floor; plus what the pages' paths need (the big initiative, an owner).

``digests``: the weekly run for each reader count, in this one process (one worker), with the
in-memory e-mail backend, by bench/digests.py's ``measure``: the readers are drawn at random (fixed
seed) from the programme's users and only they take the weekly digest; earlier digests are deleted
first; then ``digests.plan_batches`` and ``digests.send_batch`` for every batch, as ``digests.run``
does, one batch at a time with its queries counted, starting no batch after ``--budget`` seconds.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402 - after the project is on the path


@dataclasses.dataclass(frozen=True)
class Page:
    key: str
    label: str
    reader: str  # "stakeholder" or "coordinator"
    path: str  # {owner} and {big} are filled in per programme
    targets: tuple[report.Target, ...] = ()
    floor: bool = False  # list pages: also served by the floor


PAGES = (
    Page("list", "initiatives list, page 1", "stakeholder", "/initiatives/", (*report.LIST, report.LIST_FLOOR), True),
    Page(
        "list_off_track", "list ?health=off_track", "stakeholder", "/initiatives/?health=off_track", report.LIST, True
    ),
    Page(
        "list_progress", "list ?ordering=progress", "stakeholder", "/initiatives/?ordering=progress", report.LIST, True
    ),
    Page("list_health", "list ?ordering=-health", "stakeholder", "/initiatives/?ordering=-health", report.LIST, True),
    Page("list_owner", "list ?owner=<member>", "stakeholder", "/initiatives/?owner={owner}", report.LIST, True),
    Page("review", "review queue", "coordinator", "/review/", report.REVIEW),
    Page("initiative", "initiative page (big)", "coordinator", "/initiatives/{big}/", report.INITIATIVE),
    Page("dashboard", "dashboard", "coordinator", "/", ()),
)


def programme(initiatives: int) -> dict[str, Any]:
    """What the pages' paths and the report need to know about the generated programme."""
    from accounts.models import User
    from proposals.management.commands import generate_scale_data as scale
    from proposals.models import InitiativeOwner, Milestone, MilestoneStatus

    coordinated = User.objects.get(username=scale.COORDINATOR).memberships.filter(role="coordinator")
    return {
        "stakeholder": scale.STAKEHOLDER,
        "coordinator": scale.COORDINATOR,
        "groups": scale.group_count(initiatives),
        "big": scale.slug_of(scale.big_initiative_index(initiatives)),
        "owner": InitiativeOwner.objects.filter(initiative__slug=scale.slug_of(0), side="KR")
        .values_list("user__username", flat=True)
        .get(),
        "review_waiting": Milestone.objects.filter(
            status=MilestoneStatus.SUBMITTED,
            initiative__working_group__in=coordinated.values("working_group"),
        ).count(),
    }


def database_settings() -> dict[str, Any]:
    from django.db import connection

    db = connection.settings_dict
    return {
        "CONN_MAX_AGE": db.get("CONN_MAX_AGE"),
        "CONN_HEALTH_CHECKS": db.get("CONN_HEALTH_CHECKS"),
        "pool": bool((db.get("OPTIONS") or {}).get("pool", False)),
    }


def capture(initiatives: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from proposals.management.commands import generate_scale_data as scale

    found: dict[str, Any] = {"programme": programme(initiatives), "database": database_settings(), "pages": {}}
    clients = {}
    for reader, username in (("stakeholder", scale.STAKEHOLDER), ("coordinator", scale.COORDINATOR)):
        client = Client(
            HTTP_HOST="127.0.0.1",
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_X_FORWARDED_FOR="127.0.0.1",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        client.force_login(User.objects.get(username=username))
        clients[reader] = client
    for page in PAGES:
        client = clients[page.reader]
        path = page.path.format(owner=found["programme"]["owner"], big=found["programme"]["big"])
        client.get(path)  # the first request loads templates and caches; the next ones are what a warm worker does
        runs = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                runs.append((time.perf_counter() - started) * 1000)
        found["pages"][page.key] = {
            "path": path,
            "queries": len(captured),
            "sql_ms": round(sum(float(q["time"]) for q in captured.captured_queries) * 1000, 1),
            "in_process_ms": statistics.median(runs),
            "in_process_status": response.status_code,
            "statements": [q["sql"] for q in captured.captured_queries],
        }
    return found


def digests(readers: list[int], budget: float) -> dict[str, Any]:
    from accounts.models import User
    from bench.digests import measure
    from proposals.digests import BATCH_SIZE

    users = User.objects.filter(is_active=True).exclude(email="").count()
    runs = []
    for count in sorted({min(n, users) for n in readers}):  # a small programme has fewer readers to offer
        print(f"  digests for {count:,} readers…", flush=True)
        [run] = measure([count], budget=budget)
        print(f"    {run['done']:,} of {run['readers']:,} readers in {run['seconds']:.1f} s", flush=True)
        runs.append(run)
    return {"batch_size": BATCH_SIZE, "budget_s": budget, "runs": runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    jobs = parser.add_subparsers(dest="job", required=True)
    capturing = jobs.add_parser("capture")
    capturing.add_argument("--initiatives", type=int, required=True)
    timing = jobs.add_parser("digests")
    timing.add_argument("--readers", required=True, help="reader counts, comma-separated")
    timing.add_argument("--budget", type=float, required=True)
    for job in (capturing, timing):
        job.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    import django

    django.setup()
    if args.job == "capture":
        found = capture(args.initiatives)
    else:
        found = digests([int(n) for n in args.readers.split(",")], args.budget)
    args.out.write_text(json.dumps(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())

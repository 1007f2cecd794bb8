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
in-memory e-mail backend: the readers are drawn at random (fixed seed) from the programme's users and
only they take the weekly digest; earlier digests are deleted first; then ``digests.plan_batches`` and
``digests.send_batch`` for every batch, as ``digests.run`` does, one batch at a time with its queries
counted, starting no batch after ``--budget`` seconds.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402 - after the project is on the path

SEED = 20261125


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
    from django.core import mail as django_mail
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from accounts.models import User
    from proposals import digests as digest_run
    from proposals.models import Digest

    ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    runs = []
    for count in sorted({min(n, len(ids)) for n in readers}):
        chosen = random.Random(SEED + count).sample(ids, count)
        Digest.objects.all().delete()
        User.objects.update(digest_frequency="off")
        User.objects.filter(pk__in=chosen).update(digest_frequency="weekly")
        gc.collect()
        print(f"  digests for {count:,} readers…", flush=True)
        queries: list[int] = []
        sent = empty = failed = done = 0
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            at = timezone.now()
            started = time.perf_counter()
            batches = digest_run.plan_batches(at)
            for batch in batches:
                if time.perf_counter() - started > budget:
                    break
                # The connection's query log holds 9,000 entries; a full one would count every later batch as 0.
                reset_queries()
                with CaptureQueriesContext(connection) as captured:
                    outcome = digest_run.send_batch(batch.user_ids, batch.frequency, batch.period_end)
                queries.append(len(captured))
                sent, empty, failed = sent + outcome.sent, empty + outcome.empty, failed + outcome.failed
                done += len(batch.user_ids)
                django_mail.outbox = []  # sent mail is counted; holding 10,000 messages would only cost memory
            seconds = time.perf_counter() - started
        due = sum(len(batch.user_ids) for batch in batches)
        print(f"    {done:,} of {due:,} readers in {seconds:.1f} s", flush=True)
        runs.append(
            {
                "readers": count,
                "due": due,
                "done": done,
                "complete": done == due,
                "seconds": seconds,
                "projected_s": seconds * due / done if done else None,
                "ms_per_reader": seconds * 1000 / done if done else None,
                "batches": len(batches),
                "queries_per_batch": [min(queries, default=0), max(queries, default=0)],
                "queries": sum(queries),
                "sent": sent,
                "empty": empty,
                "failed": failed,
            }
        )
    return {"batch_size": digest_run.BATCH_SIZE, "budget_s": budget, "runs": runs}


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

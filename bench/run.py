"""Benchmarks of the reads that grow with the data: lists, the initiative page, the review queue, digests.

    .venv/bin/python bench/run.py [--initiatives 500] [--users 1000] [--repeat 5] [--keep]

Creates a scratch PostgreSQL database (``tracker_bench`` unless ``--database-url`` or
``BENCH_DATABASE_URL`` names another), migrates it, fills it in bulk, times each case
``--repeat`` times after one warm-up run and prints median, p95, query count and rows.
The database is dropped at the end unless ``--keep``. It prints figures and never fails
on them (bench/README.md says how to read them); it exits non-zero only when a page does
not answer 200, because then the figures describe an error page.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import gc
import math
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench"
SEED = 20261125
PAGE_SIZE = 20  # proposals.views.pages.PAGE_SIZE
DIGEST_BATCHES = (10, 100, 500)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=500, help="initiatives to generate (default 500)")
    parser.add_argument("--users", type=int, default=1000, help="users to generate (default 1000, at least 50)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case, after one warm-up (default 5)")
    parser.add_argument("--keep", action="store_true", help="leave the database in place at the end")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help=f"scratch PostgreSQL database, created and dropped by the run (default {DEFAULT_DATABASE_URL})",
    )
    args = parser.parse_args(argv)
    if args.initiatives < 1:
        parser.error("--initiatives must be at least 1")
    if args.users < 50:
        parser.error("--users must be at least 50")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


# --- the scratch database -------------------------------------------------------------------------


def server_params(database_url: str) -> tuple[dict, str]:
    """Connection parameters for the server's ``postgres`` database, and the scratch database's name."""
    import environ

    config = environ.Env.db_url_config(database_url)
    if "postgresql" not in config["ENGINE"]:
        sys.path.insert(0, str(ROOT))
        from tracker.redaction import mask_credentials

        sys.exit(f"bench/run.py needs PostgreSQL; got {mask_credentials(database_url)!r}")
    params = {
        "dbname": "postgres",
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    return {key: value for key, value in params.items() if value}, config["NAME"]


def create_database(database_url: str) -> None:
    """Create the scratch database; refuse one that already exists (it is not ours to fill or drop)."""
    import psycopg
    from psycopg import sql

    params, name = server_params(database_url)
    with psycopg.connect(**params, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            sys.exit(
                f"Database {name!r} already exists (left by a run with --keep?). "
                f"Drop it first (dropdb -h 127.0.0.1 -U postgres {name}) or pass another --database-url."
            )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    params, name = server_params(database_url)
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def configure_django(database_url: str) -> None:
    """The process's settings: tracker.settings in debug mode on the scratch database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    os.environ["DEBUG"] = "true"
    os.environ.setdefault("SECRET_KEY", "bench-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- data -----------------------------------------------------------------------------------------


@dataclasses.dataclass
class Data:
    """What the cases need from the generated rows."""

    today: datetime.date
    period_end: datetime.datetime
    stakeholder: object = None
    coordinator: object = None
    detail_slug: str = ""
    reader_ids: list[int] = dataclasses.field(default_factory=list)


def generate(*, initiatives: int, users: int) -> Data:
    """Fill the database with ``manage.py generate_scale_data`` (bulk inserts, fixed seed)."""
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import User
    from proposals.digests import period_end_for
    from proposals.management.commands import generate_scale_data as scale

    call_command("generate_scale_data", initiatives=initiatives, users=users, stdout=StringIO())
    data = Data(today=scale.programme_today(), period_end=period_end_for(timezone.now(), "UTC", "weekly"))
    data.stakeholder = User.objects.get(username=scale.STAKEHOLDER)
    data.coordinator = User.objects.get(username=scale.COORDINATOR)
    data.detail_slug = scale.slug_of(scale.big_initiative_index(initiatives))  # a group-0 initiative mid-list
    # Digest batches in a shuffled order, so a small batch is a mix of roles.
    ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    data.reader_ids = random.Random(SEED).sample(ids, len(ids))
    return data


def row_counts() -> list[tuple[str, int]]:
    from accounts.models import Membership, User, WorkingGroup
    from proposals.models import (
        Activity,
        Comment,
        EvidenceLink,
        Follow,
        Initiative,
        InitiativeOwner,
        Milestone,
    )

    models = [
        ("users", User),
        ("working groups", WorkingGroup),
        ("memberships", Membership),
        ("initiatives", Initiative),
        ("owners", InitiativeOwner),
        ("milestones", Milestone),
        ("evidence", EvidenceLink),
        ("activity", Activity),
        ("comments", Comment),
        ("follows", Follow),
    ]
    return [(label, model.objects.count()) for label, model in models]


# --- measuring ------------------------------------------------------------------------------------


class Result:
    def __init__(self, name: str, timings: list[float], queries: list[int], rows: int | None, note: str = ""):
        self.name, self.timings, self.queries, self.rows, self.note = name, timings, queries, rows, note

    @property
    def median(self) -> float:
        return statistics.median(self.timings)

    @property
    def p95(self) -> float:
        ordered = sorted(self.timings)  # nearest rank: with fewer than 20 runs this is the slowest one
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def query_figure(self) -> str:
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}-{high}"


def measure(name: str, case: Callable[[], tuple[int | None, str]], repeat: int) -> Result:
    """Run ``case`` once to warm up, then ``repeat`` times; ``case`` returns (rows, note)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone, translation

    timings, queries = [], []
    gc.collect()  # start each case with no garbage left by the one before; collection stays on while timing
    for run in range(repeat + 1):
        translation.activate("en")
        timezone.deactivate()  # the site's middleware leaves the signed-in user's zone active
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            rows, note = case()
            elapsed = (time.perf_counter() - started) * 1000
        if run:
            timings.append(elapsed)
            queries.append(len(captured))
    result = Result(name, timings, queries, rows, note)
    print(f"  {name:<46} {result.median:>9.1f} ms", flush=True)
    return result


def cases(data: Data) -> list[tuple[str, Callable[[], tuple[int | None, str]]]]:
    from django.core.paginator import Paginator
    from django.test import Client

    from proposals import screens, selectors
    from proposals.digests import is_empty, preview

    stakeholder, coordinator = data.stakeholder, data.coordinator

    def list_first_page(user):
        def case():
            queryset, _ = selectors.initiative_list(user=user, params={})
            page = Paginator(queryset, PAGE_SIZE).get_page(1)
            rows = selectors.with_health_reasons(page.object_list, today=data.today)
            for row in rows:
                _ = (
                    row.working_group.name,
                    row.progress,
                    row.health,
                    row.health_rank,
                    row.health_reason,
                    row.last_activity_at,
                    row.next_milestone_title,
                    row.next_milestone_due,
                )
                _ = [ownership.user.name for ownership in row.ownerships.all()]
            return len(rows), f"of {page.paginator.count} visible"

        return case

    def detail():
        initiative = selectors.initiative_detail(user=coordinator, slug=data.detail_slug)
        _ = (initiative.is_followed, initiative.progress, selectors.health_reason(initiative, data.today))
        touched = 0
        for ownership in initiative.ownerships.all():
            _ = ownership.user.name
            touched += 1
        for milestone in initiative.milestones.all():
            _ = (milestone.owner, milestone.submitted_by, milestone.decided_by)
            touched += 1
        for indicator in initiative.indicators.all():
            for reading in indicator.readings.all():
                _ = (reading.evidence, reading.recorded_by)
                touched += 1
        for link in initiative.evidence.all():
            _ = (link.added_by, link.milestone)
            touched += 1
        for update in initiative.progress_updates.all():
            _ = (update.author, update.milestone, update.evidence)
            touched += 1
        touched += len(initiative.sources.all())
        # Comments come a screen at a time, as the page shows them.
        comments, _older = screens.comments_screen(initiative=initiative, user=coordinator, can_moderate=True)
        for comment in comments:
            _ = (comment.author, comment.milestone, comment.hidden_by)
            touched += 1
        return touched, "related rows touched"

    def review():
        user = coordinator
        milestones = list(selectors.review_queue(user=user))
        for milestone in milestones:
            _ = (milestone.initiative.working_group.name, milestone.owner, milestone.submitted_by)
            _ = [link.added_by for link in milestone.evidence.all()]
        count = selectors.review_queue_count(user=user)
        return len(milestones), f"count {count}"

    def page(user, path):
        client = Client()
        client.force_login(user)

        def case():
            response = client.get(path)
            return None, f"HTTP {response.status_code}, {len(response.content) // 1024} KiB"

        return case

    def digests(size):
        ids = data.reader_ids[:size]

        def case():
            built = preview(ids, "weekly", data.period_end)
            empty = sum(1 for _, content in built if is_empty(content))
            return len(built), f"{len(built) - empty} not empty"

        return case

    detail_path = f"/initiatives/{data.detail_slug}/"
    found = [
        ("selectors.initiative_list (stakeholder)", list_first_page(stakeholder)),
        ("selectors.initiative_list (coordinator)", list_first_page(coordinator)),
        ("selectors.initiative_detail (coordinator)", detail),
        ("selectors.review_queue + count (coordinator)", review),
        ("page /initiatives/ (stakeholder)", page(stakeholder, "/initiatives/")),
        ("page /initiatives/ (coordinator)", page(coordinator, "/initiatives/")),
        ("page /initiatives/<slug>/ (coordinator)", page(coordinator, detail_path)),
    ]
    for size in sorted({min(size, len(data.reader_ids)) for size in DIGEST_BATCHES}):
        found.append((f"digests.preview, batch of {size}", digests(size)))
    return found


# --- report ---------------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def print_header(args, timings: dict[str, float]) -> None:
    import django
    from django.db import connection
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    db = connection.settings_dict
    counts = row_counts()
    print()
    print(f"date        {timezone.now():%Y-%m-%d %H:%M} UTC")
    print(
        f"python      {platform.python_version()} ({platform.python_implementation()}), Django {django.get_version()}"
    )
    print(f"machine     {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu_model()})")
    print(f"postgresql  {server}, database {db['NAME']} on {db.get('HOST') or 'socket'}:{db.get('PORT') or 5432}")
    print("rows        " + ", ".join(f"{label} {count}" for label, count in counts[:5]))
    print("            " + ", ".join(f"{label} {count}" for label, count in counts[5:]))
    print(f"setup       migrate {timings['migrate']:.1f} s, data {timings['data']:.1f} s")
    print(f"repeats     {args.repeat} timed runs per case after 1 warm-up; DEBUG=true; p95 is nearest-rank")
    print()


def print_table(results: list[Result]) -> None:
    print(f"{'case':<46} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'rows':>6}  note")
    print("-" * 106)
    for r in results:
        rows = "-" if r.rows is None else r.rows
        print(f"{r.name:<46} {r.median:>10.1f} {r.p95:>9.1f} {r.query_figure:>8} {rows:>6}  {r.note}")


def main(argv=None) -> int:
    args = parse_args(argv)
    create_database(args.database_url)
    failed = False
    try:
        configure_django(args.database_url)
        from django.core.management import call_command
        from django.test.utils import override_settings

        print(f"Benchmarks: {args.initiatives} initiatives, {args.users} users, {args.repeat} repeats", flush=True)
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        timings = {"migrate": time.perf_counter() - started}
        started = time.perf_counter()
        data = generate(initiatives=args.initiatives, users=args.users)
        timings["data"] = time.perf_counter() - started
        # The setup's long-lived objects (models, settings, templates) are not rescanned by every collection
        # during the timed runs: without this, one run in five or ten pays for a full collection.
        gc.collect()
        gc.freeze()

        # Nothing is sent (digests are only built), but if anything tried, it would stay in memory.
        from django.conf import settings

        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        ):
            results = [measure(name, case, args.repeat) for name, case in cases(data)]
        print_header(args, timings)
        print_table(results)
        bad = [r.name for r in results if r.note.startswith("HTTP") and not r.note.startswith("HTTP 200")]
        if bad:
            failed = True
            print(f"\nThese pages did not answer 200, so their figures describe an error: {', '.join(bad)}")
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        _, name = server_params(args.database_url)
        if args.keep:
            print(f"\nKept database {name!r} (--keep); drop it with: dropdb -h 127.0.0.1 -U postgres {name}")
        else:
            drop_database(args.database_url)
            print(f"\nDropped database {name!r}.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

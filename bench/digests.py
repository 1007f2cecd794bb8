"""The weekly digest run in one process: seconds for N readers, milliseconds per reader, queries per batch.

    .venv/bin/python bench/digests.py [--readers 2000,10000] [--initiatives 5000] [--users 10000]
                                      [--database-url URL] [--reuse] [--keep]

By default it creates a scratch PostgreSQL database (``tracker_digest_bench`` unless ``--database-url``
or ``BENCH_DATABASE_URL`` names another), migrates it, fills it with ``manage.py generate_scale_data``
and drops it at the end unless ``--keep``. ``--reuse`` runs on a database that a previous ``--keep``
run (or ``generate_scale_data``) filled, and leaves it in place.

For each reader count, readers are drawn at random (fixed seed) from the programme's users and only
they take the weekly digest; every earlier digest is deleted; then, as the hourly dispatcher does,
``digests.plan_batches(now, "weekly")`` and ``digests.send_batch`` for every batch, one after the
other, in this process, with the in-memory e-mail backend and ``DEBUG`` off. Prints seconds, ms per
reader and the queries of each batch (``CaptureQueriesContext``). ``measure`` is the same for a
caller that has already set Django up (``make bench``). It prints figures and never fails on them.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import cpu_model, create_database, drop_database, server_params  # noqa: E402 - after the path

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tracker_digest_bench"
SEED = 20261130


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", default="2000,10000", help="reader counts to time (default 2000,10000)")
    parser.add_argument("--initiatives", type=int, default=5000, help="initiatives to generate (default 5000)")
    parser.add_argument("--users", type=int, default=10000, help="users to generate (default 10000)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help=f"scratch PostgreSQL database (default {DEFAULT_DATABASE_URL})",
    )
    parser.add_argument("--batch-size", type=int, help="readers per batch (default: digests.BATCH_SIZE)")
    parser.add_argument("--reuse", action="store_true", help="run on an existing, already filled database")
    parser.add_argument("--keep", action="store_true", help="leave the database in place at the end")
    args = parser.parse_args(argv)
    try:
        args.readers = [int(part) for part in args.readers.split(",") if part.strip()]
    except ValueError:
        parser.error("--readers: numbers separated by commas")
    return args


def configure_django(database_url: str) -> None:
    """tracker.settings with DEBUG off (as a worker runs) on the scratch database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def backend_cpu_seconds() -> float | None:
    """CPU time of this connection's PostgreSQL backend so far, when the server runs on this machine."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime, in clock ticks


def measure(
    reader_counts: list[int], *, seed: int = SEED, batch_size: int | None = None, budget: float | None = None
) -> list[dict[str, Any]]:
    """The weekly run for each count of readers drawn from the programme's users; one dict per run.

    Changes who takes the weekly digest and deletes every digest: for a scratch database only. After
    ``budget`` seconds a run starts no further batch (``complete`` false; ``projected_s`` extrapolates),
    so a slow build cannot hold ``make bench`` for an hour.
    """
    from django.core import mail as django_mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from accounts.models import User
    from proposals import digests
    from proposals.models import Digest

    ids = list(User.objects.filter(is_active=True).exclude(email="").order_by("pk").values_list("pk", flat=True))
    runs = []
    for count in reader_counts:
        chosen = random.Random(seed + count).sample(ids, min(count, len(ids)))
        Digest.objects.all().delete()
        User.objects.update(digest_frequency="off")
        User.objects.filter(pk__in=chosen).update(digest_frequency="weekly")
        gc.collect()
        queries: list[int] = []
        outcome = digests.DigestOutcome()
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            django_mail.outbox = []
            backend_before = backend_cpu_seconds()
            cpu_started = time.process_time()
            started = time.perf_counter()
            batches = digests.plan_batches(timezone.now(), "weekly", batch_size or digests.BATCH_SIZE)
            done = 0
            for batch in batches:
                if budget is not None and time.perf_counter() - started > budget:
                    break
                # CaptureQueriesContext counts within Django's bounded query log: start each batch with it empty.
                connection.queries_log.clear()
                with CaptureQueriesContext(connection) as captured:
                    outcome = outcome.add(digests.send_batch(batch.user_ids, batch.frequency, batch.period_end))
                queries.append(len(captured))
                done += len(batch.user_ids)
                django_mail.outbox = []  # holding thousands of sent messages would only cost memory
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            backend_after = backend_cpu_seconds()
        database_cpu = None if backend_before is None or backend_after is None else backend_after - backend_before
        readers = sum(len(batch.user_ids) for batch in batches)
        runs.append(
            {
                "readers": readers,
                "done": done,
                "complete": done == readers,
                "seconds": seconds,
                "projected_s": seconds * readers / done if done else None,
                "ms_per_reader": seconds * 1000 / done if done else None,
                "batches": len(batches),
                "batch_size": batch_size or digests.BATCH_SIZE,
                "queries_per_batch": [min(queries, default=0), max(queries, default=0)],
                "queries": sum(queries),
                "sent": outcome.sent,
                "empty": outcome.empty,
                "failed": outcome.failed,
                # Busy CPU of this process and of its database backend: what the run costs, whatever else the
                # machine is doing at the time (the wall-clock seconds depend on that too).
                "cpu_s": cpu,
                "database_cpu_s": database_cpu,
            }
        )
    return runs


def print_runs(runs: list[dict[str, Any]]) -> None:
    print(
        f"{'readers':>8} {'seconds':>8} {'ms/reader':>10} {'batches':>8} {'of':>6} {'queries/batch':>14} "
        f"{'sent':>7} {'empty':>6} {'failed':>6} {'cpu s':>7} {'db cpu s':>9}"
    )
    for run in runs:
        low, high = run["queries_per_batch"]
        database = "–" if run["database_cpu_s"] is None else f"{run['database_cpu_s']:.1f}"
        print(
            f"{run['readers']:>8,} {run['seconds']:>8.1f} {run['ms_per_reader']:>10.2f} {run['batches']:>8} "
            f"{run['batch_size']:>6} {f'{low}–{high}':>14} {run['sent']:>7,} {run['empty']:>6,} "
            f"{run['failed']:>6,} {run['cpu_s']:>7.1f} {database:>9}"
        )
    print(
        "queries per batch: a fixed number to build and record it, then each mailed digest's claim "
        "(mail.send_once: BEGIN, UPDATE, COMMIT)"
    )
    print("cpu s: this process; db cpu s: its PostgreSQL backend (when the server runs on this machine)")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.reuse:
        create_database(args.database_url)
    try:
        configure_django(args.database_url)
        from django.core.management import call_command

        if not args.reuse:
            call_command("migrate", verbosity=0, interactive=False)
            started = time.perf_counter()
            call_command("generate_scale_data", initiatives=args.initiatives, users=args.users, verbosity=0)
            print(
                f"generated {args.initiatives:,} initiatives and {args.users:,} users "
                f"in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
        print(
            f"machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu_model()}), "
            f"load average {', '.join(f'{load:.1f}' for load in os.getloadavg())}; Python "
            f"{platform.python_version()}",
            flush=True,
        )
        print_runs(measure(args.readers, batch_size=args.batch_size))
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        _, name = server_params(args.database_url)
        if not (args.keep or args.reuse):
            drop_database(args.database_url)
            print(f"Dropped database {name!r}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

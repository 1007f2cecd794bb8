"""``make bench``: the site served by gunicorn as production serves it, driven on loopback, beside its floor.

    .venv/bin/python bench/serve.py [--sizes 500,5000,20000] [--readers 2000,10000] [--seconds 8] [--keep]

For each size (initiatives; ``BENCH_SIZES`` sets the default), in a scratch PostgreSQL database
(``tracker_bench``, created and dropped by the run): ``manage.py migrate`` and ``generate_scale_data``,
count each page's queries in-process (bench/inprocess.py), then serve the site with gunicorn
(``gunicorn.conf.py``, ``tracker.settings_production``, 2 workers) and time every page at c=1 (a
sequential client) and c=8 (wrk, or a bounded Python client without it), then the floor
(bench/floor.py: the list pages' own SQL behind a minimal WSGI app, same gunicorn settings). On the
digest size, time the weekly digest run for 2,000 and 10,000 readers in one process. Everything that
runs the project's code is a fresh process started for that size, so a run measures the code as it is
when each size starts; this script itself never sets Django up. Prints one table per size, the growth
across sizes and the digests, checks each figure against the targets of issue 11, and writes
everything as JSON under ``var/bench/``. bench/README.md explains the figures. It never fails on a
figure; it exits 1 when a page or a floor does not answer 200, since the figures would then describe an
error page.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load, report  # noqa: E402 - after the project is on the path
from bench.inprocess import PAGES, Page  # noqa: E402
from bench.run import create_database, drop_database, server_params  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench"
DEFAULT_SIZES = "500,5000,20000"
DIGEST_SIZE = 5_000
WORKERS = 2
CONNECTIONS = 8
# Settings of the processes under test that the caller's environment must not decide.
OWN_VARIABLES = (
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "STATIC_ROOT",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "WEB_CONCURRENCY",
    "EMAIL_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def size_list(text: str) -> list[int]:
    try:
        values = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers separated by commas, got {text!r}") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("expected at least one positive number")
    return values


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=size_list,
        default=size_list(os.environ.get("BENCH_SIZES") or DEFAULT_SIZES),
        help=f"initiatives per programme, comma-separated (default BENCH_SIZES or {DEFAULT_SIZES})",
    )
    parser.add_argument(
        "--users", type=int, help="users per programme (default: twice the initiatives, between 1,000 and 20,000)"
    )
    parser.add_argument(
        "--readers",
        type=size_list,
        default=size_list("2000,10000"),
        help="digest readers to time (default 2000,10000; at most the programme's users)",
    )
    parser.add_argument("--no-digests", dest="readers", action="store_const", const=[], help="skip the digest run")
    parser.add_argument(
        "--digest-size",
        type=int,
        default=DIGEST_SIZE,
        help=f"the size whose programme the digests run on (default {DIGEST_SIZE:,}, else the largest size run)",
    )
    parser.add_argument(
        "--digest-budget",
        type=float,
        default=120,
        help="seconds after which a digest run starts no further batch and projects the rest (default 120)",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=8,
        help="seconds of load per page at c=8, and at most per page at c=1 (default 8)",
    )
    parser.add_argument("--requests", type=int, default=200, help="at most this many requests per page at c=1")
    parser.add_argument("--warmup", type=int, default=4, help="untimed requests per page first (default 4)")
    parser.add_argument(
        "--load-generator",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="wrk when installed (auto), or a Python client with threads",
    )
    parser.add_argument("--keep", action="store_true", help="leave the last size's database in place")
    parser.add_argument("--output", type=Path, default=ROOT / "var" / "bench", help="directory of the JSON results")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help=f"scratch PostgreSQL database, created and dropped by the run ({DEFAULT_DATABASE_URL})",
    )
    args = parser.parse_args(argv)
    if args.load_generator == "auto":
        args.load_generator = "wrk" if load.wrk_available() else "python"
    elif args.load_generator == "wrk" and not load.wrk_available():
        parser.error("wrk is not installed (Debian: apt-get install wrk); use --load-generator python")
    return args


def users_for(initiatives: int, fixed: int | None) -> int:
    return fixed if fixed else max(1_000, min(2 * initiatives, 20_000))


# --- processes ------------------------------------------------------------------------------------


def production_env(*, database_url: str, static_root: Path, secret_key: str) -> dict[str, str]:
    """What the production processes get: tracker.settings_production behind a TLS-terminating proxy."""
    inherited = {key: value for key, value in os.environ.items() if key not in OWN_VARIABLES}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "tracker.settings_production",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        # No proxy is in front: gunicorn is reached over plain HTTP with the proxy's headers.
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Pages publish nothing; if one did, it must fail fast and be logged, never reach a real worker.
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
        "WEB_CONCURRENCY": str(WORKERS),
    }


def run(command: list[str], env: dict[str, str], *, live: bool = False) -> str:
    """Run a step of the benchmark in the project; its output, or exit with it when the step fails."""
    result = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=env,
        check=False,
        timeout=3600,
        stdout=None if live else subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout or ''}")
    return result.stdout or ""


@contextlib.contextmanager
def gunicorn(app: str, env: dict[str, str], log: Path) -> Iterator[int]:
    """gunicorn with the repository's gunicorn.conf.py on a socket bound here, so requests queue until it is up."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    with log.open("ab") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                app,
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"fd://{listener.fileno()}",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            pass_fds=(listener.fileno(),),
        )
    try:
        yield listener.getsockname()[1]
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        listener.close()


def server_version(database_url: str) -> str:
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "unknown"


# --- one size -------------------------------------------------------------------------------------


def drive(
    pages: tuple[Page, ...], args: argparse.Namespace, visitors: dict[str, load.Visitor], path_of: Callable[[Page], str]
) -> dict[str, dict[str, Any]]:
    """Each page at c=1 (after a warm-up), then at c=8, as the signed-in reader the page names."""
    figures = {}
    for page in pages:
        visitor, path = visitors[page.reader], path_of(page)
        timed = load.sequential(visitor, path, warmup=args.warmup, requests=args.requests, seconds=args.seconds)
        rate = load.throughput(visitor, path, connections=CONNECTIONS, seconds=args.seconds, tool=args.load_generator)
        figures[page.key] = {
            "path": path,
            "p50_ms": timed.p50,
            "p99_ms": timed.p99,
            "samples": len(timed.timings_ms),
            "statuses": timed.statuses,
            "bytes": timed.bytes,
            "rps": rate.requests_per_second,
            "load_requests": rate.requests,
            "load_errors": rate.errors,
        }
        print(f"  {page.label:<28} p50 {timed.p50:>8.1f} ms  {rate.requests_per_second:>7.1f} req/s", flush=True)
    return figures


def measure_size(
    initiatives: int, args: argparse.Namespace, env: dict[str, str], workdir: Path, password: str
) -> dict[str, Any]:
    users = users_for(initiatives, args.users)
    print(f"\n{initiatives:,} initiatives, {users:,} users: migrating and generating…", flush=True)
    started = time.perf_counter()
    run(["manage.py", "migrate", "--noinput", "-v0"], env)
    migrate_s = time.perf_counter() - started
    started = time.perf_counter()
    generated = run(
        [
            "manage.py",
            "generate_scale_data",
            f"--initiatives={initiatives}",
            f"--users={users}",
            "--big-initiative",
            f"--password={password}",
        ],
        env,
    ).replace(password, "…")
    generation_s = time.perf_counter() - started
    print("  " + generated.strip().replace("\n", "\n  "), flush=True)

    captured_file = workdir / f"capture-{initiatives}.json"
    run(["bench/inprocess.py", "capture", f"--initiatives={initiatives}", f"--out={captured_file}"], env)
    captured = json.loads(captured_file.read_text())
    counted, programme = captured["pages"], captured["programme"]
    load_average = os.getloadavg()

    print("  the site (gunicorn, tracker.settings_production):", flush=True)
    with gunicorn("tracker.wsgi:application", env, workdir / f"site-{initiatives}.log") as port:
        visitors = {"stakeholder": load.Visitor(port), "coordinator": load.Visitor(port)}
        for reader, visitor in visitors.items():
            visitor.sign_in(programme[reader], password)
        ours = drive(PAGES, args, visitors, lambda page: counted[page.key]["path"])

    print("  the floor (bench/floor.py, same gunicorn settings):", flush=True)
    statements = workdir / f"floor-{initiatives}.json"
    statements.write_text(json.dumps({page.key: counted[page.key]["statements"] for page in PAGES if page.floor}))
    floor_pages = tuple(page for page in PAGES if page.floor)
    with gunicorn(
        "bench.floor:application", {**env, "BENCH_FLOOR_SQL": str(statements)}, workdir / f"floor-{initiatives}.log"
    ) as port:
        floors = drive(floor_pages, args, {"stakeholder": load.Visitor(port)}, lambda page: f"/{page.key}")

    rows = []
    for page in PAGES:
        row: dict[str, Any] = {
            "key": page.key,
            "label": page.label,
            "reader": page.reader,
            **ours[page.key],
            **{k: v for k, v in counted[page.key].items() if k not in ("statements", "path")},
        }
        if page.floor:
            floor = floors[page.key]
            row["floor"] = {
                "p50_ms": floor["p50_ms"],
                "p99_ms": floor["p99_ms"],
                "rps": floor["rps"],
                "bytes": floor["bytes"],
                "statuses": sorted(set(floor["statuses"])),
            }
            floor_ok = set(floor["statuses"]) == {200}
            row["floor_ratio"] = row["p50_ms"] / floor["p50_ms"] if floor_ok and floor["p50_ms"] else None
        row["targets"] = report.checks(row, page.targets)
        rows.append(row)
    return {
        "initiatives": initiatives,
        "users": users,
        "groups": programme["groups"],
        "review_waiting": programme["review_waiting"],
        "big_initiative": programme["big"],
        "owner": programme["owner"],
        "database": captured["database"],
        "migrate_s": migrate_s,
        "generation_s": generation_s,
        "generation_output": generated,
        "load_average": load_average,
        "pages": rows,
    }


def measure_digests(initiatives: int, args: argparse.Namespace, env: dict[str, str], workdir: Path) -> dict[str, Any]:
    out = workdir / f"digests-{initiatives}.json"
    run(
        [
            "bench/inprocess.py",
            "digests",
            f"--readers={','.join(map(str, args.readers))}",
            f"--budget={args.digest_budget}",
            f"--out={out}",
        ],
        env,
        live=True,
    )
    found: dict[str, Any] = {"initiatives": initiatives, **json.loads(out.read_text())}
    for entry in found["runs"]:
        targets: tuple[report.Target, ...] = (report.DIGEST_PER_READER,)
        if entry["readers"] >= report.DIGEST_TOTAL_READERS:
            targets += (report.DIGEST_TOTAL,)
        # A run stopped at the budget has not met a total it was still short of.
        entry["targets"] = report.checks({**entry, "seconds": entry["seconds"] if entry["complete"] else None}, targets)
    return found


def keep_logs(workdir: Path, destination: Path) -> None:
    """The servers' logs outlive the run's scratch directory when a page or floor answered an error."""
    destination.mkdir(parents=True, exist_ok=True)
    for log in workdir.glob("*.log"):
        shutil.copy2(log, destination / log.name)
    print(f"Server logs: {destination}", flush=True)


# --- the run --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _, name = server_params(args.database_url)
    create_database(args.database_url)  # refuses one that exists: it is not ours to fill and drop
    result: dict[str, Any] = {"sizes": [], "digests": {}}
    digest_size = args.digest_size if args.digest_size in args.sizes else max(args.sizes)
    try:
        with tempfile.TemporaryDirectory(prefix="tracker-bench-") as scratch:
            workdir = Path(scratch)
            env = production_env(
                database_url=args.database_url, static_root=workdir / "static", secret_key=secrets.token_urlsafe(48)
            )
            run(["manage.py", "collectstatic", "--noinput", "-v0"], env)
            result["machine"] = report.machine(
                ROOT,
                postgresql=server_version(args.database_url),
                load_generator=load.wrk_version() if args.load_generator == "wrk" else "Python threads (no wrk)",
            )
            result["settings"] = {
                "server": f"gunicorn, gunicorn.conf.py, {WORKERS} workers, tracker.settings_production, DEBUG off",
                "c1": f"up to {args.requests} requests or {args.seconds:g} s after {args.warmup} untimed",
                "connections": CONNECTIONS,
                "seconds": args.seconds,
            }
            report.print_header(result["machine"], result["settings"])
            password = secrets.token_urlsafe(12)
            for position, initiatives in enumerate(args.sizes):
                if position:
                    drop_database(args.database_url)
                    create_database(args.database_url)
                size = measure_size(initiatives, args, env, workdir, password)
                result["sizes"].append(size)
                if initiatives == digest_size and args.readers:
                    result["digests"] = measure_digests(initiatives, args, env, workdir)
                report.print_size(size)
                if report.not_ok(size):
                    keep_logs(workdir, args.output / f"logs-{report.stamp(result)}")
        report.print_growth(result["sizes"])
        report.print_digests(result["digests"])
    finally:
        if "machine" in result:
            result["complete"] = len(result["sizes"]) == len(args.sizes)
            print(f"\nResults: {report.write_json(args.output, result)}")
        if args.keep:
            print(f"Kept database {name!r} (--keep); drop it with: dropdb -h 127.0.0.1 -U postgres {name}")
        else:
            drop_database(args.database_url)
            print(f"Dropped database {name!r}.")
    return 1 if any(report.not_ok(size) for size in result["sizes"]) else 0


if __name__ == "__main__":
    sys.exit(main())

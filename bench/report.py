"""The targets of issue 11 and how bench/serve.py prints and stores its figures.

A figure is checked against its target where it is printed ("✓" met, "✗" not met); each row ends with
"met", "not met (…)" naming what missed, or "–" when the page has no target.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

KB = 1000


@dataclasses.dataclass(frozen=True)
class Target:
    figure: str  # a key of the measured row: p50_ms, rps, bytes, floor_ratio, seconds, ms_per_reader
    bound: float
    at_most: bool  # True: the figure must not exceed the bound; False: it must reach it
    label: str
    strict: bool = False  # "under 60 KB": the bound itself misses

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        if self.at_most:
            return value < self.bound if self.strict else value <= self.bound
        return value >= self.bound


LIST = (
    Target("p50_ms", 50, True, "p50 ≤ 50 ms"),
    Target("rps", 100, False, "≥ 100 req/s"),
    Target("bytes", 60 * KB, True, "< 60 KB", strict=True),
)
LIST_FLOOR = Target("floor_ratio", 2.5, True, "≤ 2.5× floor")
REVIEW = (Target("p50_ms", 50, True, "p50 ≤ 50 ms"),)
INITIATIVE = (Target("p50_ms", 80, True, "p50 ≤ 80 ms"),)
DIGEST_PER_READER = Target("ms_per_reader", 6, True, "≤ 6 ms per reader")
DIGEST_TOTAL = Target("seconds", 60, True, "10,000 readers ≤ 60 s")
DIGEST_TOTAL_READERS = 10_000


def checks(row: dict[str, Any], targets: tuple[Target, ...]) -> list[dict[str, Any]]:
    return [
        {"target": t.label, "figure": t.figure, "value": row.get(t.figure), "met": t.met(row.get(t.figure))}
        for t in targets
    ]


def verdict(results: list[dict[str, Any]]) -> str:
    if not results:
        return "–"
    missed = [r["target"] for r in results if r["met"] is not True]
    return "met" if not missed else "not met (" + ", ".join(missed) + ")"


def mark(row: dict[str, Any], figure: str) -> str:
    for result in row.get("targets", []):
        if result["figure"] == figure:
            return " ✓" if result["met"] else " ✗"
    return "  "


# --- the machine ----------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def commit(root: Path) -> str:
    """The checked-out commit, with "+ local changes" when the working tree differs from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} + local changes" if dirty else head


def machine(root: Path, *, postgresql: str, load_generator: str) -> dict[str, Any]:
    import django
    import gunicorn

    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit(root),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "os": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "postgresql": postgresql,
        "load_generator": load_generator,
        # Other processes on the machine share its cores with the server, the load generator and PostgreSQL.
        "load_average": os.getloadavg(),
    }


# --- printing -------------------------------------------------------------------------------------


def number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def print_header(description: dict[str, Any], settings: dict[str, Any]) -> None:
    print()
    print(f"date        {description['date']}   commit {description['commit']}")
    print(
        f"machine     {description['cpu']}, {description['cores']} cores, {description['os']}; load average "
        f"{', '.join(f'{n:.1f}' for n in description['load_average'])} at the start"
    )
    print(
        f"software    Python {description['python']}, Django {description['django']}, gunicorn "
        f"{description['gunicorn']}, PostgreSQL {description['postgresql']}"
    )
    print(
        f"load        {description['load_generator']}; c=1: {settings['c1']}; c={settings['connections']}: "
        f"{settings['seconds']:g} s per page"
    )
    print(f"server      {settings['server']}")


def print_size(size: dict[str, Any]) -> None:
    print()
    print(
        f"== {size['initiatives']:,} initiatives, {size['users']:,} users, {size['groups']} working groups "
        f"(generated in {size['generation_s']:.0f} s; {size['review_waiting']:,} milestones waiting for review; "
        f"load average {size['load_average'][0]:.1f} before the pages)"
    )
    if size.get("database"):
        print("database connections: " + ", ".join(f"{key} {value}" for key, value in size["database"].items()))
    print(
        f"{'page':<28} {'p50 ms':>10} {'p99 ms':>9} {'req/s c=8':>11} {'KB':>9} {'queries':>8} {'sql ms':>7}"
        f" {'floor p50':>10} {'floor r/s':>10} {'×floor':>8}  targets"
    )
    print("-" * 150)
    for row in size["pages"]:
        floor = row.get("floor") or {}
        print(
            f"{row['label']:<28} {number(row['p50_ms']):>8}{mark(row, 'p50_ms')} {number(row['p99_ms']):>9}"
            f" {number(row['rps']):>9}{mark(row, 'rps')} {number(row['bytes'] / KB):>7}{mark(row, 'bytes')}"
            f" {row['queries']:>8} {number(row['sql_ms']):>7}"
            f" {number(floor.get('p50_ms')):>10} {number(floor.get('rps')):>10}"
            f" {number(row.get('floor_ratio')):>6}{mark(row, 'floor_ratio')}  {verdict(row['targets'])}"
        )
    bad = [f"{label} ({', '.join(map(str, statuses))})" for label, statuses in not_ok(size)]
    if bad:
        print(f"Not every answer was 200, so these figures describe an error: {'; '.join(bad)}")


def not_ok(size: dict[str, Any]) -> list[tuple[str, list[int]]]:
    """The pages, and the floors, that answered anything but 200 at c=1, with what they answered."""
    found = []
    for row in size["pages"]:
        if set(row["statuses"]) != {200}:
            found.append((row["label"], sorted(set(row["statuses"]))))
        if row.get("floor") and row["floor"]["statuses"] != [200]:
            found.append((f"floor of {row['label']}", row["floor"]["statuses"]))
    return found


def print_growth(sizes: list[dict[str, Any]]) -> None:
    if len(sizes) < 2:
        return
    print()
    print("== growth: p50 ms at c=1 / req/s at c=8")
    print(f"{'page':<28}" + "".join(f" {size['initiatives']:>14,}" for size in sizes))
    for index, row in enumerate(sizes[0]["pages"]):
        cells = []
        for size in sizes:
            other = size["pages"][index]
            cells.append(f" {number(other['p50_ms'], 0):>7} / {number(other['rps'], 0):>4}")
        print(f"{row['label']:<28}" + "".join(cells))


def print_digests(digests: dict[str, Any]) -> None:
    if not digests:
        return
    print()
    print(
        f"== digests: {digests['initiatives']:,} initiatives; one process, in-memory e-mail; batches of "
        f"{digests['batch_size']}; stops starting batches after {digests['budget_s']:g} s"
    )
    print(
        f"{'readers':>8} {'done':>7} {'seconds':>9} {'ms/reader':>10} {'queries/batch':>14} {'q/reader':>9}"
        f" {'sent':>7} {'empty':>6}  targets"
    )
    print("-" * 110)
    for run in digests["runs"]:
        seconds = number(run["seconds"])
        if not run["complete"]:
            seconds = f"{number(run['projected_s'], 0)}*"
        queries = run["queries_per_batch"]
        print(
            f"{run['readers']:>8,} {run['done']:>7,} {seconds:>9}{mark(run, 'seconds')} "
            f"{number(run['ms_per_reader']):>8}{mark(run, 'ms_per_reader')} "
            f"{queries[0]:>6}–{queries[1]:<7} {number(run['queries'] / run['done'] if run['done'] else None):>9}"
            f" {run['sent']:>7,} {run['empty']:>6,}  {verdict(run['targets'])}"
        )
    if any(not run["complete"] for run in digests["runs"]):
        print("* stopped at the time budget; seconds projected from the readers done")


def stamp(result: dict[str, Any]) -> str:
    return str(result["machine"]["date"]).replace(":", "").replace("-", "")[:15]


def write_json(directory: Path, result: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"bench-{stamp(result)}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return path

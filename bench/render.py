"""How long rendering user text takes on inputs built to be slow: Markdown to sanitized HTML.

    .venv/bin/python bench/render.py [--repeat 5]

Times ``proposals.markup.render_markdown`` (cmark-gfm, then nh3) on each input ``--repeat``
times after one warm-up run and prints median and slowest milliseconds, input and output sizes.
It prints figures and never fails on them; tests/security/test_rendering.py holds the bound that
must not regress (every input under a second). No database and no Django settings are needed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proposals.markup import render_markdown  # noqa: E402 - after the project is on the path
from tracker.limits import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH  # noqa: E402


def _table(rows: int, columns: int) -> str:
    header = "|" + "".join(f" h{c} |" for c in range(columns)) + "\n"
    rule = "|" + "---|" * columns + "\n"
    return header + rule + ("|" + " cell |" * columns + "\n") * rows


REALISTIC = (
    "A standing **council** of both governments, meeting every quarter.\n\n"
    "- supply chains of *critical minerals*\n- export controls, aligned\n- [the report](https://example.org)\n\n"
    "| step | when |\n|---|---|\n| MOU | 2026 |\n| treaty | 2028 |\n\n> Quoted from the proposal.\n\n"
)

# Each case: what it is, the text. The first ones are the inputs that took Python-Markdown seconds
# (or raised RecursionError); the rest probe cmark-gfm and nh3 for the same kind of weakness.
CASES: list[tuple[str, Callable[[], str]]] = [
    ("[ x 20,000", lambda: "[" * 20_000),
    ("[ x 5,000", lambda: "[" * 5_000),
    ("` x 2,500", lambda: "`" * 2_500),
    ("` x 20,000", lambda: "`" * 20_000),
    ("list nested 1,000 deep (indented)", lambda: "".join("  " * i + "- item\n" for i in range(1_000))),
    ("list nested 1,000 deep (- - - …)", lambda: "- " * 1_000 + "item"),
    ("ordered list nested (1. 1. 1. …)", lambda: "1. " * 6_666),
    ("* x 20,000", lambda: "*" * 20_000),
    ("> nested 1,000 deep", lambda: ">" * 1_000 + " quote"),
    ("> nested 20,000 deep", lambda: ">" * 20_000 + " quote"),
    ("> and - alternating, 20,000 chars", lambda: "> - " * 5_000),
    ("table, 3 columns x 900 rows", lambda: _table(900, 3)),
    ("table, 3 columns x 5,000 rows", lambda: _table(5_000, 3)),
    ("table, 600 columns x 2 rows", lambda: _table(2, 600)),
    ("table, 1,000 columns x 20 rows", lambda: _table(20, 1_000)),
    ("_* alternating, 20,000 chars", lambda: "*_" * 5_000 + "a" + "_*" * 5_000),
    ("< x 20,000", lambda: "<" * 20_000),
    ("![ x 10,000 (images in links)", lambda: "![" * 10_000),
    ("autolinks www. x 2,000", lambda: "www.example.org " * 2_000),
    ("realistic description, at the limit", lambda: (REALISTIC * 100)[:DESCRIPTION_MAX_LENGTH]),
    ("realistic comment, at the limit", lambda: (REALISTIC * 50)[:COMMENT_MAX_LENGTH]),
]


def measure(text: str, repeat: int) -> tuple[float, float, int]:
    """Median and slowest milliseconds of ``repeat`` renderings after one warm-up, and the output's length."""
    html = render_markdown(text)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        render_markdown(text)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), max(timings), len(html)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per input, after one warm-up run")
    args = parser.parse_args(argv)
    print(f"{'input':<38} {'chars':>9} {'median ms':>10} {'max ms':>8} {'html chars':>11}")
    for name, build in CASES:
        text = build()
        median, slowest, output = measure(text, max(1, args.repeat))
        print(f"{name:<38} {len(text):>9,} {median:>10.1f} {slowest:>8.1f} {output:>11,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run the performance suite and print one table: `python -m benchmarks`.

    python -m benchmarks                    # everything (about 5 minutes on 2 cores)
    python -m benchmarks --quick            # smaller counts, for a first look (~1 minute)
    python -m benchmarks --only floor,scale # some groups: floor, scale, size, cold, tui,
                                            # batch, decisive, search, balance

The figures, the machine they came from and what dominates the remaining cost are in
docs/performance.md. Nothing here runs in CI: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from benchmarks.common import Row, load, machine, table

__all__ = ["main"]

GROUPS = ("floor", "scale", "size", "cold", "tui", "batch", "decisive", "search", "balance")


def _suite(quick: bool) -> dict[str, Callable[[], list[Row]]]:
    from benchmarks import (
        balance,
        batch,
        cold_start,
        decisive,
        engine_vs_floor,
        hostile_size,
        scale,
        search,
        tui_latency,
    )

    return {
        "floor": lambda: engine_vs_floor.run(games=4_000 if quick else 20_000),
        "scale": lambda: scale.run((100, 1_000, 3_000) if quick else scale.SIZES),
        "size": lambda: hostile_size.run(0.5 if quick else 1.0),
        "cold": lambda: cold_start.run(repeats=3 if quick else 7),
        "tui": lambda: tui_latency.run(limit=60 if quick else 400),
        "batch": lambda: batch.run(
            big=10_000 if quick else 100_000, throughput_runs=2_000 if quick else 10_000
        ),
        "decisive": lambda: decisive.run(repeats=3 if quick else 7),
        "search": lambda: search.run(quick),
        "balance": lambda: balance.run(quick),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="smaller counts")
    parser.add_argument(
        "--only", default=",".join(GROUPS), help=f"comma-separated: {', '.join(GROUPS)}"
    )
    args = parser.parse_args(argv)
    chosen = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = [g for g in chosen if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}; known: {', '.join(GROUPS)}")
    info = machine()
    print(
        f"machine: {info['nproc']} cores, {info['cpu']}, {info['implementation']} "
        f"{info['python']}, {info['os']}; load at start {load():.2f}",
        flush=True,
    )
    suite = _suite(args.quick)
    rows: list[Row] = []
    missed = 0
    for group in chosen:
        start = time.perf_counter()
        print(f"running {group} ...", file=sys.stderr, flush=True)
        found = suite[group]()
        rows.extend(found)
        missed += sum(1 for r in found if r.ok is False)
        print(f"  {group}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    print(table(rows))
    met = sum(1 for r in rows if r.ok)
    print(f"{met} target(s) PASS, {missed} FAIL" if missed else f"all {met} targets PASS")

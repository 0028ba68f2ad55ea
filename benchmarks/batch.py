"""Benchmark 5 and Greenland throughput: `wargame simulate` as a whole process.

* Memory: peak resident set size (`ru_maxrss` from `os.wait4`) of `wargame simulate
  scenarios/greenland.yaml` at 1,000 and 100,000 runs, one job, summary only. Flat means
  the batch streams: the 100,000-run figure should be the 1,000-run one plus a little.
* Throughput: playthroughs per second of Greenland with `--jobs 1` and `--jobs 0` (all
  cores). Wall time, because that is what parallelism buys; the load average says how many
  cores were really free.
"""

from __future__ import annotations

import os

from benchmarks.common import PYTHON, ROOT, Row, run_process

__all__ = ["run"]


def _simulate(runs: int, jobs: int) -> list[str]:
    greenland = str(ROOT / "scenarios" / "greenland.yaml")
    return [
        PYTHON,
        "-m",
        "wargame",
        "simulate",
        greenland,
        "--runs",
        str(runs),
        "--jobs",
        str(jobs),
        "--quiet",
        "--format",
        "json",
    ]


def run(big: int = 100_000, small: int = 1_000, throughput_runs: int = 10_000) -> list[Row]:
    rows: list[Row] = []
    rss: dict[int, int] = {}
    for runs in (small, big):
        result = run_process(_simulate(runs, 1))
        if result.returncode != 0:
            raise RuntimeError(f"wargame simulate failed ({result.returncode})")
        rss[runs] = result.max_rss_kb
        rows.append(
            Row(
                "memory",
                f"peak RSS, simulate {runs:,} runs",
                result.max_rss_kb / 1024,
                "MB",
                note=f"{runs / result.wall:,.0f} runs/s wall, CPU {result.cpu:.1f} s",
            )
        )
    growth = rss[big] / rss[small]
    rows.append(
        Row(
            "memory",
            f"growth {small:,} -> {big:,} runs",
            growth,
            "x",
            "flat (< 1.2x)",
            growth < 1.2,
        )
    )
    for jobs in (1, 0):
        result = run_process(_simulate(throughput_runs, jobs))
        if result.returncode != 0:
            raise RuntimeError(f"wargame simulate failed ({result.returncode})")
        label = "one core (--jobs 1)" if jobs == 1 else f"all cores (--jobs 0 = {os.cpu_count()})"
        rows.append(
            Row(
                "greenland",
                f"simulate, {label}",
                throughput_runs / result.wall,
                "games/s",
                note=f"{throughput_runs:,} runs, wall {result.wall:.1f} s, CPU {result.cpu:.1f} s",
            )
        )
    return rows

"""Benchmark: scenarios wide in one dimension, as a hostile or careless file would be.

    python -m benchmarks --only size

Three files, each within the loader's caps (1 MiB, 200,000 YAML values) but extreme in one
dimension: 10,000 actors, 20,000 variables, 5,000 endings. Each command runs in a child
process (`wargame validate`, `wargame lint`, `wargame simulate --runs 3`), so the figures
include start-up and printing; time is the process's CPU time (user + system) and the peak
memory its own (ru_maxrss).
Before the work was made linear, validating 10,000 actors took 25 s and 4.7 GB, and lint
of 5,000 endings or 20,000 variables ran for more than a minute.

Target (docs/performance.md): validate + lint of 10,000 actors under 3 s and 300 MB.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common import Row

__all__ = ["actors", "endings", "run", "variables"]

HEAD = "wargame: 1\nid: wide\ntitle: Wide\ncalendar: {start: Day 1, step: day, turns: 3}\n"
TAIL_MOVE = 'moves:\n  - {id: m, actor: a0, label: M, effects: ["v0 += 1"]}\n'


def actors(n: int) -> str:
    """`n` actors (one line each), one variable, one move, one ending (~230 KB at 10,000)."""
    lines = [f"  a{i}: {{name: Actor {i}}}" for i in range(n)]
    return (
        HEAD + "actors:\n" + "\n".join(lines) + "\nvariables:\n  v0: {start: 1}\n" + TAIL_MOVE
        + "endings:\n  - {id: e, title: E, default: true}\n"
    )


def variables(n: int) -> str:
    lines = [f"  v{i}: {{start: 1}}" for i in range(n)]
    return (
        HEAD + "actors:\n  a0: {name: A}\nvariables:\n" + "\n".join(lines) + "\n" + TAIL_MOVE
        + "endings:\n  - {id: e, title: E, default: true}\n"
    )


def endings(n: int) -> str:
    lines = [f'  - {{id: e{i}, title: E{i}, when: "v0 >= {i + 5}"}}' for i in range(n)]
    return (
        HEAD + "actors:\n  a0: {name: A}\nvariables:\n  v0: {start: 1}\n" + TAIL_MOVE
        + "endings:\n" + "\n".join(lines) + "\n  - {id: d, title: D, default: true}\n"
    )


_CHILD = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(done.returncode, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


def _measure(command: Sequence[str]) -> tuple[int, float, float]:
    """(exit status, CPU seconds, peak MB) of one command in its own process: CPU time,
    so a loaded machine (other work on the cores) does not inflate the figure."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, *command], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), float(out[1]), float(out[2]) / 1024


def _umpire_dashboard(text: str) -> Row:
    """The umpire's dashboard of the opening state (every actor's average trust from the
    others): CPU time in this process, the scenario loaded beforehand. It was quadratic in
    the actors (100 million cell reads at 10,000)."""
    from random import Random

    from wargame.engine import UMPIRE, initial_state
    from wargame.play.views import dashboard_view
    from wargame.scenario.loader import load_text
    from wargame.scenario.masking import IDENTITY

    scenario = load_text(text)
    state = initial_state(scenario, rng=Random(0))
    started = time.process_time()
    view = dashboard_view(scenario, state, UMPIRE, IDENTITY)
    cpu = time.process_time() - started
    return Row(
        "size", f"{len(view.actors):,} actors: umpire's dashboard", cpu, "s CPU", "< 1 s",
        cpu < 1.0, "every actor's average trust from the others",
    )


def run(scale: float = 1.0) -> list[Row]:
    rows: list[Row] = []
    wargame = [sys.executable, "-m", "wargame"]
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "10,000 actors": (Path(folder) / "actors.yaml", actors(int(10_000 * scale))),
            "20,000 variables": (Path(folder) / "variables.yaml", variables(int(20_000 * scale))),
            "5,000 endings": (Path(folder) / "endings.yaml", endings(int(5_000 * scale))),
        }
        for path, text in files.values():
            path.write_text(text, encoding="utf-8")
        path = files["10,000 actors"][0]
        v_code, v_cpu, v_peak = _measure([*wargame, "validate", str(path)])
        l_code, l_cpu, l_peak = _measure([*wargame, "lint", str(path)])
        both, peak = v_cpu + l_cpu, max(v_peak, l_peak)
        ok = v_code == 0 and l_code in (0, 1) and both < 3.0 and peak < 300
        rows.append(
            Row(
                "size", "10,000 actors: validate + lint", both, "s CPU", "< 3 s, < 300 MB", ok,
                f"validate {v_cpu:.2f}s {v_peak:.0f} MB; lint {l_cpu:.2f}s {l_peak:.0f} MB",
            )
        )
        rows.append(_umpire_dashboard(files["10,000 actors"][1]))
        for label, (path, _) in files.items():
            for verb, extra in (("lint", []), ("simulate", ["--runs", "3", "--quiet"])):
                if verb == "lint" and label == "10,000 actors":
                    continue
                code, cpu, peak = _measure([*wargame, verb, str(path), *extra])
                rows.append(
                    Row("size", f"{label}: {verb}", cpu, "s CPU", "", None,
                        f"exit {code}, peak {peak:.0f} MB")
                )
    return rows


if __name__ == "__main__":
    started = time.perf_counter()
    for row in run():
        print(row.name, f"{row.value:.2f}", row.unit, row.note)
    print(f"({time.perf_counter() - started:.0f} s; {resource.getpagesize()} B pages)")

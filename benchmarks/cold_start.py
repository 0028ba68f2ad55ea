"""Benchmark 3: cold start, as a person at a terminal feels it.

* `wargame validate scenarios/greenland.yaml` as a whole fresh process (`python -m wargame`,
  so the figure does not depend on where the console script was installed): the median
  wall time and the median CPU time (user + system of the child, from `os.wait4`) of
  several runs. On a shared machine the CPU figure is the fairer one.
* Time to the first TUI screen: a fresh process imports the app, builds `WargameApp` on
  Greenland and runs it headless (`App.run_test`, the same machinery as a terminal but no
  terminal); it prints the clock the moment the start screen is mounted and composed. The
  figure is that moment minus the moment the parent launched the process, so interpreter
  start-up and every import are included.

Both run with a warm bytecode cache, as an installed wargame has (pip compiles every module
at install). The children get their own cache directory (`PYTHONPYCACHEPREFIX`, a temporary
folder, so nothing is written into the checkout) and `PYTHONDONTWRITEBYTECODE` removed.

The validate run is measured a second way, as a development checkout with
`PYTHONDONTWRITEBYTECODE=1` starts: the libraries load their bytecode but wargame's own
modules are compiled from source on every run (~50-100 ms of CPU more). That row carries no
target: it measures the compiler, not the start-up a user of an installed wargame sees.

A single run of the suite is at the mercy of the neighbours' load (the same build measures
medians 0.1 s apart within an hour), so a change to start-up is judged against the build
before it, interleaved: `python -m benchmarks.cold_start --against DIR` alternates this
checkout's and DIR's `validate` runs (DIR holds another wargame tree, e.g. from
`git worktree add` or `git archive REV | tar -x -C DIR`) and prints both medians.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.common import PYTHON, ROOT, Row, load, median, run_process, table

__all__ = ["compare", "run"]

_FIRST_SCREEN = """
import asyncio, json, os, sys, tempfile, time
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
from pathlib import Path
from wargame.tui.app import PlayOptions, WargameApp

async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = WargameApp(PlayOptions(path=Path(sys.argv[1]), seed=7, cwd=Path(tmp),
                                     autosave=False, include_shipped=False))
        async with app.run_test(size=(120, 40)) as pilot:
            mounted = time.time()
            await pilot.pause()
            print(json.dumps({"mounted": mounted, "screen": type(app.screen).__name__}))
            app.exit(0)

asyncio.run(main())
"""


@contextmanager
def _bytecode_cached_env() -> Iterator[dict[str, str]]:
    """An environment whose processes write and reuse a bytecode cache (in a temp folder)."""
    with tempfile.TemporaryDirectory(prefix="wargame-bench-pyc-") as cache:
        env = dict(os.environ, PYTHONPYCACHEPREFIX=cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        yield env


@contextmanager
def _source_compiled_env() -> Iterator[dict[str, str]]:
    """An environment like a checkout under `PYTHONDONTWRITEBYTECODE=1`: the libraries'
    bytecode is there, wargame's is not and is never written."""
    with _bytecode_cached_env() as env:
        run_process(_validate_args(), env=env)  # the libraries' bytecode
        shutil.rmtree(Path(env["PYTHONPYCACHEPREFIX"]) / ROOT.relative_to(ROOT.anchor) / "wargame")
        yield dict(env, PYTHONDONTWRITEBYTECODE="1")


def _validate_args(root: Path = ROOT) -> list[str]:
    return [PYTHON, "-m", "wargame", "validate", str(root / "scenarios" / "greenland.yaml")]


def _validate_runs(repeats: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of `repeats` fresh `wargame validate greenland.yaml` processes."""
    args = _validate_args()
    run_process(args, env=env)  # warm the file cache (and the bytecode cache, if any)
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(repeats):
        result = run_process(args, env=env)
        if result.returncode != 0:
            raise RuntimeError(f"wargame validate failed ({result.returncode})")
        walls.append(result.wall)
        cpus.append(result.cpu)
    return walls, cpus


def run(repeats: int = 7) -> list[Row]:
    with _bytecode_cached_env() as env:
        rows = _run(repeats, env)
    with _source_compiled_env() as env:
        _, cpus = _validate_runs(repeats, env)
    rows.insert(
        2,
        Row(
            "cold start",
            "`wargame validate greenland.yaml` (CPU), wargame compiled every run",
            median(cpus),
            "s",
            note=f"median of {repeats}; PYTHONDONTWRITEBYTECODE=1 checkout, no target",
        ),
    )
    return rows


def _run(repeats: int, env: dict[str, str]) -> list[Row]:
    greenland = str(ROOT / "scenarios" / "greenland.yaml")
    walls, cpus = _validate_runs(repeats, env)
    rows = [
        Row(
            "cold start",
            "`wargame validate greenland.yaml` (CPU)",
            median(cpus),
            "s",
            "< 0.5 s",
            median(cpus) < 0.5,
            f"median of {repeats} fresh processes, bytecode cached",
        ),
        Row(
            "cold start",
            "`wargame validate greenland.yaml` (wall)",
            median(walls),
            "s",
            note=f"min {min(walls):.3f} s",
        ),
    ]
    env = dict(env, TEXTUAL_ANIMATIONS="none")
    run_process([PYTHON, "-c", _FIRST_SCREEN, greenland], env=env)  # warm the caches
    firsts: list[float] = []
    screen = "?"
    for _ in range(max(3, repeats // 2)):
        start = time.time()
        result = run_process([PYTHON, "-c", _FIRST_SCREEN, greenland], env=env)
        if result.returncode != 0:
            print("first-screen run failed", file=sys.stderr)
            continue
        line = [x for x in result.stdout.splitlines() if x.startswith("{")][-1]
        data = json.loads(line)
        screen = data["screen"]
        firsts.append(data["mounted"] - start)
    if firsts:
        rows.append(
            Row(
                "cold start",
                "first TUI screen (wall, process start to mounted)",
                median(firsts),
                "s",
                "< 1.5 s",
                median(firsts) < 1.5,
                f"median of {len(firsts)}; screen {screen}, headless run_test",
            )
        )
    return rows


def compare(other: Path, runs: int = 15) -> list[Row]:
    """This checkout's cold `validate` against `other`'s, interleaved (this, other, ...).

    Both run `python -m wargame validate scenarios/greenland.yaml` from their own folder
    (so each imports its own wargame) with a warm bytecode cache, `runs` times each.
    """
    other = other.resolve()
    trees = {"this checkout": ROOT, f"against {other}": other}
    cpus: dict[str, list[float]] = {name: [] for name in trees}
    walls: dict[str, list[float]] = {name: [] for name in trees}
    outputs: dict[str, str] = {}
    loads: list[float] = []
    with _bytecode_cached_env() as env:
        for name, root in trees.items():  # warm the file and bytecode caches
            first = run_process(_validate_args(root), cwd=root, env=env)
            outputs[name] = first.stdout.replace(str(root), "ROOT")
        for _ in range(runs):
            for name, root in trees.items():
                result = run_process(_validate_args(root), cwd=root, env=env)
                if result.returncode != 0:
                    raise RuntimeError(f"wargame validate failed in {root} ({result.returncode})")
                cpus[name].append(result.cpu)
                walls[name].append(result.wall)
            loads.append(load())
    same = len(set(outputs.values())) == 1
    rows: list[Row] = []
    for name in trees:
        note = f"median of {runs}, interleaved; min {min(cpus[name]):.3f} s"
        rows.append(Row("cold start", f"validate greenland.yaml (CPU), {name}",
                        median(cpus[name]), "s", note=note, load=max(loads)))
        rows.append(Row("cold start", f"validate greenland.yaml (wall), {name}",
                        median(walls[name]), "s", note=f"min {min(walls[name]):.3f} s",
                        load=max(loads)))
    rows.append(Row("cold start", "same output", float(same), "", note="1: identical stdout"))
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.cold_start",
        description="Cold start of `wargame validate` and the TUI; with --against, this "
        "checkout's validate against another tree's, interleaved.",
    )
    parser.add_argument("--against", type=Path, help="another wargame tree to compare with")
    parser.add_argument("--runs", type=int, default=15, help="runs of each (default 15)")
    options = parser.parse_args()
    if options.against is not None:
        print(table(compare(options.against, options.runs)))
    else:
        print(table(run(options.runs)))

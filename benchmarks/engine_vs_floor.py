"""Benchmark 1: the engine against the floor, a hand-written script of the same rules.

Both play `games` random playthroughs of benchmarks/scenarios/bench.yaml (uniform over the
legal actions, pass included). Timed in CPU seconds of this process, interleaved in
rounds so a burst of load on the shared machine hits both alike. Three ways through the
engine are timed:

* `engine.playout`: the batch fast path `wargame simulate` uses for random play (the
  scenario's generated playout, `wargame.engine.specialise`); the target is the floor's
  speed or better (ratio floor/engine <= 1);
* `engine.playout, reference path`: the same games through the engine's rule functions
  (`specialise=False`), what the generated code is checked against;
* `analysis run_one`: one whole batch run as `wargame simulate --jobs 1` does it (policies,
  playout, trajectories, objective scores, the result record), minus writing the file;
* `step loop`: the public API one step at a time (`to_act`, `legal_actions`, `step` with
  `record=False`), what a custom driver gets.

The honesty check: the floor and the engine must give the same ending distribution. On
independent seeds, a chi-square test of homogeneity (p > 0.001 passes); and because the
floor draws its random numbers in the engine's order, the same seed must give the same
ending, which it counts too.
"""

from __future__ import annotations

import math
from collections import Counter
from random import Random

from benchmarks import floor
from benchmarks.common import BENCH_SCENARIO, Row
from wargame.analysis.play import RunSpec, run_one
from wargame.engine import ending_id, initial_state, legal_actions, playout, step, to_act
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario

__all__ = ["chi_square_homogeneity", "engine_endings", "floor_endings", "run"]


def engine_ending(scenario: ScenarioIR, seed: int) -> str:
    state = playout(scenario, Random(seed)).state
    return ending_id(scenario, state) or "unfinished"


def engine_endings(scenario: ScenarioIR, seeds: range) -> Counter[str]:
    return Counter(engine_ending(scenario, seed) for seed in seeds)


def floor_endings(seeds: range) -> Counter[str]:
    return Counter(floor.play(Random(seed)) for seed in seeds)


def step_loop(scenario: ScenarioIR, seed: int) -> str:
    rng = Random(seed)
    state = initial_state(scenario, rng=rng, record=False)
    while (seat := to_act(scenario, state)) is not None:
        actions = legal_actions(scenario, state, seat)
        action = actions[min(int(rng.random() * len(actions)), len(actions) - 1)]
        state, _ = step(scenario, state, action, rng, record=False)
    return ending_id(scenario, state) or "unfinished"


def chi_square_homogeneity(a: Counter[str], b: Counter[str]) -> tuple[float, int, float]:
    """(statistic, degrees of freedom, p-value) for 'a and b come from one distribution'."""
    keys = sorted(set(a) | set(b))
    na, nb = sum(a.values()), sum(b.values())
    total = na + nb
    stat = 0.0
    for key in keys:
        col = a[key] + b[key]
        for observed, n in ((a[key], na), (b[key], nb)):
            expected = n * col / total
            stat += (observed - expected) ** 2 / expected
    dof = len(keys) - 1
    return stat, dof, _chi2_sf(stat, dof)


def _chi2_sf(x: float, k: int) -> float:
    """P(X > x) for X ~ chi-square with k degrees of freedom (regularised gamma series)."""
    if k <= 0:
        return 1.0
    s = k / 2.0
    z = x / 2.0
    if z <= 0:
        return 1.0
    # lower regularised gamma P(s, z) by its series; fine for the small k used here
    term = 1.0 / s
    total = term
    n = 1
    while n < 10_000:
        term *= z / (s + n)
        total += term
        if term < total * 1e-15:
            break
        n += 1
    lower = total * math.exp(-z + s * math.log(z) - math.lgamma(s))
    return max(0.0, 1.0 - lower)


def run(games: int = 20_000, rounds: int = 4) -> list[Row]:
    """Time the floor and the engine on `games` playthroughs each; check honesty."""
    import time

    scenario = load_scenario(BENCH_SCENARIO)
    text = BENCH_SCENARIO.read_text(encoding="utf-8")
    per_round = max(1, games // rounds)
    engine_endings(scenario, range(50))  # warm the caches (tables, compiled scenario)
    run_one(RunSpec(text, str(BENCH_SCENARIO), 0, "w"))
    cpu = {"floor": 0.0, "playout": 0.0, "reference": 0.0, "run_one": 0.0, "step": 0.0}
    steps = 0
    for r in range(rounds):
        seeds = range(r * per_round, (r + 1) * per_round)
        t = time.process_time()
        for seed in seeds:
            floor.play(Random(seed))
        cpu["floor"] += time.process_time() - t
        t = time.process_time()
        for seed in seeds:
            steps += playout(scenario, Random(seed)).steps
        cpu["playout"] += time.process_time() - t
        t = time.process_time()
        for seed in seeds:
            playout(scenario, Random(seed), specialise=False)
        cpu["reference"] += time.process_time() - t
        t = time.process_time()
        for seed in seeds:
            run_one(RunSpec(text, str(BENCH_SCENARIO), seed, f"b:{seed}"))
        cpu["run_one"] += time.process_time() - t
        small = seeds[: max(1, len(seeds) // 4)]  # the slow path: a quarter of the games
        t = time.process_time()
        for seed in small:
            step_loop(scenario, seed)
        cpu["step"] += (time.process_time() - t) * len(seeds) / len(small)
    n = per_round * rounds
    rate = {k: n / v for k, v in cpu.items()}
    rows = [
        Row(
            "engine vs floor",
            "floor (hand-written script)",
            rate["floor"],
            "games/s/core",
            note=f"{n:,} games, {steps / n:.1f} steps/game",
        ),
        Row(
            "engine vs floor",
            "engine.playout",
            rate["playout"],
            "games/s/core",
            note=f"{cpu['playout'] / steps * 1e6:.1f} µs/step",
        ),
        Row(
            "engine vs floor",
            "ratio floor/engine.playout",
            rate["floor"] / rate["playout"],
            "x",
            "<= 1",
            rate["floor"] / rate["playout"] <= 1.0,
        ),
        Row(
            "engine vs floor",
            "engine.playout, reference path",
            rate["reference"],
            "games/s/core",
            note=f"ratio {rate['floor'] / rate['reference']:.2f}x (specialise=False)",
        ),
        Row(
            "engine vs floor",
            "analysis run_one (simulate's run)",
            rate["run_one"],
            "games/s/core",
            note=f"ratio {rate['floor'] / rate['run_one']:.2f}x",
        ),
        Row(
            "engine vs floor",
            "step loop (public API)",
            rate["step"],
            "games/s/core",
            note=f"ratio {rate['floor'] / rate['step']:.2f}x; {n // 4:,} games",
        ),
    ]
    # honesty: independent seeds for the distribution test; the same seeds for identity
    check = min(games, 10_000)
    mine = engine_endings(scenario, range(check))
    theirs = floor_endings(range(10**6, 10**6 + check))
    stat, dof, p = chi_square_homogeneity(mine, theirs)
    same = sum(engine_ending(scenario, s) == floor.play(Random(s)) for s in range(2000))
    shares = ", ".join(f"{e} {mine[e] / check:.1%}/{theirs[e] / check:.1%}" for e in floor.ENDINGS)
    rows.append(
        Row(
            "engine vs floor",
            "honesty: chi-square p (endings)",
            p,
            "",
            "> 0.001",
            p > 0.001,
            note=f"chi2={stat:.2f}, dof={dof}, {check:,}+{check:,} games; engine/floor: {shares}",
        )
    )
    rows.append(
        Row(
            "engine vs floor",
            "honesty: same seed, same ending",
            same / 2000 * 100,
            "%",
            "100 %",
            same == 2000,
            note="2,000 seeds",
        )
    )
    return rows

"""Engine throughput: random complete playthroughs of a scenario.

    python benchmarks/bench_engine.py [SCENARIO] [--games N] [--no-record] [--umpire]

Each game: `initial_state`, then until the game ends the seat to act picks a uniformly
random legal action (one `rng.random()` draw) and `step` applies it. Prints
playthroughs per second and microseconds per step. Run it by hand; it is not a test.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from random import Random

from wargame.engine import initial_state, legal_actions, step, to_act
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario

DEFAULT = Path(__file__).resolve().parent.parent / "scenarios" / "greenland.yaml"


def play(scenario: ScenarioIR, seed: int, *, record: bool, umpire: bool) -> int:
    rng = Random(seed)
    state = initial_state(scenario, umpire=umpire, rng=rng, record=record)
    steps = 0
    while True:
        seat = to_act(scenario, state)
        if seat is None:
            return steps
        actions = legal_actions(scenario, state, seat)
        action = actions[int(rng.random() * len(actions))]
        state, _ = step(scenario, state, action, rng, record=record)
        steps += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT))
    parser.add_argument("--games", type=int, default=2000)
    parser.add_argument("--no-record", action="store_true", help="step(..., record=False)")
    parser.add_argument("--umpire", action="store_true", help="umpire mode (accepting umpire)")
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    record = not args.no_record
    play(scenario, -1, record=record, umpire=args.umpire)  # warm the tables cache
    start = time.perf_counter()
    cpu_start = time.process_time()
    steps = 0
    for seed in range(args.games):
        steps += play(scenario, seed, record=record, umpire=args.umpire)
    elapsed = time.perf_counter() - start
    # CPU time of this process: on a shared machine it is the fairer figure.
    cpu = time.process_time() - cpu_start
    print(
        f"{Path(args.scenario).name}: {args.games} games, {steps} steps, wall {elapsed:.2f}s, "
        f"CPU {cpu:.2f}s (record={record}, umpire={args.umpire})\n"
        f"  {args.games / cpu:,.0f} playthroughs/s per core, {cpu / steps * 1e6:.1f} µs/step "
        f"(CPU), {steps / args.games:.1f} steps/game"
    )


if __name__ == "__main__":
    main()

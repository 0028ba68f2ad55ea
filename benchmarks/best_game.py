"""Which bot gives the best game? The measure behind `wargame.bots.DEFAULT_BOT`.

    python -m benchmarks.best_game --runs 300
    python -m benchmarks.best_game --policies search --runs 20 --scenarios greenland

For each scenario and each policy played by every seat, the share of games that reach the
final turn, the number of endings reached in at least 5 % of games, and the largest share
of one ending. A good game for a class is one that lasts to its deadline and can end in
several ways: the ranking counts games reaching the final turn first, then the endings
that occur, then how little one ending dominates.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import dataclass

from benchmarks.common import SCENARIOS, load
from wargame.analysis.play import RunSpec, run_one
from wargame.scenario.loader import load_scenario


@dataclass(frozen=True, slots=True)
class GameQuality:
    scenario: str
    policy: str
    runs: int
    final_turn: float
    endings_over_5: int
    top_share: float
    shares: tuple[tuple[str, float], ...]
    seconds: float

    def line(self) -> str:
        spread = " ".join(f"{k} {v:.0%}" for k, v in self.shares)
        return (
            f"{self.scenario:<10} {self.policy:<9} {self.runs:>5} {self.final_turn:>6.0%} "
            f"{self.endings_over_5:>6} {self.top_share:>6.0%}  {spread}  ({self.seconds:.0f} s)"
        )


def measure(name: str, policy: str, runs: int, seed: str = "best-game") -> GameQuality:
    path = SCENARIOS / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    turns = load_scenario(path).calendar.turns
    endings: Counter[str] = Counter()
    final = 0
    start = time.perf_counter()
    for i in range(runs):
        result = run_one(RunSpec(text, path.name, i, f"{seed}:{i}", default_policy=policy))
        endings[result.ending] += 1
        final += result.turn >= turns
    shares = tuple((k, v / runs) for k, v in endings.most_common())
    return GameQuality(
        name,
        policy,
        runs,
        final / runs,
        sum(1 for _, s in shares if s >= 0.05),
        shares[0][1],
        shares,
        time.perf_counter() - start,
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.best_game")
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--scenarios", default="greenland,cuba1962")
    parser.add_argument("--policies", default="random,weighted,goal,search")
    args = parser.parse_args()
    print(f"load at start {load():.2f}")
    head = f"{'scenario':<10} {'policy':<9} {'runs':>5} {'final':>6} {'>=5%':>6} {'top':>6}"
    print(head + "  endings")
    for name in args.scenarios.split(","):
        for policy in args.policies.split(","):
            print(measure(name, policy, args.runs).line(), flush=True)


if __name__ == "__main__":
    main()

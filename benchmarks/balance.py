"""Balance check: the ending distribution of N uniformly random playthroughs of a scenario.

Every actor to act picks uniformly among its legal actions (pass included); rulings and
argued moves take the engine's own proposal (no umpire). `--always ACTOR.MOVE` makes an
actor play that move whenever it is legal, `--never ACTOR.MOVE` strips it from the actor's
choices, so one can see whether a seat's choices move the ending distribution::

    python benchmarks/balance.py scenarios/greenland.yaml --games 10000
    python benchmarks/balance.py scenarios/greenland.yaml --games 5000 \
        --always denmark.offer_formal_access
    python benchmarks/balance.py scenarios/greenland.yaml --influence --games 4000

`--influence` runs, for every playable actor, the always/never pair of each of its moves
and prints the move whose forcing moves the distribution most (total variation distance
between the two distributions, in percentage points). The tests in tests/scenarios/ import
`distribution` from this file so that the script and the checks never disagree.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from random import Random

from wargame.engine import (
    Action,
    PlayMove,
    ending_id,
    initial_state,
    legal_actions,
    step,
    to_act,
)
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario

MAX_STEPS = 100_000
"""A guard against a scenario that never ends (the engine's calendar should prevent it)."""


@dataclass(frozen=True, slots=True)
class Forcing:
    """Moves some actors always play when legal, or never play."""

    always: frozenset[str] = frozenset()
    never: frozenset[str] = frozenset()

    def choose(self, actions: list[Action], rng: Random) -> Action:
        """Pick an action: a forced move if one is legal, else uniformly among the rest."""
        if self.always or self.never:
            for action in actions:
                if isinstance(action, PlayMove) and action.move in self.always:
                    return action
            kept = [a for a in actions if not (isinstance(a, PlayMove) and a.move in self.never)]
            actions = kept or actions
        return actions[min(int(rng.random() * len(actions)), len(actions) - 1)]


NO_FORCING = Forcing()


def playthrough(scenario: ScenarioIR, rng: Random, forcing: Forcing = NO_FORCING) -> str:
    """Play one game to its end with random (optionally forced) choices; return the ending id."""
    state = initial_state(scenario, umpire=False, rng=rng)
    for _ in range(MAX_STEPS):
        seat = to_act(scenario, state)
        if seat is None:
            break
        action = forcing.choose(list(legal_actions(scenario, state, seat)), rng)
        state, _ = step(scenario, state, action, rng, record=False)
    ending = ending_id(scenario, state)
    if ending is None:
        raise RuntimeError(f"{scenario.id}: a game did not end within {MAX_STEPS} steps")
    return ending


def distribution(
    scenario: ScenarioIR, games: int, seed: int = 1, forcing: Forcing = NO_FORCING
) -> Counter[str]:
    """Ending counts over `games` playthroughs; game i uses `Random(seed * 1_000_003 + i)`."""
    counts: Counter[str] = Counter()
    for game in range(games):
        counts[playthrough(scenario, Random(seed * 1_000_003 + game), forcing)] += 1
    return counts


def ending_ids(scenario: ScenarioIR) -> list[str]:
    """Every ending id in file order (so zero counts print too)."""
    return [e.id for e in scenario.endings]


def shares(counts: Mapping[str, int], ids: Iterable[str]) -> dict[str, float]:
    """Ending id -> share of games (0-1)."""
    total = sum(counts.values()) or 1
    return {i: counts.get(i, 0) / total for i in ids}


def total_variation(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Half the sum of absolute differences: the share of games whose ending 'moved'."""
    keys = set(a) | set(b)
    return 0.5 * sum(abs(a.get(k, 0.0) - b.get(k, 0.0)) for k in sorted(keys))


def _print_distribution(scenario: ScenarioIR, counts: Mapping[str, int], label: str) -> None:
    ids = ending_ids(scenario)
    games = sum(counts.values())
    print(f"{scenario.id}: {games} games ({label})")
    for ending, share in sorted(shares(counts, ids).items(), key=lambda kv: -kv[1]):
        print(f"  {ending:30s} {counts.get(ending, 0):7d}  {share:6.1%}")


def _influence(scenario: ScenarioIR, games: int, seed: int, only: Iterable[str] = ()) -> None:
    ids = ending_ids(scenario)
    wanted = set(only)
    for actor in scenario.actors:
        if not actor.playable or (wanted and actor.id not in wanted):
            continue
        best: tuple[float, str, dict[str, float], dict[str, float]] | None = None
        for move in scenario.moves:
            if scenario.actors[move.actor].id != actor.id:
                continue
            only = frozenset({move.id})
            on = shares(distribution(scenario, games, seed, Forcing(always=only)), ids)
            off = shares(distribution(scenario, games, seed, Forcing(never=only)), ids)
            tv = total_variation(on, off)
            if best is None or tv > best[0]:
                best = (tv, move.id, on, off)
        if best is None:
            print(f"{actor.id}: no moves")
            continue
        tv, move_id, on, off = best
        moved = sorted(ids, key=lambda i: -abs(on[i] - off[i]))[:2]
        detail = ", ".join(f"{i} {off[i]:.1%} -> {on[i]:.1%}" for i in moved)
        print(f"{actor.id:18s} {move_id:26s} TV {tv:6.1%}  (never -> always: {detail})")
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", help="path to a scenario file")
    parser.add_argument("--games", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--always", action="append", default=[], metavar="ACTOR.MOVE")
    parser.add_argument("--never", action="append", default=[], metavar="ACTOR.MOVE")
    parser.add_argument("--influence", action="store_true",
                        help="for each playable actor, the move whose forcing matters most")
    parser.add_argument("--actor", action="append", default=[],
                        help="with --influence: only these actors (repeatable)")
    args = parser.parse_args(argv)
    scenario = load_scenario(args.scenario)
    if args.influence:
        _influence(scenario, args.games, args.seed, args.actor)
        return 0
    known = set(scenario.names.moves)
    forced: dict[str, set[str]] = {"always": set(), "never": set()}
    for kind in ("always", "never"):
        for item in getattr(args, kind):
            move = item.split(".", 1)[-1]
            if move not in known:
                parser.error(f"--{kind}: unknown move {move!r}")
            forced[kind].add(move)
    forcing = Forcing(frozenset(forced["always"]), frozenset(forced["never"]))
    started = time.perf_counter()
    counts = distribution(scenario, args.games, args.seed, forcing)
    elapsed = time.perf_counter() - started
    label = "uniform random" if forcing == NO_FORCING else (
        "always " + ",".join(sorted(forcing.always)) + " never " + ",".join(sorted(forcing.never))
    )
    _print_distribution(scenario, counts, label)
    print(f"  ({elapsed:.1f} s, {args.games / elapsed:.0f} games/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

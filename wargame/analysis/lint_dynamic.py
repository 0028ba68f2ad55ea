"""`wargame lint --explore N`: play games with bots and report what never happened.

Static lint proves what can never happen from the rules alone; this plays N seeded games
and reports what did not happen in any of them: moves never available, moves available but
never chosen, injects never fired, endings never reached, and games that ran out of
calendar with no ending (when the scenario has no default ending, those end as the
built-in `time_expired`). Each warning carries the rate observed and, for events seen in
no game, the 95 % upper bound on their rate (Wilson), so "never in 200 games" reads as
"rarer than 1.9 %", not as "impossible".

Game i is seeded `SEED:i` and played exactly like `wargame simulate` plays run i (same
policies, same generator calls), so a finding can be replayed there. Deterministic for a
seed whatever the machine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from random import Random
from typing import Any, Final

from wargame.analysis.play import build_policies, run_seed
from wargame.analysis.stats import wilson_interval
from wargame.engine import (
    TIME_EXPIRED,
    TIME_EXPIRED_ID,
    UMPIRE,
    PlayMove,
    initial_state,
    legal_actions,
    step,
    to_act,
)
from wargame.errors import Diagnostic, Span
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.positions import PathKey, SourceMap, dotted

__all__ = ["DYNAMIC_CODES", "ExploreStats", "dynamic_diagnostics", "explore"]

DYNAMIC_CODES: Final[dict[str, str]] = {
    "W201": "move never available in the explored games",
    "W202": "move available but never chosen",
    "W203": "inject never fired",
    "W204": "ending never reached",
    "W205": "games ran out of calendar without an ending",
}

MAX_STEPS: Final = 100_000
BLIND_MISS: Final = 0.05
"""W202 needs a move offered often enough that picking at random among the actions open
would have chosen it at least once, with 95 % chance for all the offered moves together
(this bound divided by how many were offered): a move offered in one or two decisions of a
rare window and not taken is chance, not a finding, and with a hundred moves one of them
would otherwise be reported by luck on most seeds."""


@dataclass
class ExploreStats:
    """What happened in the explored games, counted per game."""

    games: int
    seed: str
    policies: dict[str, str]
    """Actor id -> policy spec as given (`*` for the default)."""
    move_available: list[int] = field(default_factory=list)
    """Per move: games in which it was available at least once."""
    move_offered: list[int] = field(default_factory=list)
    """Per move: decisions at which it was available."""
    move_chosen: list[int] = field(default_factory=list)
    """Per move: games in which it was played."""
    move_blind_miss: list[float] = field(default_factory=list)
    """Per move: the chance that a pick at random among the actions open at each decision
    it was offered would never have picked it (the product of 1 - 1/k over those
    decisions). W202 speaks only when this is small: "never chosen" in two decisions is no
    evidence, in three hundred it is."""
    inject_fired: list[int] = field(default_factory=list)
    """Per inject: games in which it fired."""
    endings: dict[str, int] = field(default_factory=dict)
    """Ending id (`time_expired` included) -> games that ended with it."""
    unfinished: int = 0
    """Games stopped by the step budget (a bug in the scenario or the engine)."""

    def to_json(self, ir: ScenarioIR) -> dict[str, Any]:
        """The stable JSON form (`--format json`, key `explore` of each file)."""
        n = max(self.games, 1)
        return {
            "games": self.games,
            "seed": self.seed,
            "policies": self.policies,
            "moves": {
                m.id: {
                    "available_games": self.move_available[m.index],
                    "available_rate": self.move_available[m.index] / n,
                    "chosen_games": self.move_chosen[m.index],
                    "chosen_rate": self.move_chosen[m.index] / n,
                }
                for m in ir.moves
            },
            "injects": {
                i.id: {
                    "fired_games": self.inject_fired[i.index],
                    "rate": self.inject_fired[i.index] / n,
                }
                for i in ir.injects
            },
            "endings": {
                ending: {"games": count, "rate": count / n}
                for ending, count in self.endings.items()
            },
            "unfinished": self.unfinished,
        }


def explore(
    ir: ScenarioIR,
    games: int,
    *,
    seed: int | str = 0,
    policies: Mapping[str, str] | None = None,
    default_policy: str = "random",
    read_script: Callable[[str], object] | None = None,
) -> ExploreStats:
    """Play `games` seeded games with bots and count what happened in each."""
    specs = dict(policies or {})
    seats = build_policies(ir, specs, default_policy, read_script=read_script)
    shown = {**specs, "*": default_policy}
    stats = ExploreStats(
        games=games,
        seed=str(seed),
        policies=shown,
        move_available=[0] * len(ir.moves),
        move_offered=[0] * len(ir.moves),
        move_chosen=[0] * len(ir.moves),
        move_blind_miss=[1.0] * len(ir.moves),
        inject_fired=[0] * len(ir.injects),
        endings={e.id: 0 for e in ir.endings},
    )
    if ir.default_ending is None:
        stats.endings[TIME_EXPIRED_ID] = 0
    index = ir.names.moves
    for game in range(games):
        rng = Random(run_seed(seed, game))
        state = initial_state(ir, rng=rng, record=False)
        available: set[int] = set()
        chosen: set[int] = set()
        for _ in range(MAX_STEPS):
            seat = to_act(ir, state)
            if seat is None:
                break
            if seat != UMPIRE:
                actions = legal_actions(ir, state, seat)
                miss = 1.0 - 1.0 / len(actions) if actions else 1.0
                for action in actions:
                    if isinstance(action, PlayMove):
                        move = index[action.move]
                        available.add(move)
                        stats.move_offered[move] += 1
                        stats.move_blind_miss[move] *= miss
            action = seats[seat].choose(ir, state, seat, rng)
            if isinstance(action, PlayMove):
                chosen.add(index[action.move])
            state, _ = step(ir, state, action, rng, record=False)
        for move in available:
            stats.move_available[move] += 1
        for move in chosen:
            stats.move_chosen[move] += 1
        for inject, times in enumerate(state.fired):
            if times:
                stats.inject_fired[inject] += 1
        if state.ending is None:
            stats.unfinished += 1
        elif state.ending == TIME_EXPIRED:
            stats.endings[TIME_EXPIRED_ID] += 1
        else:
            stats.endings[ir.endings[state.ending].id] += 1
    return stats


def _percent(rate: float) -> str:
    value = 100 * rate
    if value == 0 or value >= 10:
        return f"{value:.0f} %"
    return f"{value:.1f} %"


def _chance(rate: float) -> str:
    return "under 0.1 %" if rate < 0.001 else _percent(rate)


def dynamic_diagnostics(
    ir: ScenarioIR,
    stats: ExploreStats,
    source_map: SourceMap,
    *,
    skip: Iterable[str] = (),
) -> list[Diagnostic]:
    """W2xx warnings from the explored games; `skip` holds dotted node paths (`moves[3]`)
    already reported as impossible by static lint, so they are not reported twice."""
    n = stats.games
    if n == 0:
        return []
    skipped = set(skip)
    bound = _percent(wilson_interval(0, n)[1])
    played = f"{n} game{'s' if n != 1 else ''} (seed {stats.seed})"
    out: list[Diagnostic] = []

    def warn(code: str, message: str, path: PathKey, hint: str, *, key: bool = False) -> None:
        if dotted(path) in skipped:
            return
        span = source_map.locate(path, key=key) if source_map.nodes else Span(ir.source_name, 1, 1)
        out.append(Diagnostic(code, message, span, "warning", hint, dotted(path)))

    offered = sum(1 for count in stats.move_offered if count)
    blind_bound = BLIND_MISS / max(offered, 1)
    for move in ir.moves:
        path: PathKey = ("moves", move.index)
        seen = stats.move_available[move.index]
        if seen == 0:
            warn(
                "W201",
                f"move `{move.id}` was never available in {played}: its rate is below "
                f"{bound} (95 % bound)",
                path,
                "check its `when:` and `limit:`, what sets the values they read, and its "
                "actor's phase; try more games or other --policy settings",
            )
        elif (
            stats.move_chosen[move.index] == 0 and stats.move_blind_miss[move.index] <= blind_bound
        ):
            warn(
                "W202",
                f"move `{move.id}` was available in {seen} of {n} games "
                f"({_percent(seen / n)}, {stats.move_offered[move.index]} decisions) but "
                "never chosen (picking at random among the actions open, the chance of "
                f"never choosing it: {_chance(stats.move_blind_miss[move.index])})",
                path,
                "the bots never found it worth playing: check its `weight:` or what its "
                "effects do for the actor's objectives",
            )
    for inject in ir.injects:
        if stats.inject_fired[inject.index] == 0:
            warn(
                "W203",
                f"inject `{inject.id}` never fired in {played}: its rate is below {bound} "
                "(95 % bound)",
                ("injects", inject.index),
                "check its `at_turn`, `when:` and `chance`, and what sets the values its "
                "condition reads",
            )
    for ending in ir.endings:
        if stats.endings.get(ending.id, 0) == 0:
            warn(
                "W204",
                f"ending `{ending.id}` was never reached in {played}: its rate is below "
                f"{bound} (95 % bound)",
                ("endings", ending.index),
                "check its `when:` and the endings with a higher priority; try more games "
                "or other --policy settings",
            )
    expired = stats.endings.get(TIME_EXPIRED_ID, 0)
    if ir.default_ending is None and expired:
        warn(
            "W205",
            f"{expired} of {n} games ({_percent(expired / n)}) ran out of calendar without "
            f"reaching an ending: they end as the built-in `{TIME_EXPIRED_ID}`",
            ("endings",),
            "mark one ending `default: true` for games that run out of time",
            key=True,
        )
    if stats.unfinished:
        warn(
            "W205",
            f"{stats.unfinished} of {n} games did not finish within {MAX_STEPS:,} actions",
            ("endings",),
            "this is likely a bug in wargame; please report it with the file",
            key=True,
        )
    return out

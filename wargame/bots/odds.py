"""Exact odds of a move's outcomes in a given state, from the compiled scenario alone.

Goal-seeking bots weigh outcomes by these probabilities, and the TUI previews them ("62 %
intercepted"). They mirror the engine's adjudication rules in `docs/rules.md`: chance
outcomes take their `p` (clamped to [0, 1]) and the last without one takes the rest; dice
sum NdS plus the modifiers that apply and take the first outcome whose `at_least` the
total reaches; a ruling proposes by `p` when given, else the first outcome.
"""

from __future__ import annotations

from functools import lru_cache

from wargame.scenario.ir import MoveIR, ResolutionIR, StateLike
from wargame.scenario.numbers import bounded, probability


@lru_cache(maxsize=64)
def dice_distribution(count: int, sides: int) -> tuple[tuple[int, float], ...]:
    """Probability of each total of `count` dice with `sides` sides."""
    dist: dict[int, float] = {0: 1.0}
    for _ in range(count):
        nxt: dict[int, float] = {}
        for total, p in dist.items():
            for face in range(1, sides + 1):
                nxt[total + face] = nxt.get(total + face, 0.0) + p / sides
        dist = nxt
    return tuple(sorted(dist.items()))


def modifier_total(resolution: ResolutionIR, state: StateLike) -> float:
    """Sum of the dice modifiers that apply in `state`, added as the engine adds them (a
    modifier of 0.5 is half a pip: it lifts a 7 over 7.5, not over 8)."""
    total = 0.0
    for modifier in resolution.modifiers:
        if modifier.when is None or modifier.when(state):
            total += bounded(modifier.value(state))
    return total


def dice_outcome(resolution: ResolutionIR, total: float) -> int:
    """Index of the outcome a modified dice total selects."""
    for index, outcome in enumerate(resolution.outcomes):
        if outcome.at_least is None or total >= outcome.at_least:
            return index
    return len(resolution.outcomes) - 1


def dice_odds(resolution: ResolutionIR, bonus: float) -> list[float]:
    """Probability of each dice outcome of `resolution` when `bonus` is added to the dice
    (the modifiers that apply, and an argument's rating)."""
    probs = [0.0] * len(resolution.outcomes)
    for total, p in dice_distribution(resolution.dice_count, resolution.dice_sides):
        probs[dice_outcome(resolution, total + bonus)] += p
    return probs


def chance_probabilities(resolution: ResolutionIR, state: StateLike) -> list[float]:
    """Probability of each outcome of a chance (or ruling-with-p) resolution."""
    probs: list[float] = []
    remaining = 1.0
    for outcome in resolution.outcomes:
        if outcome.p is None:
            p = max(0.0, remaining)
        else:
            p = min(probability(outcome.p(state)), max(0.0, remaining))
        probs.append(p)
        remaining -= p
    return probs


def outcome_probabilities(move: MoveIR, state: StateLike, rating_modifier: int = 0) -> list[float]:
    """Probability of each outcome of `move` if played now (one entry per outcome)."""
    resolution = move.resolution
    if resolution is None:
        return []
    if resolution.kind == "dice":
        return dice_odds(resolution, modifier_total(resolution, state) + rating_modifier)
    if resolution.kind == "ruling" and all(o.p is None for o in resolution.outcomes):
        return [1.0] + [0.0] * (len(resolution.outcomes) - 1)
    return chance_probabilities(resolution, state)

"""Seeded randomness built only on `Random.random()`.

`random.Random.random()` is the one method whose output Python promises to keep stable for
a given seed; `randint`, `choice` and `shuffle` have changed between versions. Every die and
every weighted choice in the game is therefore derived from `random()` here, so a session's
seed replays the same game on any Python 3.11+.
"""

from __future__ import annotations

from collections.abc import Sequence
from random import Random

__all__ = ["Branching", "Counted", "derive", "draw", "resume", "roll", "weighted_choice"]


class Branching(Random):
    """A generator for exact exploration of the game tree (`wargame.analysis.explore`).

    Instead of drawing at random it is asked, at each chance point, which branch to follow
    given the branches' weights; `draw` then returns a value in the middle of that branch's
    interval, so the rules, which compare draws against thresholds, follow it exactly.
    """

    def branch(self, weights: Sequence[float]) -> int:
        """Index of the branch to follow (weights are interval lengths; zero ones are skipped)."""
        raise NotImplementedError


def draw(rng: Random, weights: Sequence[float]) -> float:
    """One uniform draw in [0, 1) for a choice among intervals of lengths `weights`.

    For an ordinary generator this is `rng.random()`, unchanged; the weights only matter to
    a `Branching` generator, which returns the midpoint of the interval it chooses.
    """
    if type(rng) is Random or not isinstance(rng, Branching):
        return rng.random()
    total = 0.0
    for weight in weights:
        if weight > 0:
            total += weight
    index = rng.branch(weights)
    start = 0.0
    for weight in weights[:index]:
        if weight > 0:
            start += weight
    return (start + weights[index] / 2) / total


def derive(seed: int | str, step_index: int) -> Random:
    """The generator for step `step_index` of a session seeded with `seed`.

    Seeding from the string `"{seed}:{step_index}"` gives independent, reproducible streams
    per step, so undo, redo and replay from any point draw exactly the same numbers.
    """
    return Random(f"{seed}:{step_index}")


class Counted(Random):
    """A seeded generator that counts its draws, so a later step can take up its stream.

    A session gives an umpire's action the generator of the actor's action before it,
    advanced past what that action drew (`resume`), so confirming a proposal draws exactly
    what the rules would have drawn next without an umpire.
    """

    drawn: int
    """`random()` values drawn so far (the skipped ones of `resume` included)."""

    def __init__(self, seed: str) -> None:
        super().__init__(seed)
        self.drawn = 0

    def random(self) -> float:
        self.drawn += 1
        return super().random()


def resume(seed: int | str, step_index: int, drawn: int = 0) -> Counted:
    """`derive(seed, step_index)` as a `Counted` generator with its first `drawn` draws taken."""
    rng = Counted(f"{seed}:{step_index}")
    for _ in range(drawn):
        rng.random()
    return rng


def roll(rng: Random, count: int, sides: int) -> tuple[int, ...]:
    """Roll `count` dice with `sides` faces each (every face equally likely)."""
    if type(rng) is not Random and isinstance(rng, Branching):
        faces = (1.0,) * sides
        return tuple(min(int(draw(rng, faces) * sides), sides - 1) + 1 for _ in range(count))
    rand = rng.random
    return tuple(min(int(rand() * sides), sides - 1) + 1 for _ in range(count))


def weighted_choice(rng: Random, weights: Sequence[float]) -> int:
    """An index drawn with probability proportional to `weights` (one `random()` draw).

    Negative weights count as zero; when every weight is zero the draw is uniform.
    """
    if not weights:
        raise ValueError("weighted_choice needs at least one weight")
    total = 0.0
    for w in weights:
        if w > 0:
            total += w
    if total <= 0:
        return min(int(rng.random() * len(weights)), len(weights) - 1)
    target = rng.random() * total
    running = 0.0
    last = 0
    for index, w in enumerate(weights):
        if w > 0:
            running += w
            last = index
            if target < running:
                return index
    return last

"""Which generator each action of a session draws from, so that an umpire changes no dice.

The dice follow the actors' decisions, not the log. Each actor action (a move or a pass)
opens a fresh generator, derived from the seed and the number of actor actions before it.
Every umpire action (rate, confirm, override, inject, adjust, end phase, a free action's
ruling, written news) takes up the generator of the last actor action where that action
stopped drawing. So confirming every proposal draws exactly the numbers the rules alone
would have drawn, in the same order, and nothing the umpire does shifts a later die.

A team's free action and the arguments about it are not actor actions in this sense: they
take up the current generator as umpire actions do. Proposing draws the free action's dice
there (shown when its phase closes); arguing draws nothing; ruling on it, with or without
an umpire, draws nothing. So no later die moves because a team proposed or argued: the
next actor action opens the generator it would have opened, the news of the next turn
rolls what it would have rolled, and a bot decides with the same generator.

A game without umpire actions draws what it drew before this rule (the generator of log
position *i* for action *i*): saves of format 1 without umpire actions replay unchanged.
"""

from __future__ import annotations

from random import Random
from typing import NamedTuple

from wargame.engine import Action, Counted, Pass, PlayMove, derive, resume

__all__ = ["Dice", "bot_rng", "generator", "is_actor_action", "opening", "opening_rng", "taken"]


class Dice(NamedTuple):
    """Where a session's randomness stands after some actions (kept beside each state)."""

    actor_steps: int
    """Actor actions so far: the next actor action draws from `derive(seed, actor_steps)`."""
    drawn: int
    """Draws already taken from the current generator (the last actor action's, or the
    opening's, `derive(seed, -1)`, before the first actor action)."""


def is_actor_action(action: Action) -> bool:
    """Whether `action` is an actor's move or pass (opens a generator); the umpire's
    actions and the teams' free actions and arguments take up the current one."""
    return isinstance(action, PlayMove | Pass)


def opening_rng(seed: int | str) -> Counted:
    """The generator of the game's opening (turn 1's injects)."""
    return resume(seed, -1)


def opening(rng: Counted) -> Dice:
    """Where the randomness stands once the opening has drawn from `rng`."""
    return Dice(0, rng.drawn)


def generator(seed: int | str, at: Dice, action: Action) -> Counted:
    """The generator `action` draws from when the randomness stands `at`."""
    if is_actor_action(action):
        return resume(seed, at.actor_steps)
    return resume(seed, at.actor_steps - 1, at.drawn)


def taken(at: Dice, action: Action, rng: Counted) -> Dice:
    """Where the randomness stands after `action` drew from `rng` (from `generator`)."""
    if is_actor_action(action):
        return Dice(at.actor_steps + 1, rng.drawn)
    return Dice(at.actor_steps, rng.drawn)


def bot_rng(seed: int | str, at: Dice) -> Random:
    """The generator a bot decides with: keyed, like the dice, by the actor actions so far."""
    return derive(f"{seed}:bot", at.actor_steps)

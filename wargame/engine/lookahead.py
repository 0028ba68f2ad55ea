"""Look-ahead on a working copy: `step`'s rules for actions known to be legal, without a
frozen state, a check and a fresh working copy per action.

A goal bot scores every move on its menu one step ahead, forcing each outcome of an
adjudicated move in turn (`wargame.bots.goal`), and a `search:goal` rollout asks it at every
decision to the end of the game: through `step`, most of that rollout's time went on
freezing states, re-checking actions taken from the legal menu and copying states into
working copies. A `Trial` plays the same rules (`flow.play`, `adjudication.rate`, `confirm`,
`override`, `flow.settle`, the same functions `step` calls) on one `Work`, forked where the
outcomes branch. It draws nothing of its own: the generator it is given is shared by its
forks, as one generator passed to successive `step` calls would be. The states it reaches
are those `step(..., record=False)` reaches, field for field
(tests/engine/test_lookahead.py); what it does not do is check: the caller passes only
actions the seat to act may take.
"""

from __future__ import annotations

from random import Random

from wargame.engine import adjudication, flow
from wargame.engine.actions import Pass, PlayMove
from wargame.engine.events import EMPTY_LOG
from wargame.engine.state import GameState, Pending
from wargame.engine.step import _submit
from wargame.engine.tables import tables
from wargame.engine.work import Work
from wargame.scenario.ir import ScenarioIR, StateLike

__all__ = ["Trial"]


class Trial:
    """A game played on from `state` in place, one legal action at a time."""

    __slots__ = ("w",)

    def __init__(
        self, scenario: ScenarioIR, state: GameState, rng: Random, *, umpire: bool = False
    ) -> None:
        w = Work(state, tables(scenario), rng, False)
        if umpire:
            w.umpire = True  # adjudications wait, so that each outcome can be forced
        self.w = w

    @property
    def state(self) -> StateLike:
        """The game now, for reading (objective scores, odds, the seat to act)."""
        return self.w

    @property
    def pending(self) -> Pending | None:
        """The adjudication waiting for the umpire, if any."""
        return self.w.pending

    @property
    def ending(self) -> int | None:
        """The ending reached, if any."""
        return self.w.ending

    @property
    def at(self) -> tuple[int, int, int]:
        """(turn, phase, cursor) now."""
        w = self.w
        return w.turn, w.phase, w.cursor

    def fork(self) -> Trial:
        """An independent copy of the game now (the generator stays shared)."""
        twin = Trial.__new__(Trial)
        twin.w = self.w.copy()
        return twin

    def act(self, action: PlayMove | Pass) -> None:
        """What `step` does with `action`, which the seat to act may take (not checked)."""
        w = self.w
        s = w.s
        simultaneous = w.t.simultaneous[w.phase]
        if type(action) is Pass:
            if simultaneous:
                _submit(w, action, s.names.actors[action.actor])
            else:
                w.cursor += 1
        else:
            assert isinstance(action, PlayMove)
            m = s.names.moves[action.move]
            if simultaneous:
                _submit(w, action, s.moves[m].actor)
            else:
                w.cursor += 1
                flow.play(w, m, action.argument)
        w.steps += 1
        flow.settle(w)

    def rate(self, rating: str, reason: str) -> None:
        """What `step` does with `Rate(rating, reason)` while an argued move waits."""
        w = self.w
        adjudication.rate(w, rating, reason)
        w.steps += 1
        flow.settle(w)

    def rule(self, outcome: int, reason: str) -> None:
        """What `step` does with the umpire's ruling `outcome` on the adjudication waiting:
        `Confirm(reason)` when it is the proposal, else `Override` to it."""
        w = self.w
        pending = w.pending
        assert pending is not None and pending.stage != "rate"
        if outcome == pending.proposed:
            adjudication.confirm(w, reason)
        else:
            adjudication.override(w, outcome, reason)
        w.steps += 1
        flow.settle(w)

    def freeze(self) -> GameState:
        """The game now as a state (with an empty log)."""
        return self.w.freeze(EMPTY_LOG)

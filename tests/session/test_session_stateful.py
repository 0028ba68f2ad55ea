"""Hypothesis plays random legal and illegal actions, undoes, redoes, saves and loads.

After every step the invariants of docs/rules.md hold: variables within their bounds, trust,
commitment and cohesion within [0, 100]; an illegal action changes nothing; undo restores
the exact prior state; save-then-load gives an equal state.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from wargame.engine import UMPIRE, Adjust, Inject, Pass, PlayMove
from wargame.errors import IllegalActionError
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session, load_session, save_session

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = {
    name: load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    for name in ("tutorial", "greenland", "cuba1962")
}


class SessionMachine(RuleBasedStateMachine):
    session: Session
    history: list[object]

    @initialize(
        name=st.sampled_from(sorted(SCENARIOS)), seed=st.integers(0, 10_000), umpire=st.booleans()
    )
    def start(self, name: str, seed: int, umpire: bool) -> None:
        self.scenario = SCENARIOS[name]
        self.session = Session(
            self.scenario, seed=seed, umpire=Seat("umpire", "human") if umpire else None
        )
        self.history = [self.session.state]

    @precondition(lambda self: not self.session.is_over)
    @rule(pick=st.integers(0, 10_000))
    def play_a_legal_action(self, pick: int) -> None:
        actions = self.session.legal_actions()
        self.session.submit(actions[pick % len(actions)])
        self.history.append(self.session.state)

    @rule(
        actor=st.integers(0, 20), move=st.integers(0, 200), kind=st.sampled_from(["move", "pass"])
    )
    def try_an_arbitrary_action(self, actor: int, move: int, kind: str) -> None:
        actor_id = self.scenario.actors[actor % len(self.scenario.actors)].id
        move_id = self.scenario.moves[move % len(self.scenario.moves)].id
        action = PlayMove(actor_id, move_id) if kind == "move" else Pass(actor_id)
        legal = action in self.session.legal_actions(self.session.to_act)
        before, steps = self.session.state, self.session.step_index
        try:
            self.session.submit(action)
        except IllegalActionError as refused:
            assert not legal
            assert str(refused)
            assert self.session.state == before
            assert self.session.step_index == steps
        else:
            self.history.append(self.session.state)

    @precondition(lambda self: not self.session.is_over and self.session.umpire is not None)
    @rule(variable=st.integers(0, 50), value=st.floats(-1e6, 1e6, allow_nan=False))
    def umpire_adjusts_a_variable(self, variable: int, value: float) -> None:
        if not self.scenario.variables:
            return
        var = self.scenario.variables[variable % len(self.scenario.variables)]
        self.session.submit(Adjust(var.id, value, "facilitator's ruling"), by="umpire")
        self.history.append(self.session.state)

    @precondition(lambda self: not self.session.is_over and self.session.umpire is not None)
    @rule(inject=st.integers(0, 50))
    def umpire_injects(self, inject: int) -> None:
        if not self.scenario.injects:
            return
        chosen = self.scenario.injects[inject % len(self.scenario.injects)]
        try:
            self.session.submit(Inject(chosen.id, "scenario injection"), by="umpire")
        except IllegalActionError as refused:
            assert str(refused)
            return
        self.history.append(self.session.state)

    @precondition(lambda self: self.session.can_undo)
    @rule(steps=st.integers(1, 5))
    def undo(self, steps: int) -> None:
        done = self.session.undo(steps)
        del self.history[len(self.history) - done :]
        assert self.session.state == self.history[-1]

    @precondition(lambda self: self.session.can_redo)
    @rule()
    def redo(self) -> None:
        self.session.redo()
        self.history.append(self.session.state)

    @rule()
    def save_and_load(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = save_session(self.session, Path(folder) / "s.wgsave.json")
            loaded = load_session(path)
        assert loaded.state == self.session.state
        assert loaded.log == self.session.log

    @invariant()
    def quantities_stay_in_bounds(self) -> None:
        state = self.session.state
        for value, var in zip(state.vars, self.scenario.variables, strict=True):
            assert var.min <= value <= var.max
        for row in state.trust:
            assert all(0 <= v <= 100 for v in row)
        for row in state.commitment:
            assert all(0 <= v <= 100 for v in row)
        assert all(0 <= c <= 100 for c in state.cohesion)
        assert self.session.to_act in (None, UMPIRE) or isinstance(self.session.to_act, int)


SessionMachine.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestSessionMachine = SessionMachine.TestCase

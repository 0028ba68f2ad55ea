"""Properties over random play: bounds, refusals, replay, and cohesion's response to trust."""

from __future__ import annotations

from pathlib import Path
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.engine import (
    UMPIRE,
    Action,
    Adjust,
    Confirm,
    GameState,
    Override,
    Pass,
    PlayMove,
    Rate,
    cohesion_of,
    contagion,
    drift,
    initial_state,
    legal_actions,
    step,
    to_act,
)
from wargame.errors import IllegalActionError
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario

from .helpers import load

GREENLAND = Path(__file__).resolve().parents[2] / "scenarios" / "greenland.yaml"
_SCENARIOS: dict[str, ScenarioIR] = {}


def scenario(name: str) -> ScenarioIR:
    if name not in _SCENARIOS:
        _SCENARIOS[name] = load_scenario(GREENLAND) if name == "greenland" else load(name)
    return _SCENARIOS[name]


NAMES = ["rules", "injects", "endings", "cohesion", "greenland"]


def check_invariants(s: ScenarioIR, state: GameState, previous: GameState | None) -> None:
    for value, var in zip(state.vars, s.variables, strict=True):
        assert var.min <= value <= var.max
    for row in state.trust:
        assert all(0.0 <= x <= 100.0 for x in row)
    for k, alliance in enumerate(s.alliances):
        assert all(0.0 <= c <= 100.0 for c in state.commitment[k])
        assert 0.0 <= state.cohesion[k] <= 100.0
        expected = cohesion_of(alliance.weights, state.commitment[k], state.active[k])
        assert state.cohesion[k] == pytest.approx(expected)
        if previous is not None:
            assert state.collapsed[k] or not previous.collapsed[k]  # collapse is final
            for now, before in zip(state.active[k], previous.active[k], strict=True):
                assert before or not now  # nobody rejoins
    if state.ending is None:
        seat = to_act(s, state)
        assert seat is not None and legal_actions(s, state, seat)
    else:
        assert to_act(s, state) is None


def random_action(s: ScenarioIR, r: Random) -> Action:
    """Any action naming real things; often illegal."""
    kind = int(r.random() * 5)
    actor = s.actors[int(r.random() * len(s.actors))].id
    if kind == 0 and s.moves:
        move = s.moves[int(r.random() * len(s.moves))]
        return PlayMove(s.actors[move.actor].id if r.random() < 0.5 else actor, move.id)
    if kind == 1:
        return Pass(actor)
    if kind == 2:
        return Confirm()
    if kind == 3:
        outcomes = [o.id for m in s.moves if m.resolution for o in m.resolution.outcomes]
        return Override(outcomes[int(r.random() * len(outcomes))] if outcomes else "x", "why")
    return Rate("strong")


def listed(action: Action, legal: list[Action]) -> bool:
    if isinstance(action, Override):
        return any(isinstance(a, Override) and a.outcome == action.outcome for a in legal)
    if isinstance(action, Confirm | Rate):
        return any(type(a) is type(action) and getattr(a, "rating", "") ==
                   getattr(action, "rating", "") for a in legal)
    return action in legal


def play_randomly(
    s: ScenarioIR, seed: int, umpire: bool, *, illegal: bool, adjust: bool
) -> tuple[GameState, list[Action]]:
    rng = Random(seed)
    chooser = Random(seed + 1)
    state = initial_state(s, umpire=umpire, rng=rng)
    check_invariants(s, state, None)
    log: list[Action] = []
    for _ in range(600):
        seat = to_act(s, state)
        if seat is None:
            break
        legal = legal_actions(s, state, seat)
        if illegal and chooser.random() < 0.4:
            bad = random_action(s, chooser)
            if not listed(bad, legal):
                before = rng.getstate()
                with pytest.raises(IllegalActionError) as refused:
                    step(s, state, bad, rng)
                assert str(refused.value)
                assert rng.getstate() == before  # nothing drawn, nothing changed
        if adjust and s.variables and chooser.random() < 0.05:
            var = s.variables[int(chooser.random() * len(s.variables))]
            action: Action = Adjust(var.id, chooser.random() * 300 - 100, "property test")
        else:
            action = legal[int(chooser.random() * len(legal))]
        new_state, _ = step(s, state, action, rng)
        check_invariants(s, new_state, state)
        assert new_state.steps == state.steps + 1
        log.append(action)
        state = new_state
    return state, log


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(NAMES), seed=st.integers(0, 2**31), umpire=st.booleans())
def test_random_play_keeps_invariants_and_replays(name: str, seed: int, umpire: bool) -> None:
    s = scenario(name)
    final, log = play_randomly(s, seed, umpire, illegal=True, adjust=True)
    # Replay: same seed, same actions -> identical states (events included).
    rng = Random(seed)
    again = initial_state(s, umpire=umpire, rng=rng)
    for action in log:
        again, _ = step(s, again, action, rng)
    assert again == final
    # The quiet fast path reaches the same state; only the history differs.
    rng = Random(seed)
    quiet = initial_state(s, umpire=umpire, rng=rng)
    for action in log:
        quiet, events = step(s, quiet, action, rng, record=False)
        assert events == ()
    assert quiet._replace(log=final.log) == final


@settings(max_examples=30, deadline=None)
@given(name=st.sampled_from(NAMES), seed=st.integers(0, 2**31))
def test_games_end(name: str, seed: int) -> None:
    s = scenario(name)
    final, _ = play_randomly(s, seed, umpire=seed % 2 == 0, illegal=False, adjust=False)
    assert final.ending is not None


percent = st.floats(0, 100, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(2, 5),
    data=st.data(),
    contagion_rate=st.floats(0, 1),
    drift_rate=st.floats(0, 1),
)
def test_more_trust_never_lowers_commitment(
    n: int, data: st.DataObject, contagion_rate: float, drift_rate: float
) -> None:
    trust = [[data.draw(percent) if i != j else 100.0 for j in range(n)] for i in range(n)]
    weights = [data.draw(st.floats(0.1, 5)) for _ in range(n)]
    commitment = [data.draw(percent) for _ in range(n)]
    active = [True] + [data.draw(st.booleans()) for _ in range(n - 1)]
    i = data.draw(st.integers(0, n - 1))
    j = data.draw(st.integers(0, n - 1).filter(lambda x: x != i))
    bump = data.draw(st.floats(0, 100))

    def end_of_turn(matrix: list[list[float]]) -> list[float]:
        frozen = tuple(tuple(row) for row in matrix)
        rows = [list(row) for row in frozen]
        for (a, b), (new, _) in contagion(frozen, range(n), active, contagion_rate).items():
            rows[a][b] = new
        after = tuple(tuple(row) for row in rows)
        out = drift(after, range(n), weights, commitment, active, drift_rate)
        return [commitment[m] if r is None else r[0] for m, r in enumerate(out)]

    base = end_of_turn(trust)
    higher = [row[:] for row in trust]
    higher[i][j] = min(100.0, higher[i][j] + bump)
    raised = end_of_turn(higher)
    for low, high in zip(base, raised, strict=True):
        assert high >= low - 1e-9
    assert cohesion_of(tuple(weights), tuple(raised), tuple(active)) >= cohesion_of(
        tuple(weights), tuple(base), tuple(active)
    ) - 1e-9


@settings(max_examples=40, deadline=None)
@given(
    truster=st.sampled_from(["us", "denmark", "uk"]),
    trusted=st.sampled_from(["us", "denmark", "uk"]),
    low=percent,
    bump=st.floats(0, 100),
)
def test_engine_end_of_turn_is_monotonic_in_trust(
    truster: str, trusted: str, low: float, bump: float
) -> None:
    if truster == trusted:
        return
    s = scenario("cohesion")
    target = f"trust[{truster}][{trusted}]"

    def after_turn(value: float) -> GameState:
        state = initial_state(s)
        state, _ = step(s, state, Adjust(target, value, "t"), Random(0))
        state, _ = step(s, state, Pass("us"), Random(0))
        return state

    base = after_turn(low)
    high = after_turn(min(100.0, low + bump))
    for a, b in zip(base.commitment[0], high.commitment[0], strict=True):
        assert b >= a - 1e-9
    assert high.cohesion[0] >= base.cohesion[0] - 1e-9
    assert to_act(s, high) in (0, None, UMPIRE)

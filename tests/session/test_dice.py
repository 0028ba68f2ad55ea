"""The dice follow the actors' decisions: an umpire who confirms changes nothing (issue 18).

docs/rules.md promises that confirming every proposal "gives exactly the game the rules
alone would have given". Each session step used to draw from the generator of its log
position, so every Confirm shifted every later draw.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.engine import UMPIRE, Adjust, GameState
from wargame.engine.events import EMPTY_LOG
from wargame.errors import SaveFormatError
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session, load_session, session_from_dict, session_to_dict

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if ".tests." not in p.name)
SUEZ = ROOT / "tests" / "fixtures" / "umpire" / "suez1956.yaml"
FIXTURES = Path(__file__).parent / "fixtures"
_compiled: dict[Path, ScenarioIR] = {}


def scenario(path: Path) -> ScenarioIR:
    if path not in _compiled:
        _compiled[path] = load_scenario(path)
    return _compiled[path]


def accepting_umpire() -> Seat:
    return Seat("umpire", "bot", policy="accept")


def rules_view(state: GameState) -> GameState:
    """The state without the umpire's bookkeeping (the flag, the step count, the events)."""
    return state._replace(umpire=False, steps=0, log=EMPTY_LOG)


def actor_points(session: Session) -> list[GameState]:
    """The states no adjudication waits in (after each actor action, or after the umpire
    decided what it left pending), as the rules see them."""
    states = (session.state_at(i) for i in range(session.step_index + 1))
    return [rules_view(state) for state in states if state.pending is None]


def bot_game(path: Path, seed: int, policy: str, *, umpire: bool) -> Session:
    ir = scenario(path)
    seats = {a.id: Seat(a.id, "bot", policy=policy) for a in ir.actors}
    session = Session(ir, seed=seed, seats=seats, umpire=accepting_umpire() if umpire else None)
    session.run_bots()
    assert session.is_over
    return session


@settings(max_examples=60, deadline=None)
@given(
    path=st.sampled_from([*SCENARIOS, SUEZ]),
    seed=st.integers(0, 10**6),
    policy=st.sampled_from(["random", "weighted"]),
)
def test_an_accepting_umpire_gives_the_game_the_rules_alone_give(
    path: Path, seed: int, policy: str
) -> None:
    alone = bot_game(path, seed, policy, umpire=False)
    umpired = bot_game(path, seed, policy, umpire=True)
    assert [e.action for e in umpired.log if e.by != "bot:accept"] == [e.action for e in alone.log]
    assert actor_points(umpired) == actor_points(alone)
    assert rules_view(umpired.state) == rules_view(alone.state)
    assert umpired.state.ending == alone.state.ending
    assert umpired.state.turn == alone.state.turn


def test_the_shipped_scenarios_and_the_fixture_have_umpire_decisions() -> None:
    """The property above means something: each game asks the umpire many times."""
    for path in [*SCENARIOS, SUEZ]:
        games = [bot_game(path, seed, "random", umpire=True) for seed in range(5)]
        asked = [e for game in games for e in game.log if e.by == "bot:accept"]
        assert len(asked) >= 5, path.name


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), where=st.lists(st.integers(0, 40), max_size=6))
def test_no_umpire_action_shifts_a_later_die(seed: int, where: list[int]) -> None:
    """Adjusting a value to what it already is, at any moment, changes nothing after it."""
    ir = scenario(SUEZ)
    alone = bot_game(SUEZ, seed, "random", umpire=True)
    session = Session(ir, seed=seed, umpire=accepting_umpire())
    for index, entry in enumerate(alone.log):
        if index in where and session.to_act != UMPIRE:
            now = session.state.vars[0]
            session.submit(Adjust(ir.variables[0].id, now, "no change"), by="umpire")
        session.submit(entry.action, by=entry.by)
    assert rules_view(session.state) == rules_view(alone.state)


def test_undo_redo_fork_and_replay_stay_exact_with_an_umpire() -> None:
    session = bot_game(SUEZ, 11, "random", umpire=True)
    states = [session.state_at(i) for i in range(session.step_index + 1)]
    assert session.replay() == states
    for back in range(1, session.step_index + 1):
        session.undo(back)
        assert session.state == states[-1 - back]
        session.redo(back)
        assert session.state == states[-1]
    for at in range(session.step_index + 1):
        child = session.fork(at)
        for entry in session.log[at:]:
            child.submit(entry.action, by=entry.by)
        assert child.state == session.state
        assert child.replay() == states


def _saved(name: str) -> dict[str, Any]:
    raw: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return raw


def test_a_format_1_save_of_an_umpired_game_replays_as_it_was_played() -> None:
    """Written by the build before this rule: its dice came from each action's log
    position, umpire steps included. It loads with those dice and stays format 1."""
    raw = _saved("suez-umpired-v1.wgsave.json")
    session = load_session(FIXTURES / "suez-umpired-v1.wgsave.json")  # checks the digest
    assert session.legacy_dice
    assert session.step_index == len(raw["log"]) and session.is_over
    assert session_to_dict(session)["format_version"] == 1
    assert session.fork(3).legacy_dice
    again = session_from_dict(session_to_dict(session))
    assert again.state == session.state and again.legacy_dice
    # Read under today's rule, the same log gives another game: hence the version.
    with pytest.raises(SaveFormatError, match="different game state"):
        session_from_dict({**raw, "format_version": 2})


def test_a_format_1_save_without_umpire_actions_is_the_same_game_under_both_rules() -> None:
    raw = _saved("suez-v1.wgsave.json")
    session = session_from_dict(raw)
    assert not session.legacy_dice
    assert session_from_dict({**raw, "format_version": 2}).state == session.state
    assert session_to_dict(session)["format_version"] == 2

"""Pacing: when endings are judged (`endings_checked`, an ending's `checked`)."""

from __future__ import annotations

import re
from pathlib import Path
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.engine import (
    Action,
    GameState,
    Pass,
    PlayMove,
    ending_id,
    initial_state,
    legal_actions,
    playout,
    step,
    to_act,
)
from wargame.errors import ScenarioError
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_text

from .helpers import FIXTURES, load, play

GREENLAND = Path(__file__).resolve().parents[2] / "scenarios" / "greenland.yaml"
TOP = "endings:\n  - {id: war"


def paced(checked: str, war: str = "") -> ScenarioIR:
    """The pacing fixture with `endings_checked: checked` (and `war`'s own `checked`)."""
    replace = {TOP: f"endings_checked: {checked}\n{TOP}"}
    if war:
        replace['priority: 10}'] = f"priority: 10, checked: {war}}}"
    return load("pacing", replace)


RAISE, DEFUSE = PlayMove("hawk", "raise"), PlayMove("dove", "defuse")
TALK = PlayMove("dove", "talk")


def test_by_default_an_ending_is_judged_after_every_phase() -> None:
    s = load("pacing")
    assert s.endings_checked == "every_phase"
    state = play(s, initial_state(s), RAISE)
    assert ending_id(s, state) == "war"
    assert state.phase == 0 and len(state.var_history) == 1  # mid-turn: the Dove never acted


def test_an_end_of_turn_ending_lets_the_turn_finish() -> None:
    s = paced("end_of_turn")
    state = play(s, initial_state(s), RAISE)
    assert state.ending is None and to_act(s, state) == 1  # the Dove still answers
    defused = play(s, state, DEFUSE)
    assert defused.ending is None and defused.turn == 2
    ignored = play(s, state, Pass("dove"))
    assert ending_id(s, ignored) == "war"
    assert ignored.turn == 1 and len(ignored.var_history) == 2  # after the end-of-turn rules


def test_an_ending_overrides_the_scenario_pacing() -> None:
    s = paced("end_of_turn", war="every_phase")
    assert ending_id(s, play(s, initial_state(s), RAISE)) == "war"
    s = paced("every_phase", war="end_of_turn")
    state = play(s, initial_state(s), RAISE)
    assert state.ending is None
    assert ending_id(s, play(s, state, Pass("dove"))) == "war"


def test_an_end_of_game_ending_is_judged_only_when_the_calendar_runs_out() -> None:
    s = paced("end_of_game")
    assert s.ending_order == () and s.end_order == (0, 1)
    state = play(s, initial_state(s), RAISE, Pass("dove"), Pass("hawk"), TALK)
    assert state.ending is None and state.turn == 3
    state = play(s, state, Pass("hawk"), TALK)
    assert ending_id(s, state) == "war"  # priority first, as at the end always
    calm = play(s, initial_state(s), Pass("hawk"), TALK, Pass("hawk"), TALK)
    assert calm.ending is None and calm.turn == 3  # talks reached 8 on turn 2: not judged yet
    assert ending_id(s, play(s, calm, Pass("hawk"), Pass("dove"))) == "deal"


def test_end_of_turn_endings_come_before_at_end_ones_on_the_last_turn() -> None:
    s = paced("end_of_turn", war="end_of_game")
    state = play(s, initial_state(s), Pass("hawk"), TALK, Pass("hawk"), TALK)
    assert ending_id(s, state) == "deal" and state.turn == 2


@pytest.mark.parametrize(
    ("ending", "message"),
    [
        ("{id: war, title: W, when: \"crisis >= 5\", at_end: true, checked: end_of_turn}",
         "`at_end: true` means `checked: end_of_game`"),
        ("{id: war, title: W, default: true, checked: end_of_turn}",
         "a default ending has no condition to check"),
    ],
)
def test_contradictory_pacing_is_refused_with_a_reason(ending: str, message: str) -> None:
    text = (FIXTURES / "pacing.yaml").read_text(encoding="utf-8")
    text = text.replace('{id: war, title: War, when: "crisis >= 5", priority: 10}', ending)
    if "default" in ending:
        text = text.replace("  - {id: drift, title: Drift, default: true}\n", "")
    with pytest.raises(ScenarioError, match=message):
        load_text(text, "pacing.yaml")


def test_an_unknown_pacing_names_the_choices() -> None:
    with pytest.raises(ScenarioError, match="end_of_turn"):
        paced("end_of_week")


# -- properties ---------------------------------------------------------------------------

_GREENLAND: dict[str, ScenarioIR] = {}


def greenland_text(checked: str) -> str:
    """greenland.yaml with its own scenario-wide pacing replaced by `checked` ("": none)."""
    text = re.sub(r"\nendings_checked: \w+\n", "\n", GREENLAND.read_text(encoding="utf-8"))
    assert "\nendings:\n" in text
    if checked:
        text = text.replace("\nendings:\n", f"\nendings_checked: {checked}\nendings:\n", 1)
    return text


def greenland(checked: str) -> ScenarioIR:
    if checked not in _GREENLAND:
        _GREENLAND[checked] = load_text(greenland_text(checked), "greenland.yaml")
    return _GREENLAND[checked]


def random_game(s: ScenarioIR, seed: int) -> tuple[list[GameState], list[Action]]:
    rng, chooser = Random(seed), Random(seed + 1)
    states = [initial_state(s, rng=rng)]
    log: list[Action] = []
    while (seat := to_act(s, states[-1])) is not None:
        legal = legal_actions(s, states[-1], seat)
        action = legal[int(chooser.random() * len(legal))]
        states.append(step(s, states[-1], action, rng)[0])
        log.append(action)
    return states, log


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31), which=st.sampled_from(["fixture", "greenland"]))
def test_an_end_of_turn_ending_never_fires_mid_turn(seed: int, which: str) -> None:
    s = paced("end_of_turn") if which == "fixture" else greenland("end_of_turn")
    states, _ = random_game(s, seed)
    for state in states[:-1]:
        assert state.ending is None
    final = states[-1]
    if final.ending is not None and final.ending >= 0 and not s.endings[final.ending].default:
        # The end-of-turn rules of the final turn ran: the turn was over when it was judged.
        assert len(final.var_history) == final.turn + 1
        assert s.endings[final.ending].when is not None
        assert s.endings[final.ending].when(final)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31), checked=st.sampled_from(["end_of_turn", "end_of_game"]))
def test_paced_games_replay_exactly_and_match_the_fast_playout(seed: int, checked: str) -> None:
    s = greenland(checked)
    states, log = random_game(s, seed)
    rng = Random(seed)
    again = initial_state(s, rng=rng)
    for action in log:
        again, _ = step(s, again, action, rng)
    assert again == states[-1]
    # The fast playout applies the same pacing as `step` (one rng for choices and dice).
    rng = Random(seed)
    state = initial_state(s, rng=rng, record=False)
    while (seat := to_act(s, state)) is not None:
        legal = legal_actions(s, state, seat)
        action = legal[min(int(rng.random() * len(legal)), len(legal) - 1)]
        state, _ = step(s, state, action, rng, record=False)
    assert playout(s, Random(seed)).state == state


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31))
def test_the_explicit_default_pacing_plays_the_very_same_game(seed: int) -> None:
    """`endings_checked: every_phase` is today's behaviour, so old games replay the same."""
    default, explicit = greenland(""), greenland("every_phase")
    a, _ = random_game(default, seed)
    b, _ = random_game(explicit, seed)
    assert [x._replace(log=None) for x in a] == [y._replace(log=None) for y in b]
    assert [e.text for e in a[-1].log.all()] == [e.text for e in b[-1].log.all()]

"""An umpire who confirms endings: the rules propose, the umpire confirms or plays on."""

from __future__ import annotations

from pathlib import Path
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.bots import AcceptingUmpire
from wargame.engine import (
    PLAY_ON_REASON,
    UMPIRE,
    Action,
    Confirm,
    EndPhase,
    GameState,
    Pass,
    PlayMove,
    PlayOn,
    action_from_dict,
    action_to_dict,
    ending_id,
    ending_proposal,
    events,
    initial_state,
    legal_actions,
    proposed_ending,
    step,
    to_act,
)
from wargame.errors import IllegalActionError, SaveFormatError
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario, load_text

from .helpers import load, play

GREENLAND = Path(__file__).resolve().parents[2] / "scenarios" / "greenland.yaml"
RAISE, DEFUSE = PlayMove("hawk", "raise"), PlayMove("dove", "defuse")
TALK = PlayMove("dove", "talk")


def test_the_rules_propose_and_wait_for_the_umpire() -> None:
    s = load("pacing")
    state = play(s, initial_state(s, umpire=True, confirm_endings=True), RAISE)
    assert state.ending is None and proposed_ending(state) == 0
    assert to_act(s, state) == UMPIRE
    assert legal_actions(s, state, UMPIRE) == [Confirm(), PlayOn(PLAY_ON_REASON)]
    assert legal_actions(s, state, 1) == []
    last = events(state)[-1]
    assert last.kind == "pending" and last.visible_to == () and "War" in last.text
    for refused in (DEFUSE, Pass("dove"), EndPhase("enough")):
        with pytest.raises(IllegalActionError, match="confirms it or plays on first"):
            step(s, state, refused, Random(0))


def test_confirming_ends_the_game_as_the_rules_would_have() -> None:
    s = load("pacing")
    plain = play(s, initial_state(s), RAISE)
    held = play(s, initial_state(s, umpire=True, confirm_endings=True), RAISE, Confirm())
    assert ending_id(s, held) == ending_id(s, plain) == "war"
    assert events(held)[-1].text == events(plain)[-1].text
    assert to_act(s, held) is None


def test_playing_on_sets_the_ending_aside_for_the_rest_of_the_turn() -> None:
    s = load("pacing")
    held = play(s, initial_state(s, umpire=True, confirm_endings=True), RAISE)
    with pytest.raises(IllegalActionError, match="needs a reason"):
        step(s, held, PlayOn("  "), Random(0))
    on = play(s, held, PlayOn("let the Dove answer"))
    assert on.ending is None and to_act(s, on) == 1  # the Dove acts in the second phase
    assert any("played on past 'War': let the Dove answer" in e.text for e in events(on))
    # Not proposed again this turn, even at the end-of-turn check...
    next_turn = play(s, on, Pass("dove"))
    # ...but again in the next turn, after its news, while it still holds.
    assert next_turn.turn == 2 and proposed_ending(next_turn) == 0
    defused = play(s, on, DEFUSE)
    assert defused.turn == 2 and proposed_ending(defused) is None


def test_playing_on_past_an_end_of_turn_ending_starts_the_next_turn() -> None:
    s = load("pacing", {"endings:\n": "endings_checked: end_of_turn\nendings:\n"})
    state = play(s, initial_state(s, umpire=True, confirm_endings=True), RAISE, Pass("dove"))
    assert state.turn == 1 and proposed_ending(state) == 0
    state = play(s, state, PlayOn("one more turn"))
    assert state.turn == 2 and to_act(s, state) == 0 and state.ending is None
    assert state.ending_hold is not None and state.ending_hold.set_aside == ()


def test_setting_aside_an_at_end_ending_falls_to_the_next_or_the_default() -> None:
    s = load("pacing", {"endings:\n": "endings_checked: end_of_game\nendings:\n"})
    state = initial_state(s, umpire=True, confirm_endings=True)
    state = play(s, state, RAISE, Pass("dove"), Pass("hawk"), TALK, Pass("hawk"), TALK)
    assert proposed_ending(state) == 0  # war first, by priority
    proposal = ending_proposal(s, state)
    assert proposal is not None and proposal.where == "as the calendar runs out"
    assert [c.label for c in proposal.choices] == ["Confirm: the game ends", "Set it aside"]
    state = play(s, state, PlayOn("not a war"))
    assert proposed_ending(state) == 1  # then the deal
    state = play(s, state, PlayOn("nor a deal"))
    assert ending_id(s, state) == "drift"  # the default closes the calendar


def test_news_that_ends_the_game_is_proposed_before_anyone_acts() -> None:
    text = (Path(__file__).parent / "fixtures" / "pacing.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "endings:\n",
        "injects:\n  - {id: flare, label: Flare-up, at_turn: 2, effects: [\"crisis = 9\"]}\n"
        "endings:\n",
    )
    s = load_text(text, "pacing.yaml")
    state = play(s, initial_state(s, umpire=True, confirm_endings=True), Pass("hawk"), TALK)
    assert state.turn == 2 and proposed_ending(state) == 0
    proposal = ending_proposal(s, state)
    assert proposal is not None and proposal.where.startswith("after the news")
    state = play(s, state, PlayOn("the summit must meet"))
    assert state.turn == 2 and state.phase == 0 and to_act(s, state) == 0


def test_play_on_is_saved_as_plain_data() -> None:
    action = PlayOn("the class wants the summit")
    assert action_to_dict(action) == {"type": "play_on", "reason": "the class wants the summit"}
    assert action_from_dict(action_to_dict(action)) == action
    with pytest.raises(SaveFormatError, match="lacks 'reason'"):
        action_from_dict({"type": "play_on"})


def test_play_on_without_a_proposal_is_refused() -> None:
    s = load("pacing")
    state = initial_state(s, umpire=True, confirm_endings=True)
    with pytest.raises(IllegalActionError, match="no ending waiting"):
        step(s, state, PlayOn("why not"), Random(0))


_GREENLAND: list[ScenarioIR] = []


def greenland() -> ScenarioIR:
    if not _GREENLAND:
        _GREENLAND.append(load_scenario(GREENLAND))
    return _GREENLAND[0]


def _game(
    s: ScenarioIR, seed: int, *, confirm: bool, play_on: float = 0.0
) -> tuple[GameState, list[Action]]:
    rng, chooser = Random(seed), Random(seed + 1)
    umpire = AcceptingUmpire()
    state = initial_state(s, umpire=True, rng=rng, confirm_endings=confirm)
    log: list[Action] = []
    while (seat := to_act(s, state)) is not None:
        legal = legal_actions(s, state, seat)
        if seat == UMPIRE:
            if proposed_ending(state) is not None and chooser.random() < play_on:
                action: Action = PlayOn("property test")
            else:
                action = umpire.choose(s, state, seat, chooser)
        else:
            action = legal[int(chooser.random() * len(legal))]
        state, _ = step(s, state, action, rng)
        log.append(action)
    return state, log


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31))
def test_an_accepting_umpire_plays_the_same_game_as_no_confirmation(seed: int) -> None:
    s = greenland()
    plain, _ = _game(s, seed, confirm=False)
    held, log = _game(s, seed, confirm=True)
    assert held.ending == plain.ending and held.turn == plain.turn
    assert held.vars == plain.vars and held.cohesion == plain.cohesion
    assert plain.ending is not None
    proposed = plain.ending >= 0 and not s.endings[plain.ending].default
    assert held.steps == plain.steps + (1 if proposed else 0)  # the umpire's one Confirm
    assert isinstance(log[-1], Confirm) or not proposed


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31))
def test_games_with_play_on_replay_exactly(seed: int) -> None:
    s = greenland()
    final, log = _game(s, seed, confirm=True, play_on=0.6)
    assert final.ending is not None
    rng = Random(seed)
    again = initial_state(s, umpire=True, rng=rng, confirm_endings=True)
    for action in log:
        again, _ = step(s, again, action, rng)
    assert again == final

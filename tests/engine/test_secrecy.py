"""Hidden information stays hidden: what the engine hands any seat gives no secret away.

Issue 18: a shared news flash printed "Sterling reserves fell from 60 to 55" to every seat
although the variable is `visible_to: [uk, us]`. The rules tag each event with who may see
it; `view.event_for` / `seat_events` / `effects_of` are the one filter every surface uses.
These tests check the filter, the events whose tags were wrong (a secret cause named by the
cohesion change it made, roll modifiers and fizzled conditions computed from hidden values,
menu reasons naming hidden values), and, as a property over random games full of secrets
and the shipped scenarios, that nothing a seat is handed names a hidden value.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.secrecy import assert_no_leaks, hidden_from, leaks
from tests.helpers.secret_games import bot_game, secret_scenarios
from wargame.engine import (
    OBSERVER,
    Event,
    GameState,
    Pass,
    PlayMove,
    Viewer,
    effects_of,
    event_for,
    initial_state,
    seat_events,
    seat_view,
    step,
    unavailable_reason,
)
from wargame.errors import IllegalActionError
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario, load_text
from wargame.session import Session

from .helpers import ScriptedRandom, die, play

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if ".tests." not in p.name)

SUEZ = """\
wargame: 1
id: suez
title: Suez
calendar: {start: "1956-07", step: month, turns: 2}
actors:
  uk: {name: Britain}
  us: {name: The United States}
  egypt: {name: Egypt}
alliances:
  west:
    name: The Western alliance
    members:
      uk: {weight: 1, commitment: 70}
      us: {weight: 1, commitment: 70}
variables:
  sterling: {label: Sterling reserves, start: 60, visible_to: [uk, us]}
  canal: {label: Canal traffic, start: 5, max: 10}
flags:
  collusion: {label: Collusion at Sèvres, visible_to: [uk]}
phases:
  - {id: talks, label: Talks, actors: [uk, us, egypt]}
moves:
  - id: sevres
    actor: uk
    phase: talks
    label: Meet the French at Sèvres
    secret: true
    effects: ["flags.collusion = true", "commitment[west][uk] -= 10"]
  - id: invade
    actor: uk
    phase: talks
    label: Land at Port Said
    dice:
      roll: 2d6
      modifiers:
        - {label: The plan agreed at Sèvres, value: 2, when: flags.collusion}
      outcomes:
        - {id: swift, label: A swift landing, at_least: 9, effects: ["canal += 3"]}
        - {id: bogged, label: Bogged down, effects: ["canal -= 2"]}
  - id: embargo
    actor: us
    phase: talks
    label: Refuse an IMF loan
    when: "sterling < 50"
    effects: ["sterling -= 10"]
  - id: nationalise
    actor: egypt
    phase: talks
    label: Run the canal ourselves
    when: "not flags.collusion"
    effects: ["canal += 1"]
injects:
  - id: run_on_the_pound
    label: A run on the pound
    at_turn: 1
    effects: ["sterling -= 5", "canal -= 1"]
endings:
  - {id: done, title: Done, default: true}
"""


@pytest.fixture(scope="module")
def suez() -> ScenarioIR:
    return load_text(SUEZ, "suez.yaml")


def _flash(events: tuple[Event, ...], viewer: Viewer) -> list[str]:
    """What a news flash shows `viewer`: each visible headline and the changes under it."""
    lines: list[str] = []
    for index, event in enumerate(events):
        seen = event_for(event, viewer)
        if event.kind == "inject" and seen is not None:
            lines.append(seen.text)
            lines += [e.text for e in effects_of(events, index, viewer)]
    return lines


def test_a_shared_news_flash_shows_each_seat_only_the_changes_it_may_see(
    suez: ScenarioIR,
) -> None:
    """The issue's example: the opening news moves sterling (UK and US only) and the canal."""
    opening = initial_state(suez).log.all()
    for viewer in (suez.names.actors["egypt"], OBSERVER):
        flash = _flash(opening, viewer)
        assert flash[0].startswith("News: A run on the pound")
        assert not any("Sterling" in line for line in flash), flash
        assert any(line.startswith("Canal traffic fell from 5 to 4") for line in flash)
    for viewer in (suez.names.actors["uk"], suez.names.actors["us"], "umpire"):
        flash = _flash(opening, viewer)
        assert any("Sterling reserves fell from 60 to 55" in line for line in flash)


def test_effects_of_keeps_a_secret_cause_out_and_its_public_change_in(suez: ScenarioIR) -> None:
    uk, egypt = suez.names.actors["uk"], suez.names.actors["egypt"]
    state = initial_state(suez)
    state, batch = _step(suez, state, PlayMove("uk", "sevres"))
    move = next(i for i, e in enumerate(batch) if e.kind == "move")
    mine = effects_of(batch, move, uk)
    assert [e.target for e in mine] == ["flag:collusion", "commitment:west:uk", "cohesion:west"]
    assert all(e.cause == "move:sevres" for e in mine)
    theirs = effects_of(batch, move, egypt)
    assert [e.target for e in theirs] == ["commitment:west:uk", "cohesion:west"]
    assert all(e.cause == "" and "Sèvres" not in e.text for e in theirs)


def _step(
    scenario: ScenarioIR, state: GameState, action: PlayMove, rng: ScriptedRandom | None = None
) -> tuple[GameState, tuple[Event, ...]]:
    return step(scenario, state, action, rng or ScriptedRandom([]))


def test_a_cohesion_change_does_not_name_a_secret_cause(suez: ScenarioIR) -> None:
    """It named `move:sevres` to every seat, the change itself being public."""
    _, batch = _step(suez, initial_state(suez), PlayMove("uk", "sevres"))
    cohesion = next(e for e in batch if e.kind == "cohesion")
    assert cohesion.cause == "move:sevres"
    public = event_for(cohesion, suez.names.actors["egypt"])
    assert public is not None and public.cause == "" and public.after == cohesion.after
    assert_no_leaks(suez, OBSERVER, seat_events(batch, OBSERVER))


def test_a_roll_shows_a_modifier_on_a_hidden_flag_only_to_who_may_see_it(
    suez: ScenarioIR,
) -> None:
    """Cuba 1962 showed "Commanders may use tactical nuclear weapons −3" on every seat's
    invasion roll, although that flag is known to the Premier and Soviet forces alone."""
    state = play(
        suez, initial_state(suez), PlayMove("uk", "sevres"), Pass("us"), Pass("egypt")
    )
    state, batch = _step(suez, state, PlayMove("uk", "invade"), ScriptedRandom([die(4), die(4)]))
    roll = next(e for e in batch if e.kind == "roll")
    assert "The plan agreed at Sèvres" in roll.text and roll.modifiers
    for viewer in (suez.names.actors["us"], suez.names.actors["egypt"], OBSERVER):
        seen = event_for(roll, viewer)
        assert seen is not None
        assert seen.modifiers == () and "Sèvres" not in seen.text
        assert "4 + 4 = 8" in seen.text and "'A swift landing'" in seen.text
    mine = event_for(roll, suez.names.actors["uk"])
    assert mine is not None and "Sèvres" in mine.text and "total 10" in mine.text


def test_a_menu_does_not_explain_a_condition_on_values_hidden_from_its_reader(
    suez: ScenarioIR,
) -> None:
    """Egypt's menu said "needs: not flags.collusion (flags.collusion is true)"."""
    state = play(suez, initial_state(suez), PlayMove("uk", "sevres"), Pass("us"))
    egypt, nationalise = suez.names.actors["egypt"], suez.names.moves["nationalise"]
    assert unavailable_reason(suez, state, egypt, nationalise) == "its condition does not hold now"
    told = unavailable_reason(suez, state, egypt, nationalise, "umpire")
    assert told is not None and "flags.collusion is true" in told
    state = play(suez, initial_state(suez), PlayMove("uk", "sevres"))
    us, embargo = suez.names.actors["us"], suez.names.moves["embargo"]
    assert "sterling is 55" in (unavailable_reason(suez, state, us, embargo) or "")


def test_a_fizzled_order_does_not_explain_a_condition_on_hidden_values() -> None:
    scenario = load_text(
        SUEZ.replace("- {id: talks, label: Talks, actors: [uk, us, egypt]}",
                     "- {id: talks, label: Talks, mode: simultaneous, actors: [uk, egypt]}")
        .replace("actor: us\n    phase: talks", "actor: uk\n    phase: talks"),
        "suez.yaml",
    )
    state = play(scenario, initial_state(scenario), PlayMove("uk", "sevres"))
    state, batch = _step(scenario, state, PlayMove("egypt", "nationalise"))
    fizzle = next(e for e in batch if e.kind == "fizzle")
    assert "flags.collusion" in fizzle.text
    seen = event_for(fizzle, scenario.names.actors["egypt"])
    assert seen is not None and "collusion" not in seen.text
    assert seen.text.endswith("fizzles: its condition no longer holds")


def test_a_seat_waiting_for_the_umpire_is_not_told_which_secret_move_waits() -> None:
    scenario = load_text(
        SUEZ.replace(
            '    effects: ["flags.collusion = true", "commitment[west][uk] -= 10"]',
            '    effects: ["flags.collusion = true"]\n'
            "    chance:\n"
            "      - {id: agreed, label: Agreed, p: 0.5}\n"
            "      - {id: balked, label: Balked}",
        ),
        "suez.yaml",
    )
    state = play(scenario, initial_state(scenario, umpire=True), PlayMove("uk", "sevres"))
    assert state.pending is not None
    us, embargo = scenario.names.actors["us"], scenario.names.moves["embargo"]
    assert unavailable_reason(scenario, state, us, embargo) == (
        "waiting for the umpire to adjudicate a move"
    )
    with pytest.raises(IllegalActionError) as refused:
        step(scenario, state, Pass("us"), ScriptedRandom([]))
    assert "Sèvres" not in str(refused.value) and "adjudicate a move" in str(refused.value)
    uk = scenario.names.actors["uk"]
    invade = scenario.names.moves["invade"]
    assert "Sèvres" in (unavailable_reason(scenario, state, uk, invade) or "")


# -- the property ---------------------------------------------------------------------------


def shown_by_the_engine(session: Session, viewer: Viewer) -> list[str | Event]:
    """Everything the engine's view hands `viewer` over a game: its events, what each piece
    of news, move and outcome changed, its dashboard's names, and its menu's reasons."""
    scenario = session.scenario
    shown: list[str | Event] = list(seat_events(session.all_events(), viewer))
    for index in range(session.step_index + 1):
        batch = session.events_at(index)
        for position, event in enumerate(batch):
            if event.kind in ("inject", "move", "outcome"):
                shown += effects_of(batch, position, viewer)
        state = session.state_at(index)
        view = seat_view(scenario, state, viewer)
        shown += [name for name, _ in view.variables] + [name for name, _ in view.flags]
        if isinstance(viewer, int):
            for move in scenario.moves:
                if move.actor == viewer:
                    shown.append(unavailable_reason(scenario, state, viewer, move.index) or "")
    return shown


def viewers(scenario: ScenarioIR) -> st.SearchStrategy[Viewer]:
    return st.sampled_from([*range(len(scenario.actors)), OBSERVER])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=secret_scenarios(), seed=st.integers(0, 10**6), umpire=st.booleans(), data=st.data()
)
def test_nothing_the_engine_shows_a_seat_names_a_value_it_may_not_see(
    scenario: ScenarioIR, seed: int, umpire: bool, data: st.DataObject
) -> None:
    game = bot_game(scenario, seed, umpire=umpire)
    viewer = data.draw(viewers(scenario))
    states = [game.state_at(i) for i in range(game.step_index + 1)]
    assert_no_leaks(scenario, viewer, shown_by_the_engine(game, viewer), states)


@settings(max_examples=20, deadline=None)
@given(path=st.sampled_from(SHIPPED), seed=st.integers(0, 10**6), data=st.data())
def test_nothing_the_engine_shows_a_seat_of_a_shipped_scenario_gives_a_secret_away(
    path: Path, seed: int, data: st.DataObject
) -> None:
    scenario = _shipped(path)
    game = bot_game(scenario, seed, umpire=data.draw(st.booleans()))
    viewer = data.draw(viewers(scenario))
    assert_no_leaks(scenario, viewer, shown_by_the_engine(game, viewer))


_compiled: dict[Path, ScenarioIR] = {}


def _shipped(path: Path) -> ScenarioIR:
    if path not in _compiled:
        _compiled[path] = load_scenario(path)
    return _compiled[path]


def test_the_leak_check_finds_what_the_unfiltered_log_gives_away() -> None:
    """The property can fail: the whole log shown to a seat names its secrets."""
    scenario = _shipped(ROOT / "scenarios" / "cuba1962.yaml")
    found = []
    for seed in range(6):
        game = bot_game(scenario, seed)
        states = [game.state_at(i) for i in range(game.step_index + 1)]
        found += leaks(scenario, OBSERVER, game.all_events(), states)
    assert found
    hidden = hidden_from(scenario, scenario.names.actors["cuba"])
    assert "jupiter_trade" in hidden.ids
    assert "Secret undertaking to remove the Jupiters" in hidden.words

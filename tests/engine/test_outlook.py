"""The last-chance warning: which endings are one step away, as each seat may know."""

from __future__ import annotations

from pathlib import Path

from wargame.engine import (
    OBSERVER,
    UMPIRE,
    Pass,
    PlayMove,
    gauge_steps,
    initial_state,
    last_chance,
)
from wargame.scenario.loader import load_scenario

from .helpers import load, play

RAISE, TALK = PlayMove("hawk", "raise"), PlayMove("dove", "talk")
GREENLAND = Path(__file__).resolve().parents[2] / "scenarios" / "greenland.yaml"


def test_a_step_is_the_largest_change_one_move_makes() -> None:
    s = load("pacing")
    steps = gauge_steps(s, initial_state(s))
    assert steps[("vars", 0, -1)] == 5  # crisis: raise +5, defuse -5
    assert steps[("vars", 1, -1)] == 4  # talks: +4


def test_an_ending_one_step_away_is_named_with_its_gauge_and_threshold() -> None:
    s = load("pacing")
    opening = last_chance(s, initial_state(s), 0)
    assert [w.ending for w in opening] == ["war"]  # crisis 0, one raise from 5; talks 0 of 8
    assert opening[0].text == "Crisis 0 / 5 — ends the game (War)"
    assert (opening[0].value, opening[0].threshold, opening[0].holds) == (0, 5, False)


def test_talks_within_one_step_warn_of_the_deal() -> None:
    s = load("pacing", {'when: "crisis >= 5"': 'when: "crisis >= 10"'})
    state = play(s, initial_state(s), RAISE, TALK)
    texts = [w.text for w in last_chance(s, state, UMPIRE)]
    assert texts == ["Crisis 5 / 10 — ends the game (War)", "Talks 4 / 8 — ends the game (A deal)"]


def test_an_ending_that_holds_but_is_judged_later_says_so() -> None:
    s = load("pacing", {"endings:\n": "endings_checked: end_of_turn\nendings:\n"})
    state = play(s, initial_state(s), RAISE)
    war = last_chance(s, state, UMPIRE)[0]
    assert war.holds and war.text.startswith("Crisis 5 — ends the game at the end of this turn")


def test_a_warning_never_reveals_a_value_the_seat_may_not_see() -> None:
    s = load("pacing", {"talks: {start: 0,": "talks: {visible_to: [dove], start: 0,"})
    state = play(s, initial_state(s), Pass("hawk"), TALK)
    seen = {seat: [w.ending for w in last_chance(s, state, seat)] for seat in (0, 1, UMPIRE)}
    seen[OBSERVER] = [w.ending for w in last_chance(s, state, OBSERVER)]
    assert seen == {
        0: ["war"],
        1: ["war", "deal"],
        UMPIRE: ["war", "deal"],
        OBSERVER: ["war"],
    }


def test_a_warning_never_reveals_that_a_secret_move_was_played() -> None:
    """A deal one raise away only once the Dove talked in secret: only the Dove is warned."""
    s = load(
        "pacing",
        {
            "label: Talk, effects": "label: Talk, secret: true, effects",
            'when: "crisis >= 5"': 'when: "crisis >= 10"',
            'when: "talks >= 8"}': 'when: "played(talk) >= 1 and crisis >= 5"}',
        },
    )
    before = play(s, initial_state(s), Pass("hawk"))
    assert "deal" not in [w.ending for w in last_chance(s, before, UMPIRE)]
    state = play(s, before, TALK)
    assert [w.ending for w in last_chance(s, state, 1)] == ["deal"]
    assert [w.ending for w in last_chance(s, state, 0)] == []
    assert [w.ending for w in last_chance(s, state, OBSERVER)] == []


def test_the_author_margin_overrides_the_step() -> None:
    s = load("pacing", {'when: "talks >= 8"}': 'when: "talks >= 8", warn_within: 8}'})
    assert [w.ending for w in last_chance(s, initial_state(s), 1)] == ["war", "deal"]


def test_cohesion_reads_as_a_whole_number_as_on_the_dashboard() -> None:
    # issue 20: the warning said "NATO cohesion 59.9" where the dashboard said 60.
    s = load(
        "cohesion",
        {'when: "collapsed(nato)"}': 'when: "cohesion(nato) < 55", warn_within: 10}'},
    )
    state = play(s, initial_state(s), Pass("us"))
    (warning,) = last_chance(s, state, UMPIRE)
    assert warning.text == "NATO cohesion 60 / 55 — ends the game (NATO collapses)"
    assert warning.value == state.cohesion[0]  # the exact value stays for the caller


def test_a_gauge_a_hair_from_its_threshold_does_not_read_as_on_it() -> None:
    # issue 20: "NATO cohesion 15 / 15" at 15.4, as if the alliance had already collapsed.
    s = load(
        "cohesion",
        {'when: "collapsed(nato)"}': 'when: "cohesion(nato) < 59.5", warn_within: 10}'},
    )
    state = play(s, initial_state(s), Pass("us"))
    (warning,) = last_chance(s, state, UMPIRE)
    assert warning.text == "NATO cohesion 59.9 / 59.5 — ends the game (NATO collapses)"


def test_greenland_warnings_name_gauges_by_their_labels() -> None:
    s = load_scenario(GREENLAND)
    state = initial_state(s)
    for warning in last_chance(s, state, OBSERVER):
        assert "(" in warning.text and "_" not in warning.gauge

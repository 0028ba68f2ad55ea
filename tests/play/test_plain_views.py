"""The move list's plain words: what every screen shows players instead of the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scenario.test_odds_line import SECRET
from wargame.engine import Pending, initial_state
from wargame.play.views import (
    condition_words,
    describe_move,
    effects_words,
    move_options,
    pending_view,
)
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario, load_text
from wargame.scenario.masking import IDENTITY, Masker
from wargame.scenario.shipped import shipped_named

RULES_TOKENS = ("+=", "-=", "==", ">=", "<=", "flags.", "[", "needs: ")


@pytest.fixture(scope="module")
def greenland() -> ScenarioIR:
    path = shipped_named("greenland")
    assert path is not None
    return load_scenario(path)


def _move(ir: ScenarioIR, move: str) -> int:
    return ir.names.moves[move]


def test_every_seat_reads_words_not_rules(greenland: ScenarioIR) -> None:
    state = initial_state(greenland)
    seen = 0
    for actor in range(len(greenland.actors)):
        for phase in range(len(greenland.phases)):
            options = move_options(greenland, state._replace(phase=phase), actor, IDENTITY)
            for option in options:
                for text in (option.summary, option.needs, option.reason):
                    for token in RULES_TOKENS:
                        assert token not in text, (option.label, text)
                for odds in option.odds:
                    assert "+=" not in odds.summary and "-=" not in odds.summary
                seen += 1
    assert seen > 40


def test_the_issue_s_move_reads_as_asked(greenland: ScenarioIR) -> None:
    state = initial_state(greenland)
    move = greenland.moves[_move(greenland, "order_contingency_plans")]
    option = describe_move(greenland, state, move, IDENTITY, available=True)
    assert option.summary == (
        "JSOC ordered to draw up contingency plans · Escalation +2 · the President's approval +2"
        " · the generals trust the President less"
        " (−10)"
    )
    assert option.effects[1] == "escalation += 2"  # the rules view keeps the rules
    assert option.condition == "not flags.plans_ordered"


def test_an_unavailable_move_says_what_it_needs_in_words(greenland: ScenarioIR) -> None:
    state = initial_state(greenland)
    president = greenland.names.actors["president"]
    options = {o.label: o for o in move_options(greenland, state, president, IDENTITY)}
    seizure = options["Order the seizure of Greenland"]
    assert not seizure.available
    assert seizure.reason == (
        "Needs: an invasion plan is on the President's desk and Escalation at least 4 (now 2)"
    )
    assert seizure.needs.startswith("Needs: an invasion plan is on the President's desk, ")


def test_a_team_that_may_not_see_a_flag_does_not_read_it(greenland: ScenarioIR) -> None:
    state = initial_state(greenland)
    denmark = greenland.names.actors["denmark"]
    move = greenland.moves[_move(greenland, "order_seizure")]
    option = describe_move(greenland, state, move, IDENTITY, available=False, viewer=denmark)
    assert "invasion plan" not in option.needs
    assert "a condition hidden from you" in option.needs
    assert move.when is not None
    assert "invasion plan" not in condition_words(greenland, move.when, denmark, IDENTITY)


def test_words_are_masked(greenland: ScenarioIR) -> None:
    mask = Masker(greenland.masking)
    move = greenland.moves[_move(greenland, "threaten_denmark")]
    words = effects_words(greenland, move.effects, "observer", mask)
    assert "Denmark" not in words and "Valdmark trusts" in words


def test_the_umpire_s_ruling_lists_what_each_outcome_does(greenland: ScenarioIR) -> None:
    move = greenland.moves[_move(greenland, "order_seizure")]
    assert move.resolution is not None
    pending = Pending(move=move.index, actor=move.actor, kind="chance", stage="confirm")
    view = pending_view(greenland, pending, IDENTITY)
    assert len(view.outcome_summaries) == len(move.resolution.outcomes)
    assert view.outcome_summaries[0].startswith("US forces have seized Greenland · ")


def test_a_dice_rulings_outcomes_carry_their_chance_from_the_dice_model() -> None:
    """The umpire's dice ruling shows each outcome's chance as chance draws do: 2d6 with
    +1 reaching 9 is 2d6 reaching 8, 15 in 36 (the pending view carried none for dice)."""
    ir = load_scenario(Path(__file__).parents[1] / "tui" / "fixtures" / "strait.yaml")
    move = ir.moves[_move(ir, "probe")]
    pending = Pending(
        move=move.index,
        actor=move.actor,
        kind="dice",
        stage="confirm",
        dice=(3, 5),
        modifiers=(("Blockade in force", 1.0),),
        total=9.0,
        proposed=0,
    )
    view = pending_view(ir, pending, IDENTITY)
    odds = [p for _, _, p in view.outcomes]
    assert odds == pytest.approx([15 / 36, 21 / 36])
    unmodified = pending_view(ir, pending._replace(modifiers=(), total=8.0), IDENTITY)
    assert [p for _, _, p in unmodified.outcomes] == pytest.approx([10 / 36, 26 / 36])
    rating = pending_view(ir, pending._replace(stage="rate"), IDENTITY)
    assert [p for _, _, p in rating.outcomes] == [None, None]  # before rating: not yet


def test_who_decided_reads_in_words_not_as_the_log_signs_it() -> None:
    from wargame.play.debrief import by_words

    assert by_words("bot:weighted") == "a bot (weighted)"
    assert by_words("team:Blue") == "team Blue"
    assert by_words("rules") == "the rules" and by_words("umpire") == "the umpire"


def test_a_computed_chance_says_what_moves_it(greenland: ScenarioIR) -> None:
    """Issue 20's playthrough: "Sign the access agreement" read 5% and nothing said what
    raises it. The President's preview now says it is at its lowest and what moves it."""
    state = initial_state(greenland)
    move = greenland.moves[_move(greenland, "sign_access_deal")]
    option = describe_move(greenland, state, move, IDENTITY, available=False)
    signed, torpedoed = option.odds
    assert signed.percent == "5%"
    assert signed.moved_by.startswith("At its lowest (5%). Better when it is later in the game")
    assert "Worse when the President's approval is higher" in signed.moved_by
    assert torpedoed.moved_by == ""  # the rest of the odds: no expression of its own
    for token in RULES_TOKENS:
        assert token not in signed.moved_by


def test_what_moves_a_chance_is_masked(greenland: ScenarioIR) -> None:
    state = initial_state(greenland)
    move = greenland.moves[_move(greenland, "sign_access_deal")]
    option = describe_move(greenland, state, move, Masker(greenland.masking), available=False)
    moved_by = option.odds[0].moved_by
    assert "Denmark" not in moved_by and "Valdmark trusts the Columbian Federation more" in moved_by




def test_a_chance_moved_by_a_secret_gauge_does_not_name_it() -> None:
    s = load_text(SECRET, "secret_odds.yaml")
    state = initial_state(s)
    [option] = [o for o in move_options(s, state, 0, IDENTITY) if o.label == "Make a deal"]
    done = option.odds[0]
    assert done.probability is None  # the odds themselves are hidden from the President
    assert done.hidden and option.odds[1].hidden  # and the screen says so, not "umpire"
    assert done.moved_by == "Worse when Escalation is higher."
    advisers = describe_move(s, state, s.moves[0], IDENTITY, available=True, viewer=1)
    assert not advisers.odds[0].hidden and advisers.odds[0].percent == "33%"
    assert advisers.odds[0].moved_by == (
        "Better when an invasion plan is ready. Worse when the advisers' war chest is "
        "higher and Escalation is higher."
    )

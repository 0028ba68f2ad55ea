"""The search bot: looks past the next move, deterministic for a seed, blind to what its
actor may not see, and explains each choice."""

from __future__ import annotations

from pathlib import Path
from random import Random

import pytest

from tests.helpers.patience import PATIENCE
from wargame.bots import UnknownPolicyError, decide, make_policy
from wargame.bots.goal import GoalSeekingPolicy
from wargame.bots.search import (
    DEFAULT_GOAL_ROLLOUTS,
    Budget,
    SearchPolicy,
    parse_budget,
    parse_search,
)
from wargame.engine import (
    UMPIRE,
    Confirm,
    Pass,
    PlayMove,
    initial_state,
    legal_actions,
    step,
    to_act,
)
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario, load_text

ROOT = Path(__file__).parents[2]



@pytest.fixture(scope="module")
def patience() -> ScenarioIR:
    return load_text(PATIENCE, "patience.yaml")


@pytest.fixture(scope="module")
def greenland() -> ScenarioIR:
    return load_scenario(ROOT / "scenarios" / "greenland.yaml")


def test_search_looks_past_the_next_move_where_goal_does_not(patience: ScenarioIR) -> None:
    state = initial_state(patience)
    goal = GoalSeekingPolicy(patience, "player").choose(patience, state, 0, Random(0))
    search = SearchPolicy(patience, "player", Budget(rollouts=60))
    decision = search.decide(patience, state, 0, Random(0))
    assert goal == PlayMove("player", "grab")
    assert decision.action == PlayMove("player", "prepare")
    assert decision.why.startswith("search: 'Prepare', mean score")
    assert "rollouts" in decision.why


def test_aimed_at_the_worst_it_picks_the_line_that_scores_least(patience: ScenarioIR) -> None:
    # What benchmarks/search.py --reach measures: the gap between an actor's best and worst
    # lines. Prepare-then-strike scores 1.0, grab 0.2, passing until the end 0.
    state = initial_state(patience)
    worst = SearchPolicy(patience, "player", Budget(rollouts=60), worst=True)
    decision = worst.decide(patience, state, 0, Random(0))
    assert decision.action == Pass("player")
    # The reason speaks in the actor's own score (never negative here), not the negated one.
    assert decision.why.startswith("search: pass, mean score 0.")
    assert "runner-up 'Grab what is there' 0.20" in decision.why


def test_the_default_budget_is_the_documented_one() -> None:
    assert Budget().rollouts == 1000
    assert "1,000 rollouts" in (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")


def test_the_same_seed_gives_the_same_choice_and_reason(greenland: ScenarioIR) -> None:
    state = initial_state(greenland, rng=Random(4))
    seat = to_act(greenland, state)
    assert isinstance(seat, int)
    policy = SearchPolicy(greenland, greenland.actors[seat].id, Budget(rollouts=30))
    first = policy.decide(greenland, state, seat, Random(11))
    again = policy.decide(greenland, state, seat, Random(11))
    assert first == again
    assert first.action in legal_actions(greenland, state, seat)


def test_one_draw_from_the_game_generator_seeds_the_whole_search(greenland: ScenarioIR) -> None:
    state = initial_state(greenland, rng=Random(4))
    seat = to_act(greenland, state)
    assert isinstance(seat, int)
    rng = Random(5)
    SearchPolicy(greenland, greenland.actors[seat].id, Budget(rollouts=20)).choose(
        greenland, state, seat, rng
    )
    reference = Random(5)
    reference.random()
    assert rng.getstate() == reference.getstate()


def _at_denmark(greenland: ScenarioIR, seed: int) -> tuple[object, int]:
    rng = Random(seed)
    state = initial_state(greenland, rng=rng)
    denmark = greenland.names.actors["denmark"]
    while to_act(greenland, state) != denmark:
        seat = to_act(greenland, state)
        assert seat is not None
        actions = legal_actions(greenland, state, seat)
        state, _ = step(greenland, state, actions[int(rng.random() * len(actions))], rng)
    return state, denmark


@pytest.mark.parametrize("seed", [1, 2])
def test_a_hidden_value_its_actor_cannot_see_does_not_change_its_choice(
    greenland: ScenarioIR, seed: int
) -> None:
    state, denmark = _at_denmark(greenland, seed)
    plan = greenland.names.flags["plan_ready"]
    assert denmark not in (greenland.flags[plan].visible_to or ())
    flipped = state._replace(  # type: ignore[attr-defined]
        flags=tuple(not f if i == plan else f for i, f in enumerate(state.flags))  # type: ignore[attr-defined]
    )
    policy = SearchPolicy(greenland, "denmark", Budget(rollouts=40))
    assert policy.decide(greenland, state, denmark, Random(3)) == policy.decide(  # type: ignore[arg-type]
        greenland, flipped, denmark, Random(3)
    )


def test_as_umpire_it_accepts(greenland: ScenarioIR) -> None:
    s = load_text(PATIENCE.replace("endings:\n", "endings:\n  - {id: rich, title: Rich, when: "
                                    "\"prize >= 2\"}\n"), "patience.yaml")
    state = initial_state(s, umpire=True, confirm_endings=True)
    state, _ = step(s, state, PlayMove("player", "grab"), Random(0))
    assert to_act(s, state) == UMPIRE
    decision = SearchPolicy(s, "player").decide(s, state, UMPIRE, Random(0))
    assert decision.action == Confirm()


def test_the_budget_is_rollouts_or_milliseconds(patience: ScenarioIR) -> None:
    assert parse_budget("400") == Budget(rollouts=400)
    assert parse_budget("250ms") == Budget(millis=250)
    policy = make_policy("search:25", patience, "player")
    assert isinstance(policy, SearchPolicy) and policy.budget == Budget(rollouts=25)
    assert isinstance(make_policy("search", patience, "player"), SearchPolicy)
    for bad in ("search:0", "search:fast", "search:-5ms"):
        with pytest.raises(UnknownPolicyError, match="number of rollouts"):
            make_policy(bad, patience, "player")


def test_a_time_budget_stops_on_the_clock(patience: ScenarioIR) -> None:
    ticks = iter(range(1000))
    policy = SearchPolicy(
        patience, "player", Budget(millis=5), clock=lambda: next(ticks) / 1000
    )
    decision = policy.decide(patience, initial_state(patience), 0, Random(0))
    assert decision.action in legal_actions(patience, initial_state(patience), 0)
    assert "rollouts" in decision.why


@pytest.mark.parametrize("name", ["random", "weighted", "goal", "search:10"])
def test_every_policy_explains_its_choice_in_one_line(greenland: ScenarioIR, name: str) -> None:
    state = initial_state(greenland, rng=Random(1))
    seat = to_act(greenland, state)
    assert isinstance(seat, int)
    policy = make_policy(name, greenland, greenland.actors[seat].id)
    choice = decide(policy, greenland, state, seat, Random(2))
    assert choice.action == policy.choose(greenland, state, seat, Random(2))
    assert choice.why and "\n" not in choice.why
    assert choice.why.startswith(name.partition(":")[0] + ":")


def test_the_only_choice_needs_no_search(patience: ScenarioIR) -> None:
    state, _ = step(patience, initial_state(patience), PlayMove("player", "grab"), Random(0))
    decision = SearchPolicy(patience, "player").decide(patience, state, 0, Random(0))
    assert decision.action == Pass("player") and "only choice" in decision.why


def test_the_default_bot_is_a_known_policy_and_play_and_host_use_it() -> None:
    import inspect

    from wargame.bots import DEFAULT_BOT, DEFAULT_BOT_REASON, POLICY_NAMES
    from wargame.cli import table as cli_table
    from wargame.play import default_policy, default_policy_reason

    assert DEFAULT_BOT in POLICY_NAMES and f"'{DEFAULT_BOT}'" in DEFAULT_BOT_REASON
    # host: no literal default of its own, so it cannot drift from DEFAULT_BOT
    assert inspect.signature(cli_table.host).parameters["bots"].default is None
    # (a seat nobody chose: DEFAULT_BOT, or the author's weights where they weighed the actor)
    assert "bots or default_policy_for(scenario, actor.id)" in inspect.getsource(
        cli_table._new_session
    )
    # play: the setup screen's default seats and the sentence it prints
    assert default_policy() == DEFAULT_BOT and default_policy_reason() == DEFAULT_BOT_REASON


BAIT = """
wargame: 1
id: bait
title: Bait
calendar: {start: "Day 1", turns: 1}
actors:
  player:
    name: Player
    objectives:
      - {text: Keep the prize, score: "prize / 10"}
  rival:
    name: Rival
    objectives:
      - {text: Take what is left open, score: "loot"}
variables:
  prize: {start: 0, min: 0, max: 10}
  loot: {start: 0, min: 0, max: 10}
flags:
  open: {}
phases:
  - {id: first, label: First, actors: [player]}
  - {id: second, label: Second, actors: [rival]}
moves:
  - {id: trust, actor: player, phase: first, label: Leave it open,
     effects: ["prize += 5", "flags.open = true"]}
  - {id: guard, actor: player, phase: first, label: Guard it, effects: ["prize += 3"]}
  - {id: exploit, actor: rival, phase: second, label: Take it, weight: 0.01, when: "flags.open",
     effects: ["prize -= 5", "loot += 1"]}
  - {id: idle, actor: rival, phase: second, label: Look away, weight: 50}
endings:
  - {id: over, title: Over, default: true}
"""


@pytest.fixture(scope="module")
def bait() -> ScenarioIR:
    return load_text(BAIT, "bait.yaml")


def test_the_others_played_as_goal_bots_change_the_best_reply(bait: ScenarioIR) -> None:
    # A weighted rival almost never takes the bait, a goal-seeking one always does: the
    # search that knows it faces goal bots guards the prize, the default one leaves it open.
    state = initial_state(bait)
    plain = make_policy("search:60", bait, "player")
    knowing = make_policy("search:60:goal", bait, "player")
    assert isinstance(plain, SearchPolicy) and isinstance(knowing, SearchPolicy)
    assert plain.decide(bait, state, 0, Random(0)).action == PlayMove("player", "trust")
    decision = knowing.decide(bait, state, 0, Random(0))
    assert decision.action == PlayMove("player", "guard")
    assert decision.why.endswith("the others played as goal") and "\n" not in decision.why
    assert decision == knowing.decide(bait, state, 0, Random(0))


def test_the_search_spec_takes_a_budget_and_an_opponent_model() -> None:
    assert parse_search("300:goal") == (Budget(rollouts=300), "goal")
    assert parse_search("random:250ms") == (Budget(millis=250), "random")
    assert parse_search("400") == (Budget(rollouts=400), "weighted")
    assert parse_search("") == (None, "weighted")
    with pytest.raises(ValueError, match="opponent model"):
        parse_search("300:smart")


def test_with_the_goal_model_it_keeps_the_goal_move_and_its_draw(greenland: ScenarioIR) -> None:
    # Greenland's opening: no other move of the advisers does clearly better than the goal
    # bot's over the rollouts, so the search plays the goal bot's move and takes the same
    # one draw from the game's stream: a game where it keeps every goal move is the goal
    # bot's game, dice and all, and a head-to-head against goal differs only where the
    # search found something clearly better.
    state = initial_state(greenland, rng=Random(4))
    seat = to_act(greenland, state)
    assert isinstance(seat, int)
    policy = make_policy("search:goal", greenland, greenland.actors[seat].id)
    assert isinstance(policy, SearchPolicy) and policy.budget == Budget(DEFAULT_GOAL_ROLLOUTS)
    # The goal move duels the halving's winner, or its runner-up when the goal move won
    # the halving: either way no other move does clearly better here.
    searched, plain = Random(12), Random(12)
    decision = policy.decide(greenland, state, seat, searched)
    goal = GoalSeekingPolicy(greenland, greenland.actors[seat].id).choose(
        greenland, state, seat, plain
    )
    assert decision.action == goal and searched.getstate() == plain.getstate()
    assert decision.why.startswith("search: kept the goal move 'Press the President")
    assert "no move did clearly better over" in decision.why


def test_with_the_goal_model_it_leaves_the_goal_move_for_a_clearly_better_one(
    patience: ScenarioIR,
) -> None:
    # The goal bot grabs (0.2 at once); preparing then striking scores 1.0 in every
    # rollout, a paired difference with no spread: clearly better.
    state = initial_state(patience)
    policy = make_policy("search:goal", patience, "player")
    assert isinstance(policy, SearchPolicy)
    decision = policy.decide(patience, state, 0, Random(0))
    assert decision.action == PlayMove("player", "prepare")
    assert decision.why.startswith(
        "search: 'Prepare', better than the goal move 'Grab what is there' by +0.80 ± 0.00"
    )


def test_with_the_goal_model_a_later_decision_gets_the_rollouts_the_opening_can_afford(
    greenland: ScenarioIR,
) -> None:
    # A goal rollout costs about in proportion to the turns left, so the goal model's
    # budget counts rollouts from the opening: with 2 of 6 turns left, three times as many.
    # The weighted model's rollouts and a budget by the clock are left as given.
    opening = initial_state(greenland, rng=Random(0))
    turns = greenland.calendar.turns
    late = opening._replace(turn=turns - 1)  # type: ignore[attr-defined]
    knowing = SearchPolicy(greenland, "denmark", opponents="goal")
    assert knowing.budget_at(greenland, opening) == Budget(DEFAULT_GOAL_ROLLOUTS)
    assert knowing.budget_at(greenland, late) == Budget(DEFAULT_GOAL_ROLLOUTS * turns // 2)
    last = late._replace(turn=turns)
    assert knowing.budget_at(greenland, last) == Budget(DEFAULT_GOAL_ROLLOUTS * turns)
    plain = SearchPolicy(greenland, "denmark")
    assert plain.budget_at(greenland, late) == plain.budget
    timed = SearchPolicy(greenland, "denmark", Budget(millis=200), opponents="goal")
    assert timed.budget_at(greenland, late) == Budget(millis=200)
    # And a decision spends it: the same position in the last turn plays four times the
    # rollouts or more (its reason counts them).
    state, denmark = _at_denmark(greenland, 1)
    counts = []
    for turn in (1, turns):
        at = state._replace(turn=turn)  # type: ignore[attr-defined]
        why = knowing.decide(greenland, at, denmark, Random(2)).why
        counts.append(int(why.split("; ")[1].split(" rollouts")[0]))
    assert counts[1] >= 4 * counts[0] > 0, counts


def test_with_the_goal_model_the_goal_move_duels_its_runner_up_when_it_wins_the_halving(
    greenland: ScenarioIR,
) -> None:
    # Every decision spends its whole budget: when the goal move wins the halving, the
    # rest of the budget duels it with the halving's runner-up (it went unspent before).
    state = initial_state(greenland, rng=Random(4))
    seat = to_act(greenland, state)
    assert isinstance(seat, int)
    policy = make_policy("search:12:goal", greenland, greenland.actors[seat].id)
    reasons = [policy.decide(greenland, state, seat, Random(k)).why for k in range(8)]
    assert all("paired rollouts" in why for why in reasons), reasons
    assert not any("best over" in why for why in reasons)


def test_with_the_goal_model_a_decision_spends_no_more_than_its_budget(
    greenland: ScenarioIR,
) -> None:
    # The halving plays at least one rollout an arm a round, more than its share on a long
    # menu; the duel then gets what is left of the budget, not a fixed half (an eight-move
    # menu took 28 rollouts for a budget of 24).
    state, denmark = _at_denmark(greenland, 1)
    assert len(legal_actions(greenland, state, denmark)) >= 8
    policy = SearchPolicy(greenland, "denmark", Budget(rollouts=24), opponents="goal")
    for k in range(3):
        why = policy.decide(greenland, state, denmark, Random(k)).why
        spent = int(why.split("; ")[1].split(" rollouts")[0])
        assert 20 <= spent <= 24, why


def test_the_step_that_ends_the_turn_has_no_exact_expectation(greenland: ScenarioIR) -> None:
    # The next turn's chance news is drawn as it opens; the one-step look-ahead draws it
    # from a fixed stream, so its value is not the step's expectation, and a rollout
    # corrected by it would carry that draw's luck into every comparison.
    from wargame.bots.search import immediate_expectations

    rng = Random(3)
    state = initial_state(greenland, rng=rng)
    seen: dict[str, object] = {}
    while state.turn == 1:
        seat = to_act(greenland, state)
        assert isinstance(seat, int)
        actions = legal_actions(greenland, state, seat)
        seen[greenland.actors[seat].id] = immediate_expectations(greenland, state, seat, actions)
        state, _ = step(greenland, state, actions[0], rng)
    assert seen["china"] is None  # the last seat of the turn
    assert all(seen[a] is not None for a in ("congress", "denmark", "secretary_general"))

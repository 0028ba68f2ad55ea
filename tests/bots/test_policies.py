"""Bot policies: legal, deterministic for a generator, and each doing what its name says."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from random import Random

import pytest

from wargame.analysis.play import build_policies, ending_id, play_game
from wargame.bots import (
    AcceptingUmpire,
    RandomPolicy,
    ScriptedPolicy,
    ScriptError,
    UnknownPolicyError,
    WeightedPolicy,
    make_policy,
)
from wargame.bots.goal import GoalSeekingPolicy
from wargame.bots.odds import dice_distribution, outcome_probabilities
from wargame.engine import UMPIRE, Confirm, Pass, PlayMove, initial_state, legal_actions, step
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario, load_text

HERE = Path(__file__).parent
ROOT = HERE.parents[1]


@pytest.fixture(scope="module")
def coin() -> ScenarioIR:
    return load_scenario(HERE / "fixtures" / "coin.yaml")


@pytest.fixture(scope="module")
def greenland() -> ScenarioIR:
    return load_scenario(ROOT / "scenarios" / "greenland.yaml")


def with_bonus(coin: ScenarioIR, bonus: int) -> ScenarioIR:
    text = coin.source_text.replace("bonus: {start: 0", f"bonus: {{start: {bonus}")
    return load_text(text, "coin-bonus.yaml")


def test_every_policy_only_ever_plays_legal_actions(greenland: ScenarioIR) -> None:
    for name in ("random", "weighted", "goal"):
        policies = build_policies(greenland, {}, name)
        state = initial_state(greenland, rng=Random(1))
        rng = Random(2)
        from wargame.engine import to_act

        while (seat := to_act(greenland, state)) is not None:
            action = policies[seat].choose(greenland, state, seat, rng)
            assert action in legal_actions(greenland, state, seat) or (
                isinstance(action, PlayMove) and action.argument
            )
            state, _ = step(greenland, state, action, rng)
        assert state.ending is not None


def test_policies_are_deterministic_for_a_seed(greenland: ScenarioIR) -> None:
    for name in ("random", "weighted", "goal"):
        runs = []
        for _ in range(2):
            policies = build_policies(greenland, {}, name)
            final, moves, *_ = play_game(greenland, policies, Random(99))
            runs.append((moves, final.ending))
        assert runs[0] == runs[1], name


def test_random_policy_is_uniform_over_legal_actions(coin: ScenarioIR) -> None:
    state = initial_state(coin, rng=Random(0))
    counts = Counter(
        type(RandomPolicy().choose(coin, state, 0, Random(i))).__name__ for i in range(2000)
    )
    assert 900 < counts["PlayMove"] < 1100  # flip or pass, half each


def test_weighted_policy_follows_the_scenario_weights() -> None:
    text = (HERE / "fixtures" / "coin.yaml").read_text(encoding="utf-8")
    text = text.replace("label: Flip a biased coin", "label: Flip a biased coin\n    weight: 3")
    scenario = load_text(text, "weighted-coin.yaml")
    state = initial_state(scenario, rng=Random(0))
    policy = WeightedPolicy(pass_weight=1.0)
    counts = Counter(
        isinstance(policy.choose(scenario, state, 0, Random(i)), PlayMove) for i in range(4000)
    )
    assert counts[True] / 4000 == pytest.approx(0.75, abs=0.03)
    never = WeightedPolicy(pass_weight=0.0)
    assert all(
        isinstance(never.choose(scenario, state, 0, Random(i)), PlayMove) for i in range(200)
    )


def test_dice_distribution_is_exact() -> None:
    dist = dict(dice_distribution(2, 6))
    assert dist[7] == pytest.approx(6 / 36)
    assert dist[2] == pytest.approx(1 / 36)
    assert sum(dist.values()) == pytest.approx(1.0)


def test_odds_match_what_the_engine_rolls(coin: ScenarioIR) -> None:
    scenario = with_bonus(coin, 3)  # modifier +2: win on a natural 6 or more
    state = initial_state(scenario, rng=Random(0))
    roll = scenario.move("roll")
    expected = outcome_probabilities(roll, state)
    assert expected[0] == pytest.approx(26 / 36)
    wins = 0
    for i in range(4000):
        after, _ = step(scenario, state, PlayMove("player", "roll"), Random(i))
        wins += bool(after.flags[scenario.names.flags["heads"]])
    assert wins / 4000 == pytest.approx(expected[0], abs=0.025)
    flip = outcome_probabilities(scenario.move("flip"), state)
    assert flip == pytest.approx([0.3, 0.7])


class _Faces(Random):
    """A generator whose draws land on given dice faces (for `roll`'s `int(r * sides)`)."""

    def __init__(self, faces: tuple[int, ...], sides: int) -> None:
        super().__init__(0)
        self._draws = [(face - 0.5) / sides for face in faces]

    def random(self) -> float:
        return self._draws.pop(0) if self._draws else 0.5


@pytest.mark.parametrize("bonus", [1, 2.5, 3, 4.5])
def test_dice_odds_are_the_engines_face_by_face(coin: ScenarioIR, bonus: float) -> None:
    """Every pair of faces stepped through the engine: the bots' odds are its exact shares,
    a modifier of half a pip included (the engine adds it as it is; bots once rounded it)."""
    scenario = with_bonus(coin, bonus)
    state = initial_state(scenario, rng=Random(0))
    heads = scenario.names.flags["heads"]
    wins = 0
    for a in range(1, 7):
        for b in range(1, 7):
            after, _ = step(scenario, state, PlayMove("player", "roll"), _Faces((a, b), 6))
            wins += bool(after.flags[heads])
    assert outcome_probabilities(scenario.move("roll"), state)[0] == pytest.approx(wins / 36)


def test_goal_seeking_takes_the_best_gamble_by_expectation(coin: ScenarioIR) -> None:
    policy = GoalSeekingPolicy(coin, "player")
    state = initial_state(coin, rng=Random(0))
    # Only the coin is available: 0.3 beats passing (0).
    assert policy.choose(coin, state, 0, Random(1)) == PlayMove("player", "flip")
    # With a bonus of 1 the dice win on 8+ (15/36 = 0.42), better than the coin's 0.3.
    better = with_bonus(coin, 1)
    state = initial_state(better, rng=Random(0))
    assert policy.expected_score(better, state, PlayMove("player", "roll")) == pytest.approx(
        15 / 36
    )
    assert policy.choose(better, state, 0, Random(1)) == PlayMove("player", "roll")


def test_goal_seeking_beats_random_on_its_own_objectives(coin: ScenarioIR) -> None:
    scenario = with_bonus(coin, 1)
    wins = {}
    for name in ("random", "goal"):
        policies = build_policies(scenario, {"player": name})
        endings = Counter(
            ending_id(scenario, play_game(scenario, policies, Random(s))[0]) for s in range(600)
        )
        wins[name] = endings["heads"] / 600
    # Random: a third each of pass, flip (0.3) and roll (15/36). Goal: always roll.
    assert wins["random"] == pytest.approx((0.3 + 15 / 36) / 3, abs=0.05)
    assert wins["goal"] == pytest.approx(15 / 36, abs=0.05)


def test_goal_seeking_is_one_step_greedy_on_the_flagship(greenland: ScenarioIR) -> None:
    """Every choice is one of the actions with the best expected immediate score, on what
    its actor may see."""
    from wargame.engine import to_act

    bots = {i: GoalSeekingPolicy(greenland, a.id) for i, a in enumerate(greenland.actors)}
    state = initial_state(greenland, rng=Random(3))
    rng = Random(4)
    checked = 0
    while (seat := to_act(greenland, state)) is not None and checked < 40:
        if isinstance(seat, int):
            bot = bots[seat]
            values = dict(bot.values(greenland, state, seat, legal_actions(greenland, state, seat)))
            chosen = bot.choose(greenland, state, seat, rng)
            assert values[chosen] == pytest.approx(max(values.values()))
            checked += 1
            state, _ = step(greenland, state, chosen, rng)
        else:
            state, _ = step(
                greenland, state, AcceptingUmpire().choose(greenland, state, seat, rng), rng
            )
    assert checked >= 20


def test_scripted_policy_plays_its_script_and_passes_otherwise(coin: ScenarioIR) -> None:
    state = initial_state(coin, rng=Random(0))
    assert ScriptedPolicy(coin, "player", {"1": ["flip"]}).choose(
        coin, state, 0, Random(0)
    ) == PlayMove("player", "flip")
    assert ScriptedPolicy(coin, "player", {"*": ["pass"]}).choose(
        coin, state, 0, Random(0)
    ) == Pass("player")


def test_scripted_policy_refuses_an_unplayable_move_with_the_reason(coin: ScenarioIR) -> None:
    state = initial_state(coin, rng=Random(0))
    with pytest.raises(ScriptError, match="bonus"):
        ScriptedPolicy(coin, "player", {"1": ["roll"]}).choose(coin, state, 0, Random(0))
    lenient = ScriptedPolicy(coin, "player", {"1": ["roll"]}, strict=False)
    assert lenient.choose(coin, state, 0, Random(0)) == Pass("player")


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ({"1": ["fly"]}, "unknown move 'fly'"),
        ({"9": ["flip"]}, "is not a turn"),
        (["flip"], "must map turns"),
    ],
)
def test_bad_scripts_are_refused_clearly(coin: ScenarioIR, script: object, message: str) -> None:
    with pytest.raises(ScriptError, match=message):
        ScriptedPolicy(coin, "player", script)


def test_accepting_umpire_confirms_and_rates_neutral(coin: ScenarioIR) -> None:
    state = initial_state(coin, umpire=True, rng=Random(0))
    state, _ = step(coin, state, PlayMove("player", "flip"), Random(0))
    assert AcceptingUmpire().choose(coin, state, UMPIRE, Random(0)) == Confirm()


def test_unknown_policy_names_suggest_the_nearest(coin: ScenarioIR) -> None:
    with pytest.raises(UnknownPolicyError, match="did you mean 'random'"):
        make_policy("randon", coin, "player")
    with pytest.raises(UnknownPolicyError, match="needs a file"):
        make_policy("scripted", coin, "player")


def test_time_expired_is_reported_when_nothing_ends_the_game(coin: ScenarioIR) -> None:
    policies = build_policies(coin, {"player": "scripted:x"}, read_script=lambda _: {"*": ["pass"]})
    final, *_ = play_game(coin, policies, Random(0))
    assert ending_id(coin, final) == "tails"


def test_an_actor_whose_moves_the_author_weighed_defaults_to_the_weighted_bot() -> None:
    from pathlib import Path

    from wargame.bots import DEFAULT_BOT, authored_weights, default_policy_for
    from wargame.scenario.loader import load_scenario

    drill = load_scenario(Path(__file__).resolve().parents[1] / "fixtures/exercise/drill.yaml")
    assert authored_weights(drill, "rival") and not authored_weights(drill, "cell")
    assert default_policy_for(drill, "rival") == "weighted"
    assert default_policy_for(drill, "cell") == DEFAULT_BOT

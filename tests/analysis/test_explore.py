"""Exact exploration: exact on known odds, and agreeing with a large Monte Carlo run."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from random import Random

import pytest

from wargame.analysis.explore import UNFINISHED, ExploreBudgetError, explore, step_outcomes
from wargame.analysis.play import build_policies, ending_id, play_game
from wargame.analysis.stats import wilson_interval
from wargame.engine import PlayMove, initial_state
from wargame.scenario.loader import load_scenario

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
COIN = ROOT / "tests" / "bots" / "fixtures" / "coin.yaml"
SKIRMISH = HERE / "fixtures" / "skirmish.yaml"


def test_known_odds_come_out_exactly() -> None:
    coin = load_scenario(COIN)
    result = explore(coin, build_policies(coin, {}))
    assert result.probabilities == pytest.approx({"heads": 0.15, "tails": 0.85})


def test_step_outcomes_enumerate_the_dice_exactly() -> None:
    text = COIN.read_text(encoding="utf-8").replace("bonus: {start: 0", "bonus: {start: 1")
    from wargame.scenario.loader import load_text

    coin = load_text(text, "coin.yaml")
    state = initial_state(coin, rng=Random(0))
    outcomes = step_outcomes(coin, state, PlayMove("player", "roll"))
    assert len(outcomes) == 36  # every pair of faces
    assert sum(p for _, p in outcomes) == pytest.approx(1.0)
    heads = coin.names.flags["heads"]
    assert sum(p for s, p in outcomes if s.flags[heads]) == pytest.approx(15 / 36)


def test_exploration_agrees_with_a_large_monte_carlo_run() -> None:
    skirmish = load_scenario(SKIRMISH)
    policies = build_policies(skirmish, {})
    exact = explore(skirmish, policies).probabilities
    assert sum(exact.values()) == pytest.approx(1.0)
    assert len(exact) == 3
    runs = 20_000
    counts = Counter(
        ending_id(skirmish, play_game(skirmish, policies, Random(i))[0]) for i in range(runs)
    )
    for ending, p in exact.items():
        low, high = wilson_interval(counts[ending], runs, z=3.29)  # 99.9 %
        assert low <= p <= high, (ending, p, counts[ending] / runs)


def test_the_depth_limit_leaves_the_rest_unfinished() -> None:
    skirmish = load_scenario(SKIRMISH)
    result = explore(skirmish, build_policies(skirmish, {}), max_turn=1)
    assert UNFINISHED in result.probabilities
    assert sum(result.probabilities.values()) == pytest.approx(1.0)


def test_a_tree_bigger_than_the_budget_stops_with_a_clear_message() -> None:
    greenland = load_scenario(ROOT / "scenarios" / "greenland.yaml")
    with pytest.raises(ExploreBudgetError, match="more than 500 distinct states"):
        explore(greenland, build_policies(greenland, {}), max_nodes=500)

"""Decisive moves by intervention, pinned on scenarios whose causes are known."""

from __future__ import annotations

from pathlib import Path
from random import Random

import pytest

from wargame.analysis.explore import exact_effects
from wargame.analysis.intervene import (
    InterventionSummary,
    MoveEffect,
    PositionStreams,
    all_random,
    alternative_weights,
    measure_point,
    sample_points,
    top_up_quotas,
)
from wargame.analysis.play import build_policies
from wargame.analysis.simulate import BatchOptions, run_simulation
from wargame.analysis.stats import t_quantile_975
from wargame.engine import Pass, PlayMove, initial_state, step
from wargame.scenario.loader import load_scenario

HERE = Path(__file__).parent
LEVERS = HERE / "fixtures" / "levers.yaml"
SKIRMISH = HERE / "fixtures" / "skirmish.yaml"
DO_NOTHING = ("check_charts", "sing", "scrub_deck", "whistle")


def _by_move(effects: InterventionSummary) -> dict[tuple[str, str], MoveEffect]:
    return {(r.move, r.ending): r for r in effects.ending_effects(("sunk", "arrived", "adrift"))}


def test_the_lever_is_found_and_the_do_nothing_moves_are_cleared() -> None:
    outcome = run_simulation(BatchOptions(LEVERS, runs=4000, seed=11))
    assert outcome.effects is not None
    rows = _by_move(outcome.effects)
    for move in DO_NOTHING:
        for ending in ("sunk", "arrived", "adrift"):
            row = rows[(move, ending)]
            assert row.n >= 30, (move, row.n)
            assert row.low <= 0 <= row.high, row
    trim = rows[("trim_sails", "arrived")]
    assert trim.low > 0, trim
    assert rows[("trim_sails", "adrift")].high < 0
    assert rows[("trim_sails", "sunk")].difference == 0  # the squall is nobody's doing
    (captain,) = [r for r in outcome.effects.score_effects() if r.move == "trim_sails" and r.n > 0]
    assert captain.actor == "captain" and captain.low > 0
    # The played-vs-not comparison, for contrast, blames or credits the late do-nothing
    # moves for the squall that sank the ships before they could be played.
    spurious = [d for d in outcome.summary.decisive_moves() if d.move in DO_NOTHING and d.high < 0]
    assert spurious and all(d.ending == "sunk" for d in spurious)


@pytest.mark.parametrize(
    ("path", "policy"),
    # random play branches a turn at a time through the engine's generated playout; any
    # other policy step by step: both must find the exact values
    [(SKIRMISH, "random"), (LEVERS, "random"), (SKIRMISH, "weighted")],
    ids=lambda v: v.stem if isinstance(v, Path) else v,
)
def test_the_estimate_agrees_with_the_exact_effects_of_exploration(
    path: Path, policy: str
) -> None:
    scenario = load_scenario(path)
    exact = exact_effects(scenario, build_policies(scenario, {}, policy))
    assert all_random(scenario, build_policies(scenario, {}, policy)) == (policy == "random")
    options = BatchOptions(path, runs=3000, seed=5, interventions=3000, policies=[f"*={policy}"])
    outcome = run_simulation(options)
    assert outcome.effects is not None
    checked = 0
    for row in outcome.effects.ending_effects():
        truth = exact.get((row.move, row.ending), 0.0)
        if row.n < 30:
            continue
        se = (row.high - row.low) / (2 * t_quantile_975(row.n - 1))
        assert abs(row.difference - truth) <= 3.3 * se + 1e-9, (row, truth)  # 99.9 %
        checked += 1
    assert checked >= 6
    assert any(abs(v) > 0.05 for v in exact.values())  # the scenarios have real effects


def test_a_move_that_changes_nothing_differs_by_exactly_zero() -> None:
    scenario = load_scenario(LEVERS)
    policies = build_policies(scenario, {})
    state = initial_state(scenario, rng=Random(1), record=False)
    state, _ = step(scenario, state, Pass("captain"), Random(1), record=False)
    point = measure_point(scenario, state, policies, PositionStreams("a point"))
    assert point is not None and point.actor == "crew"
    assert point.moves == ("check_charts",)
    assert point.endings == ((),) and point.scores == ((),)


def test_branches_draw_the_same_numbers_at_the_same_position() -> None:
    scenario = load_scenario(SKIRMISH)
    state = initial_state(scenario, rng=Random(2), record=False)
    later, _ = step(scenario, state, Pass("red"), Random(2), record=False)
    a, b = PositionStreams("p"), PositionStreams("p")
    first = [a.at(state).random() for _ in range(1)] + [a.random()]
    assert [b.at(state).random(), b.random()] == first
    assert b.at(later).random() != first[0]
    assert PositionStreams("q").at(state).random() != first[0]
    values = [a.at(state).random() for _ in range(1)]
    assert 0.0 <= values[0] < 1.0


def test_the_alternative_is_the_policy_without_the_move() -> None:
    move, other, hold = PlayMove("a", "m"), PlayMove("a", "n"), Pass("a")
    actions = [move, other, hold]
    uniform = [(a, 1 / 3) for a in actions]
    assert alternative_weights(actions, uniform, move) == pytest.approx([0, 0.5, 0.5])
    certain = [(move, 1.0)]
    assert alternative_weights(actions, certain, move) == pytest.approx([0, 0.5, 0.5])
    skewed = [(move, 0.5), (other, 0.4), (hold, 0.1)]
    assert alternative_weights(actions, skewed, move) == pytest.approx([0, 0.8, 0.2])


def test_decision_points_are_drawn_uniformly_over_every_decision() -> None:
    steps = [(0, 10), (1, 30), (2, 0), (3, 60)]
    runs, counts = zip(*steps, strict=True)
    points = sample_points(runs, counts, 20_000, "s")
    assert points == sample_points(runs, counts, 20_000, "s")
    shuffled = [steps[i] for i in (3, 1, 0, 2)]  # a resumed batch's runs come in any order
    assert points == sample_points(*zip(*shuffled, strict=True), 20_000, "s")
    assert points == sorted(points)
    share = {run: sum(1 for r, _ in points if r == run) / len(points) for run in (0, 1, 2, 3)}
    assert share[2] == 0
    assert share[0] == pytest.approx(0.1, abs=0.01) and share[3] == pytest.approx(0.6, abs=0.015)
    assert all(0 <= at < dict(steps)[run] for run, at in points)


def test_effects_do_not_depend_on_the_number_of_jobs() -> None:
    one = run_simulation(BatchOptions(SKIRMISH, runs=300, seed=4, jobs=1, interventions=200))
    two = run_simulation(BatchOptions(SKIRMISH, runs=300, seed=4, jobs=2, interventions=200))
    assert one.effects is not None and two.effects is not None
    assert one.effects.ending_effects() == two.effects.ending_effects()
    assert one.effects.score_effects() == two.effects.score_effects()


def test_no_interventions_skips_the_table() -> None:
    outcome = run_simulation(BatchOptions(SKIRMISH, runs=50, seed=1, interventions=0))
    assert outcome.effects is None


def test_top_up_quotas_fill_the_least_measured_moves_to_one_level() -> None:
    quotas = top_up_quotas({"a": 2, "b": 10, "c": 30}, ["a", "b", "c", "d"], 30)
    assert quotas == {"a": 12, "b": 4, "d": 14}  # all up to 14; 30 points in all
    assert top_up_quotas({"a": 5}, ["a"], 0) == {}


def test_rare_moves_are_topped_up_from_the_runs_where_they_were_available() -> None:
    # Whistling is legal only in the last turn of ships that rode out the squall: uniform
    # draws rarely land there, so the second half of the budget goes to it.
    outcome = run_simulation(BatchOptions(LEVERS, runs=400, seed=2, interventions=200))
    effects = outcome.effects
    assert effects is not None
    assert effects.topped_up.get("whistle", 0) > 0
    counts = effects.moves
    level = min(counts[m] for m in effects.topped_up)
    assert all(counts[m] >= level for m in counts)
    whistle = _by_move(effects)[("whistle", "arrived")]
    assert whistle.n == counts["whistle"] and whistle.difference == 0  # still nothing

"""`lint --explore`: what never happened in N seeded bot games, with rates; deterministic."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from wargame.analysis.lint_dynamic import dynamic_diagnostics, explore
from wargame.analysis.play import RunSpec, run_one
from wargame.scenario.lint import scenario_source_map
from wargame.scenario.loader import load_scenario

ROOT = Path(__file__).parent.parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "lint" / "dynamic.yaml"


def test_each_dynamic_check_fires_at_its_node() -> None:
    ir = load_scenario(FIXTURE)
    stats = explore(ir, 100, seed=3, default_policy="weighted")
    found = dynamic_diagnostics(ir, stats, scenario_source_map(ir))
    assert [(d.code, d.span.line, d.span.col, d.path) for d in found] == [
        ("W202", 18, 5, "moves[1]"),
        ("W201", 19, 5, "moves[2]"),
        ("W203", 21, 5, "injects[0]"),
        ("W204", 24, 5, "endings[1]"),
        ("W205", 22, 1, "endings"),
    ]
    messages = {d.code: d.message for d in found}
    chosen = "available in 100 of 100 games (100 %, 300 decisions) but never chosen"
    assert chosen in messages["W202"]
    assert (
        "never available in 100 games (seed 3): its rate is below 3.7 % (95 % bound)"
        in (messages["W201"])
    )
    assert messages["W205"].startswith(f"{stats.endings['time_expired']} of 100 games")
    assert all(d.severity == "warning" and d.hint for d in found)


def test_never_chosen_needs_enough_chances_to_be_a_finding() -> None:
    """A move offered in a few decisions and not taken is chance: W202 waits until picking
    at random would have found it with 95 % chance (across the moves offered)."""
    ir = load_scenario(FIXTURE)
    few = explore(ir, 1, seed=3, default_policy="weighted")
    assert few.move_offered[1] == 3 and few.move_chosen[1] == 0
    assert few.move_blind_miss[1] == pytest.approx((1 - 1 / 3) ** 3)  # shout, sulk or pass
    found = dynamic_diagnostics(ir, few, scenario_source_map(ir))
    assert "W202" not in {d.code for d in found}
    many = explore(ir, 100, seed=3, default_policy="weighted")
    (warning,) = [
        d for d in dynamic_diagnostics(ir, many, scenario_source_map(ir)) if d.code == "W202"
    ]
    assert "the chance of never choosing it: under 0.1 %" in warning.message


def test_skip_leaves_out_what_static_lint_reported() -> None:
    ir = load_scenario(FIXTURE)
    stats = explore(ir, 20, seed=3)
    found = dynamic_diagnostics(ir, stats, scenario_source_map(ir), skip={"moves[2]"})
    assert "moves[2]" not in {d.path for d in found}


def test_same_seed_same_counts_and_the_games_simulate_plays() -> None:
    ir = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    first = explore(ir, 60, seed="s")
    again = explore(ir, 60, seed="s")
    assert first.to_json(ir) == again.to_json(ir)
    simulated = Counter(
        run_one(RunSpec(ir.source_text, ir.source_name, i, f"s:{i}")).ending for i in range(60)
    )
    assert simulated == Counter({k: v for k, v in first.endings.items() if v})
    other = explore(ir, 60, seed="t")
    assert other.to_json(ir) != first.to_json(ir)


def test_rates_in_json() -> None:
    ir = load_scenario(FIXTURE)
    data = explore(ir, 10, seed=1, default_policy="weighted").to_json(ir)
    assert data["games"] == 10 and data["policies"] == {"*": "weighted"}
    assert data["moves"]["sulk"] == {
        "available_games": 10,
        "available_rate": 1.0,
        "chosen_games": 0,
        "chosen_rate": 0.0,
    }
    assert data["injects"]["rare_alarm"]["fired_games"] == 0
    assert sum(e["games"] for e in data["endings"].values()) == 10

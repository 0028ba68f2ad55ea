"""`wargame simulate` from the command line: summary, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from wargame.cli import app

ROOT = Path(__file__).resolve().parents[2]
GREENLAND = str(ROOT / "scenarios" / "greenland.yaml")
runner = CliRunner()


def test_simulate_prints_endings_with_intervals() -> None:
    result = runner.invoke(app, ["simulate", GREENLAND, "--runs", "40", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Endings over 40 runs" in result.output
    assert "95 % interval" in result.output
    assert "reproduce: wargame simulate" in result.output


def test_simulate_json_summary_and_results_file(tmp_path: Path) -> None:
    out = tmp_path / "runs.csv"
    result = runner.invoke(app, ["simulate", GREENLAND, "-n", "30", "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["runs"] == 30
    assert abs(sum(e["share"] for e in summary["endings"]) - 1) < 1e-9
    assert len(out.read_text(encoding="utf-8").splitlines()) == 31


def test_simulate_same_seed_same_summary_whatever_the_jobs() -> None:
    args = ["simulate", GREENLAND, "-n", "30", "-f", "json", "--seed", "4"]
    one = runner.invoke(app, [*args, "--jobs", "1"])
    two = runner.invoke(app, [*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert json.loads(one.stdout) == json.loads(two.stdout)


def test_bad_arguments_exit_2_with_a_clear_message() -> None:
    cases = [
        (["--runs", "0"], "--runs must be at least 1"),
        (["--policy", "atlantis=random"], "no actor 'atlantis'"),
        (["--policy", "denmark=genius"], "unknown policy 'genius'"),
        (["--set", "variables.nope.start=1"], "has no 'nope'"),
        (["--resume"], "--resume needs --out"),
        (["--out", "x.parquet"], "unknown results format"),
    ]
    for extra, message in cases:
        result = runner.invoke(app, ["simulate", GREENLAND, "-q", *extra])
        assert result.exit_code == 2, (extra, result.output)
        assert message in result.output, (extra, result.output)


def test_a_missing_scenario_file_exits_2() -> None:
    result = runner.invoke(app, ["simulate", "no/such/file.yaml"])
    assert result.exit_code == 2
    assert "no such scenario file" in result.output


SKIRMISH = str(ROOT / "tests" / "analysis" / "fixtures" / "skirmish.yaml")


def test_explore_prints_exact_probabilities() -> None:
    result = runner.invoke(app, ["explore", SKIRMISH])
    assert result.exit_code == 0, result.output
    assert "Exact ending probabilities" in result.output
    assert "84.482 %" in result.output
    data = json.loads(runner.invoke(app, ["explore", SKIRMISH, "-f", "json"]).stdout)
    assert abs(sum(data["probabilities"].values()) - 1) < 1e-9


def test_explore_over_budget_says_so_and_exits_1() -> None:
    result = runner.invoke(app, ["explore", GREENLAND, "--max-nodes", "300"])
    assert result.exit_code == 1
    assert "more than 300 distinct states" in result.output


def test_explore_bad_arguments_exit_2() -> None:
    assert runner.invoke(app, ["explore", SKIRMISH, "--max-nodes", "0"]).exit_code == 2
    assert runner.invoke(app, ["explore", SKIRMISH, "-p", "red=psychic"]).exit_code == 2
    assert runner.invoke(app, ["explore", "nowhere.yaml"]).exit_code == 2

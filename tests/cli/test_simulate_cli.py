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


LEVERS = str(ROOT / "tests" / "analysis" / "fixtures" / "levers.yaml")


def test_json_decisive_moves_are_interventional_with_their_fields() -> None:
    result = runner.invoke(app, ["simulate", LEVERS, "-n", "400", "-f", "json", "-i", "300"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    rows = document["decisive_moves"]
    assert rows and all(r["method"] == "intervention" for r in rows)
    assert {"move", "ending", "difference", "low", "high", "n", "label", "actor"} <= set(rows[0])
    trim = next(r for r in rows if r["move"] == "trim_sails" and r["ending"] == "arrived")
    assert trim["label"] == "Trim the sails" and trim["actor"] == "captain"
    assert -1 <= trim["low"] <= trim["difference"] <= trim["high"] <= 1
    assert document["interventions"] == {
        "budget": 300,
        "measured": document["interventions"]["measured"],
    }
    assert document["associations"] and "played" in document["associations"][0]
    skipped = json.loads(
        runner.invoke(app, ["simulate", LEVERS, "-n", "50", "-f", "json", "-i", "0"]).stdout
    )
    assert skipped["decisive_moves"] == [] and skipped["interventions"] is None


def test_the_text_summary_leads_with_decisive_moves_not_association() -> None:
    result = runner.invoke(app, ["simulate", LEVERS, "-n", "400", "-q"])
    assert result.exit_code == 0, result.output
    assert "Decisive moves" in result.output and "Trim the sails" in result.output
    assert "Association" not in result.output
    labelled = runner.invoke(app, ["simulate", LEVERS, "-n", "400", "-q", "--association"])
    assert "Association, not cause" in labelled.output


def test_sensitivity_compares_every_registered_bot_policy() -> None:
    from wargame.analysis.sensitivity import comparable_policies
    from wargame.bots import POLICY_NAMES

    assert comparable_policies() == [p for p in POLICY_NAMES if p not in ("scripted", "accept")]
    result = runner.invoke(app, ["sensitivity", LEVERS, "-n", "60", "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["policies"] == comparable_policies()
    for row in document["endings"]:
        assert set(row["shares"]) == set(comparable_policies())
    text = runner.invoke(app, ["sensitivity", LEVERS, "-n", "60", "--policies", "random,goal"])
    assert text.exit_code == 0, text.output
    assert "random" in text.output and "goal" in text.output and "weighted" not in text.output
    bad = runner.invoke(app, ["sensitivity", LEVERS, "--policies", "random,psychic"])
    assert bad.exit_code == 2 and "unknown 'psychic'" in bad.output

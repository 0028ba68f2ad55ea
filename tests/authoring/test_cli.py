"""Exit codes and output of `lint`, `graph` and `test` (`new` is in test_scaffold.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from .cli_app import app

ROOT = Path(__file__).parent.parent.parent
LINT = ROOT / "tests" / "fixtures" / "lint"
runner = CliRunner()


def test_lint_clean_file_exits_0() -> None:
    result = runner.invoke(app, ["lint", str(LINT / "clean.yaml"), "--strict"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 file linted: no problems\n"


def test_lint_warnings_print_like_a_compiler_and_exit_0_unless_strict() -> None:
    result = runner.invoke(app, ["lint", str(LINT / "W101.yaml")])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{LINT / 'W101.yaml'}:13:3: warning[W101]: variable `morale` is never read: no "
        "condition, probability, modifier, objective, stance or other variable's effect "
        "depends on it"
    )
    assert lines[1].startswith("   13 |   morale:")
    assert lines[2].endswith("|   ^")
    assert lines[3].startswith("    hint: ")
    assert lines[-1] == "1 file linted: 0 errors, 1 warning"
    strict = runner.invoke(app, ["lint", str(LINT / "W101.yaml"), "--strict"])
    assert strict.exit_code == 1


def test_lint_ignore_and_json() -> None:
    ignored = runner.invoke(app, ["lint", str(LINT / "W109.yaml"), "--strict", "--ignore", "W109"])
    assert ignored.exit_code == 0, ignored.output
    result = runner.invoke(app, ["lint", str(LINT / "W112.yaml"), "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["version"] == 1
    assert doc["files"] == [
        {"file": str(LINT / "W112.yaml"), "valid": True, "errors": 0, "warnings": 2}
    ]
    assert [(d["code"], d["line"], d["column"], d["severity"]) for d in doc["diagnostics"]] == [
        ("W112", 28, 35, "warning"),
        ("W112", 41, 11, "warning"),
    ]


def test_lint_invalid_file_reports_load_errors_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("wargame: 1\nid: x\n", encoding="utf-8")
    result = runner.invoke(app, ["lint", str(bad)])
    assert result.exit_code == 1
    assert "error[E103]" in result.stdout


def test_lint_folder_skips_test_sidecars_and_usage_errors(tmp_path: Path) -> None:
    shutil.copy(LINT / "clean.yaml", tmp_path / "a.yaml")
    (tmp_path / "a.tests.yaml").write_text("tests: []\n", encoding="utf-8")
    result = runner.invoke(app, ["lint", str(tmp_path)])
    assert result.exit_code == 0 and result.stdout == "1 file linted: no problems\n"
    assert runner.invoke(app, ["lint", str(tmp_path / "nope.yaml")]).exit_code == 2


def test_lint_explore_reports_and_checks_policies() -> None:
    dynamic = str(LINT / "dynamic.yaml")
    result = runner.invoke(
        app, ["lint", dynamic, "--explore", "50", "--seed", "3", "-p", "*=weighted", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["files"][0]["explore"]["games"] == 50
    assert {d["code"] for d in doc["diagnostics"]} == {"W201", "W202", "W203", "W204", "W205"}
    again = runner.invoke(
        app, ["lint", dynamic, "--explore", "50", "--seed", "3", "-p", "*=weighted", "-f", "json"]
    )
    assert again.stdout == result.stdout
    bad = runner.invoke(app, ["lint", dynamic, "--explore", "5", "-p", "nort=goal"])
    assert bad.exit_code == 2 and "has no actor 'nort'" in bad.stderr


def test_graph_writes_a_file_and_refuses_unknown_filters(tmp_path: Path) -> None:
    small = ROOT / "tests" / "fixtures" / "authoring" / "graph_small.yaml"
    out = tmp_path / "g.dot"
    result = runner.invoke(app, ["graph", str(small), "--format", "dot", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith('digraph "Small \\"graph\\"" {')
    printed = runner.invoke(app, ["graph", str(small)])
    assert printed.exit_code == 0 and "flowchart LR" in printed.stdout
    bad = runner.invoke(app, ["graph", str(small), "--focus", "peac"])
    assert bad.exit_code == 2 and "did you mean `peace`" in bad.stderr
    missing = runner.invoke(app, ["graph", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 2


def test_test_exit_codes(tmp_path: Path) -> None:
    shutil.copy(ROOT / "scenarios" / "tutorial.yaml", tmp_path / "t.yaml")
    sidecar = tmp_path / "t.tests.yaml"
    sidecar.write_text(
        "tests:\n"
        "  - {name: passes, seed: 1, checks: [{at_turn: 1, expect: {smuggling: 4}}]}\n"
        "  - {name: fails, seed: 1, checks: [{at_turn: 1, expect: {smuggling: 5}}]}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["test", str(tmp_path / "t.yaml")])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{sidecar} .F"
    assert f"FAILED {sidecar}:3: fails" in lines
    assert "    when turn 1 began: expected smuggling == 5, got 4" in lines
    assert lines[-1].startswith("1 passed, 1 failed in ")
    verbose = runner.invoke(app, ["test", str(sidecar), "-v"])
    assert f"{sidecar}:2: passes PASSED" in verbose.stdout
    sidecar.write_text("tests:\n  - {name: ok, seed: 1}\n", encoding="utf-8")
    assert runner.invoke(app, ["test", str(tmp_path)]).exit_code == 0
    sidecar.write_text("tests:\n  - {nme: x}\n", encoding="utf-8")
    broken = runner.invoke(app, ["test", str(tmp_path)])
    assert broken.exit_code == 1 and "1 file with errors" in broken.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(app, ["test", str(empty)]).exit_code == 2


def test_docs_explain_every_code() -> None:
    from wargame.analysis.lint_dynamic import DYNAMIC_CODES
    from wargame.scenario.lint import RULES

    lint_doc = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    for code in [r.code for r in RULES] + list(DYNAMIC_CODES) + ["W100"]:
        assert code in lint_doc, code
    tutorial = (ROOT / "docs" / "tutorial-authoring.md").read_text(encoding="utf-8")
    for code in ("T201", "T202", "T203", "T204"):
        assert code in tutorial, code
    for verb in (
        "wargame new",
        "wargame validate",
        "wargame lint",
        "wargame graph",
        "wargame test",
        "wargame play --watch",
    ):
        assert verb in tutorial, verb


def test_the_shipped_scenarios_lint_clean_after_200_random_games() -> None:
    """What an author first runs on the flagship says nothing is wrong with it: rare-by-design
    events carry their `# wargame: disable=` with the reason, and W202 waits for evidence."""
    result = runner.invoke(app, ["lint", str(ROOT / "scenarios"), "--strict", "--explore", "200"])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("linted: no problems\n"), result.output

"""`wargame new`: the scaffold validates, lints clean, plays to an ending, never overwrites."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from random import Random

import pytest
from typer.testing import CliRunner

from wargame.analysis.play import build_policies, ending_id, play_game
from wargame.authoring.scaffold import ScaffoldError, plan_scaffold, scenario_id
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.jsonschema import render_schema
from wargame.scenario.lint import lint_scenario
from wargame.scenario.loader import load_scenario

from .cli_app import app

runner = CliRunner()


def test_new_writes_a_scenario_that_validates_lints_clean_and_plays(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "harbour")])
    assert result.exit_code == 0, result.output
    path = tmp_path / "harbour.yaml"
    assert f"created {path}" in result.stdout
    assert "wargame lint" in result.stdout and "play --watch" in result.stdout
    ir = load_scenario(path)
    assert ir.id == "harbour" and len(ir.actors) == 2 and len(ir.alliances) == 1
    kinds = {m.resolution.kind for m in ir.moves if m.resolution is not None}
    assert kinds == {"dice", "chance"}
    assert ir.injects and ir.default_ending is not None and len(ir.endings) == 2
    assert lint_scenario(ir) == []
    assert _endings_reached(ir, games=40) == {e.id for e in ir.endings}


def _endings_reached(ir: ScenarioIR, games: int) -> set[str]:
    """The endings `games` seeded games with random bots reach."""
    endings: Counter[str] = Counter()
    for seed in range(games):
        state, *_ = play_game(ir, build_policies(ir, {}), Random(seed))
        endings[ending_id(ir, state)] += 1
    return set(endings)


def test_new_full_uses_every_kind_of_rule_and_reaches_every_ending(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "strait"), "--full"])
    assert result.exit_code == 0, result.output
    ir = load_scenario(tmp_path / "strait.yaml")
    assert lint_scenario(ir) == []
    assert [p.mode for p in ir.phases] == ["sequential", "simultaneous"]
    kinds = {m.resolution.kind for m in ir.moves if m.resolution is not None}
    assert kinds == {"dice", "chance", "ruling"}
    assert any(m.argued is not None for m in ir.moves)
    assert any(m.secret for m in ir.moves)
    assert any(not a.playable for a in ir.actors)
    assert any(v.visible_to != "all" for v in ir.variables)
    assert any(i.visible_to != "all" for i in ir.injects)
    assert any(e.at_end for e in ir.endings)
    assert ir.umpire_briefing and ir.modules and ir.exercise is not None
    assert any(i.at is not None and i.questions and i.notes for i in ir.injects)
    assert ir.exercise.capabilities[0].expected
    text = (tmp_path / "strait.yaml").read_text(encoding="utf-8")
    for commented in ("playable: false", "mode: simultaneous", "argued: true", "secret: true",
                      "ruling:", "at_end: true", "visible_to: [red]", "# discussion: true",
                      "guide:", "by_turn:"):
        assert commented in text
    assert _endings_reached(ir, games=300) == {e.id for e in ir.endings}


def test_the_modeline_names_a_schema_that_exists(tmp_path: Path) -> None:
    """Before: with no schema/ folder above, the modeline named `scenario.schema.json`,
    which did not exist until the author ran `wargame schema -o ...`."""
    result = runner.invoke(app, ["new", str(tmp_path / "mine")])
    assert result.exit_code == 0, result.output
    first = (tmp_path / "mine.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=scenario.schema.json"
    written = tmp_path / "scenario.schema.json"
    assert written.read_text(encoding="utf-8") == render_schema()
    assert f"created {written}" in result.stdout
    # A second scenario in the folder finds it; an author's own copy is never overwritten.
    written.write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["new", str(tmp_path / "other"), "--full"])
    assert result.exit_code == 0 and "scenario.schema.json" not in result.stdout
    assert written.read_text(encoding="utf-8") == "{}"


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    existing = tmp_path / "crisis.yaml"
    existing.write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["new", str(tmp_path / "crisis")])
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert existing.read_text(encoding="utf-8") == "keep me"


def test_new_refuses_a_missing_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "nowhere" / "x.yaml")])
    assert result.exit_code == 2 and "no such folder" in result.stderr


def test_modeline_points_at_the_schema_above(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "scenario.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "scenarios").mkdir()
    plan = plan_scaffold("scenarios/mine.yml", cwd=tmp_path)
    assert plan.path == tmp_path / "scenarios" / "mine.yml" and plan.schema_found
    assert plan.text.startswith("# yaml-language-server: $schema=../schema/scenario.schema.json\n")
    with pytest.raises(ScaffoldError):
        (tmp_path / "scenarios" / "mine.yml").write_text("", encoding="utf-8")
        plan_scaffold("scenarios/mine.yml", cwd=tmp_path)


@pytest.mark.parametrize(
    ("name", "ident"),
    [("My Crisis-2", "my_crisis_2"), ("2026 strait", "scenario_2026_strait"), ("***", "scenario")],
)
def test_ids_from_names(name: str, ident: str) -> None:
    assert scenario_id(name) == ident

"""`wargame new`: the scaffold validates, lints clean, plays to an ending, never overwrites."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from random import Random

import pytest
from typer.testing import CliRunner

from wargame.analysis.play import build_policies, ending_id, play_game
from wargame.authoring.scaffold import ScaffoldError, plan_scaffold, scenario_id
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
    endings: Counter[str] = Counter()
    for seed in range(40):
        state, *_ = play_game(ir, build_policies(ir, {}), Random(seed))
        endings[ending_id(ir, state)] += 1
    assert set(endings) == {e.id for e in ir.endings}


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

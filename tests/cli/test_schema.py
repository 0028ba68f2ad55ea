"""`wargame schema`: prints the committed draft-07 schema, or writes it to a file."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from wargame.cli import app
from wargame.scenario.jsonschema import render_schema

ROOT = Path(__file__).parent.parent.parent
runner = CliRunner()


def test_schema_prints_the_committed_file() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == render_schema()
    assert result.stdout == (ROOT / "schema" / "scenario.schema.json").read_text(encoding="utf-8")


def test_schema_tests_prints_the_committed_sidecar_schema() -> None:
    from wargame.authoring.tests_schema import render_sidecar_schema

    result = runner.invoke(app, ["schema", "--tests"])
    assert result.exit_code == 0
    assert result.stdout == render_sidecar_schema() != render_schema()
    committed = ROOT / "schema" / "scenario-tests.schema.json"
    assert result.stdout == committed.read_text(encoding="utf-8")


def test_schema_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    result = runner.invoke(app, ["schema", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == render_schema()


def test_unwritable_target_is_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "--output", str(tmp_path / "no" / "such" / "s.json")])
    assert result.exit_code == 2
    assert result.stderr.startswith("wargame: cannot write ")


def test_schema_help_mentions_the_modeline() -> None:
    result = runner.invoke(app, ["schema", "--help"])
    assert result.exit_code == 0
    assert "yaml-language-server" in result.stdout
    assert "wargame schema -o schema/scenario.schema.json" in result.stdout

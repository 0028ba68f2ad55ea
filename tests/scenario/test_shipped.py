"""Shipped scenarios by name: in a checkout and in an installed wheel's `_scenarios`."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wargame.cli import app
from wargame.scenario.shipped import shipped_dir, shipped_named, shipped_scenarios

ROOT = Path(__file__).parent.parent.parent
runner = CliRunner()


def test_the_shipped_scenarios_are_listed_tutorial_first() -> None:
    names = [s.name for s in shipped_scenarios()]
    assert names[0] == "tutorial"
    assert {"greenland", "cuba1962"} <= set(names)
    assert all(s.path.suffix == ".yaml" and s.path.is_file() for s in shipped_scenarios())
    assert not any(n.endswith(".tests") for n in names)


def test_a_bare_name_finds_its_file_and_a_path_never_does() -> None:
    assert shipped_named("greenland") == shipped_named("greenland.yaml")
    assert shipped_named("greenland") is not None
    assert shipped_named("scenarios/greenland") is None
    assert shipped_named("nosuch") is None
    assert shipped_named("") is None


def test_an_installed_wheel_finds_its_own_copy(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "wargame"
    (package / "_scenarios").mkdir(parents=True)
    (package / "_scenarios" / "greenland.yaml").write_text("wargame: 1\n", encoding="utf-8")
    assert shipped_dir(package) == package / "_scenarios"
    assert shipped_dir(tmp_path / "elsewhere" / "wargame") is None


def test_the_wheel_carries_the_scenarios_where_the_lookup_expects_them() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert included["scenarios"] == "wargame/_scenarios"


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "greenland"],
        ["lint", "tutorial"],
        ["graph", "tutorial"],
        ["explore", "tutorial", "--max-nodes", "50"],
        ["simulate", "tutorial", "--runs", "4"],
        ["test", "tutorial"],
    ],
)
def test_every_command_takes_a_shipped_name(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no scenario file of that name here
    result = runner.invoke(app, args)
    assert "no such" not in result.output, result.output
    assert result.exit_code in (0, 1), result.output


def test_a_local_file_wins_over_the_shipped_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tutorial.yaml").write_text("wargame: 1\nid: [\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "tutorial.yaml"])
    assert result.exit_code == 1
    assert "tutorial.yaml:" in result.output


def test_an_unknown_name_says_which_names_there_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["simulate", "greenlnd"])
    assert result.exit_code == 2
    assert "greenlnd: no such scenario file" in result.output
    assert "greenland" in result.output


def test_wargame_scenarios_lists_names_titles_and_paths() -> None:
    result = runner.invoke(app, ["scenarios"])
    assert result.exit_code == 0, result.output
    for scenario in shipped_scenarios():
        assert scenario.name in result.output
        assert str(scenario.path) in result.output
    assert "Greenland, 2026" in result.output


def test_host_takes_a_shipped_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "t.db"
    result = runner.invoke(app, ["host", "tutorial", "--db", str(db), "--no-serve"])
    assert result.exit_code == 0, result.output
    assert db.exists()

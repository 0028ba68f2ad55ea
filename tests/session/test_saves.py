"""Where games autosave, what they are called, and the list `play --resume` shows."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wargame.cli import app, resume_without_value
from wargame.engine import Pass
from wargame.scenario.loader import load_scenario
from wargame.scenario.shipped import shipped_named
from wargame.session import Session, save_session
from wargame.session.saves import (
    SAVE_DIR_ENV,
    find_save,
    has_started,
    list_saves,
    new_save_path,
    saves_dir,
)

HOME = Path("/home/ada")
runner = CliRunner()


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({}, "linux", HOME / ".local/share/wargame/saves"),
        ({"XDG_DATA_HOME": "/data"}, "linux", Path("/data/wargame/saves")),
        ({"XDG_DATA_HOME": "relative"}, "linux", HOME / ".local/share/wargame/saves"),
        ({}, "darwin", HOME / "Library/Application Support/wargame/saves"),
        ({"APPDATA": "C:/Users/ada/AppData/Roaming"}, "win32",
         Path("C:/Users/ada/AppData/Roaming/wargame/saves")),
        ({SAVE_DIR_ENV: "/class/share", "XDG_DATA_HOME": "/data"}, "linux",
         Path("/class/share")),
    ],
)
def test_one_saves_folder_per_user_and_platform(
    env: dict[str, str], platform: str, expected: Path
) -> None:
    assert saves_dir(env, platform=platform, home=HOME) == expected


def tutorial_session() -> Session:
    path = shipped_named("tutorial")
    assert path is not None
    return Session(load_scenario(path), seed=3)


def test_a_new_save_never_takes_a_name_in_use(tmp_path: Path) -> None:
    now = datetime(2026, 3, 1, 14, 15, 0)
    first = new_save_path("tutorial", folder=tmp_path, now=now)
    assert first.name == "tutorial-20260301-141500.wgsave.json"
    assert not tmp_path.joinpath("x").exists() and list(tmp_path.iterdir()) == []
    first.write_text("{}", encoding="utf-8")
    second = new_save_path("tutorial", folder=tmp_path, now=now)
    assert second.name == "tutorial-20260301-141500-2.wgsave.json"
    # A file that survives only as its backup is a save too: never written over.
    second.with_name(second.name + ".bak").write_text("{}", encoding="utf-8")
    assert new_save_path("tutorial", folder=tmp_path, now=now).name.endswith("-3.wgsave.json")


def test_a_game_has_started_once_something_was_played() -> None:
    session = tutorial_session()
    assert not has_started(session)
    who = session.to_act
    assert isinstance(who, int)
    session.submit(Pass(session.scenario.actors[who].id))
    assert has_started(session)
    session.undo()
    assert has_started(session)  # taken back, still a game someone played
    assert has_started(tutorial_session().fork(0))  # a what-if branch, made on purpose


def test_the_list_reads_heads_newest_first_and_names_damaged_files(tmp_path: Path) -> None:
    saves, here = tmp_path / "saves", tmp_path / "here"
    saves.mkdir()
    here.mkdir()
    session = tutorial_session()
    who = session.to_act
    assert isinstance(who, int)
    session.submit(Pass(session.scenario.actors[who].id))
    old = save_session(session, here / "tutorial-20250101-090000.wgsave.json")
    new = save_session(session, saves / "tutorial-20260301-141500.wgsave.json")
    os.utime(old, (1_700_000_000, 1_700_000_000))
    broken = saves / "broken.wgsave.json"
    broken.write_text("{not json", encoding="utf-8")
    os.utime(broken, (1_600_000_000, 1_600_000_000))
    found = list_saves([saves, here, saves])
    assert [f.path for f in found] == [new, old, broken]
    assert found[0].title == session.scenario.title and found[0].steps == 1
    assert "Tutorial" in found[0].line() and "1 action" in found[0].line()
    assert found[2].problem and "cannot be read" in found[2].line()
    assert find_save("last", [saves, here]) == new
    assert find_save("tutorial-20250101-090000", [saves, here]) == old
    assert find_save("tutorial-20250101-090000.wgsave.json", [saves, here]) == old
    assert find_save("nosuch", [saves, here]) is None


def test_resume_alone_lists_the_saves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(SAVE_DIR_ENV, str(tmp_path / "saves"))
    empty = runner.invoke(app, resume_without_value(["play", "--resume"]))
    assert empty.exit_code == 0, empty.output
    assert "No saved games yet" in empty.output and str(tmp_path / "saves") in empty.output
    session = tutorial_session()
    (tmp_path / "saves").mkdir()
    save_session(session, tmp_path / "saves" / "tutorial-20260301-141500.wgsave.json")
    listed = runner.invoke(app, resume_without_value(["play", "-r"]))
    assert listed.exit_code == 0, listed.output
    assert "tutorial-20260301-141500" in listed.output
    assert "wargame play --resume tutorial-20260301-141500" in listed.output


def test_resume_with_an_unknown_name_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["play", "--resume", "nosuch"])
    assert result.exit_code == 2
    assert "nosuch" in result.output


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["play", "--resume"], ["play", "--resume="]),
        (["play", "-r", "--masked"], ["play", "--resume=", "--masked"]),
        (["play", "--resume", "last"], ["play", "--resume", "last"]),
        (["simulate", "--resume"], ["simulate", "--resume"]),
        (["play", "--", "--resume"], ["play", "--", "--resume"]),
    ],
)
def test_resume_without_a_value(argv: list[str], expected: list[str]) -> None:
    assert resume_without_value(argv) == expected


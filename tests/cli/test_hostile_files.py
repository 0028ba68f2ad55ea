"""Commands given a path that is not a plain scenario or save: a clear refusal, no hang.

`validate`, `lint`, `graph`, `explore`, `simulate` and `report` read through one guarded
reader (`wargame.reading`), so a named pipe, a device or a folder is named for what it is.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wargame.cli import app
from wargame.scenario.loader import load_scenario
from wargame.session import Session, save_session

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"
runner = CliRunner()


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are POSIX")
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def test_validate_names_a_named_pipe_for_what_it_is(fifo: Path) -> None:
    result = runner.invoke(app, ["validate", str(fifo)])
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"{fifo}:1:1: error[E014]: cannot read the file: it is a named pipe (FIFO)"
    )


@pytest.mark.parametrize("verb", ["simulate", "explore", "graph", "play"])
def test_verbs_taking_one_scenario_refuse_a_named_pipe(fifo: Path, verb: str) -> None:
    result = runner.invoke(app, [verb, str(fifo)])
    assert result.exit_code == 2
    assert f"{fifo}: not a scenario file: it is a named pipe (FIFO)" in result.output


def _save_without_digest(folder: Path) -> Path:
    session = Session(load_scenario(TUTORIAL), seed=2)
    session.run_bots()
    save = save_session(session, folder / "game.wgsave.json")
    document = json.loads(save.read_text(encoding="utf-8"))
    del document["state_digest"]
    save.write_text(json.dumps(document), encoding="utf-8")
    return save


def test_report_refuses_a_save_without_its_digest_unless_allowed(tmp_path: Path) -> None:
    save = _save_without_digest(tmp_path)
    out = tmp_path / "aar.md"
    refused = runner.invoke(app, ["report", str(save), "-o", str(out)])
    assert refused.exit_code == 1
    assert "no state digest" in refused.output and "--allow-unverified" in refused.output
    assert not out.exists()
    allowed = runner.invoke(app, ["report", str(save), "-o", str(out), "--allow-unverified"])
    assert allowed.exit_code == 0, allowed.output
    assert out.is_file()


def test_play_resumes_a_save_without_its_digest_only_when_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save = _save_without_digest(tmp_path)
    refused = runner.invoke(app, ["play", "--resume", str(save)])
    assert refused.exit_code == 1
    assert refused.output.startswith(f"wargame: {save}: the save has no state digest")
    assert "--allow-unverified" in refused.output
    alone = runner.invoke(app, ["play", "tutorial", "--allow-unverified"])
    assert alone.exit_code == 2 and "add --resume SAVE" in alone.output
    played: list[dict[str, object]] = []  # the game itself: tests/tui/test_play.py
    monkeypatch.setattr(
        "wargame.tui.launch.run_play", lambda path, **options: played.append(options) or 0
    )
    allowed = runner.invoke(app, ["play", "--resume", str(save), "--allow-unverified"])
    assert allowed.exit_code == 0, allowed.output
    assert played[0]["resume"] == str(save) and played[0]["allow_unverified"] is True


def test_report_names_a_save_that_is_a_named_pipe(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are POSIX")
    fifo = tmp_path / "game.wgsave.json"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["report", str(fifo), "-o", str(tmp_path / "r.md")])
    assert result.exit_code == 1
    assert f"{fifo}: it is a named pipe (FIFO), not a regular file" in result.output

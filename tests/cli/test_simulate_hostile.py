"""`wargame simulate` on hostile input and a hostile disk: a clear message, exit 1 or 2.

Each case used to end in exit 101 (an internal error): a binary scenario file, a corrupt
`.meta.json` on `--resume`, an `--out` that cannot be written, a disk that fills up.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wargame.analysis import results
from wargame.cli import app

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = str(ROOT / "scenarios" / "tutorial.yaml")
runner = CliRunner()


def simulate(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["simulate", *args, "--quiet"])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_a_binary_scenario_is_a_positioned_encoding_error(tmp_path: Path) -> None:
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"wargame: 1\n" + bytes(range(256)))
    code, output = simulate(str(binary), "-n", "3")
    assert code == 1
    assert f"{binary}:3:118:" in output and "error[E002]" in output and "not valid UTF-8" in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    code, output = simulate(str(fifo), "-n", "3")
    assert code == 2
    assert "not a scenario file: it is a named pipe (FIFO)" in output


def test_a_corrupt_meta_json_on_resume_is_named(tmp_path: Path) -> None:
    out = tmp_path / "runs.jsonl"
    assert simulate(TUTORIAL, "-n", "4", "--out", str(out))[0] == 0
    (tmp_path / "runs.jsonl.meta.json").write_text('{"scenario": ', encoding="utf-8")
    code, output = simulate(TUTORIAL, "-n", "4", "--out", str(out), "--resume")
    assert code == 2
    assert "runs.jsonl.meta.json: not a readable batch description" in output


def test_an_out_in_a_missing_folder_cannot_be_written(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "runs.jsonl"
    code, output = simulate(TUTORIAL, "-n", "3", "--out", str(out))
    assert code == 2
    assert f"cannot write {out}.meta.json: No such file or directory" in output


def _disk_fills_after(monkeypatch: pytest.MonkeyPatch, writes: int) -> None:
    real = results.JsonlWriter.write
    count = [0]

    def write(self: results.JsonlWriter, result: object) -> None:
        count[0] += 1
        if count[0] > writes:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(self, result)  # type: ignore[arg-type]

    monkeypatch.setattr(results.JsonlWriter, "write", write)


def test_a_full_disk_keeps_the_runs_written_and_resume_finishes_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "runs.jsonl"
    with monkeypatch.context() as patch:
        _disk_fills_after(patch, 5)
        code, output = simulate(TUTORIAL, "-n", "12", "--out", str(out))
    assert code == 2
    assert f"cannot write {out}: No space left on device" in output
    assert "--resume" in output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    code, output = simulate(TUTORIAL, "-n", "12", "--out", str(out), "--resume")
    assert code == 0, output
    whole = tmp_path / "whole.jsonl"
    assert simulate(TUTORIAL, "-n", "12", "--out", str(whole))[0] == 0
    assert out.read_bytes() == whole.read_bytes()


def test_a_full_disk_under_a_sqlite_results_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: results.SqliteWriter) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(results.SqliteWriter, "_flush", full)
    out = tmp_path / "runs.sqlite"
    code, output = simulate(TUTORIAL, "-n", "3", "--out", str(out))
    assert code == 2
    assert f"cannot write {out}: database or disk is full" in output


def test_arithmetic_that_overflows_in_play_does_not_stop_a_batch() -> None:
    overflow = ROOT / "tests" / "engine" / "fixtures" / "overflow.yaml"
    for policy in ("random", "goal"):
        code, output = simulate(str(overflow), "-n", "12", "-p", f"*={policy}")
        assert code == 0, output
        assert "Endings over 12 runs" in output


def test_constant_arithmetic_that_overflows_is_refused_before_any_run(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "fixtures" / "scenarios" / "minimal.yaml").read_text("utf-8")
    product = "*".join(["1e15"] * 21)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace('"tension -= 1"', f'"tension = {product} - {product}"'), "utf-8")
    code, output = simulate(str(bad), "-n", "3")
    assert code == 1
    assert "error[E305]" in output and "overflows" in output

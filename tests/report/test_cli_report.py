"""`wargame report` from the command line: formats by suffix, exit codes, the missing extra."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from wargame.analysis.simulate import BatchOutcome
from wargame.cli.output import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from wargame.cli.report import report

runner = CliRunner()


def _app() -> typer.Typer:
    """The verb on an app of its own (wargame.cli registers the same function)."""
    app = typer.Typer()
    app.command()(report)

    @app.command()
    def version() -> None:  # a second verb, so Typer keeps `report` as a sub-command
        """Unused."""

    return app


def test_html_by_default_beside_the_save(tmp_path: Path, tutorial_save: Path) -> None:
    save = tmp_path / tutorial_save.name
    save.write_bytes(tutorial_save.read_bytes())
    result = runner.invoke(_app(), ["report", str(save)])
    assert result.exit_code == EXIT_OK, result.output
    out = tmp_path / "lighthouse.html"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"wrote {out}" in result.output


def test_markdown_by_the_suffix_of_out(tmp_path: Path, tutorial_save: Path) -> None:
    out = tmp_path / "debrief.md"
    result = runner.invoke(_app(), ["report", str(tutorial_save), "-o", str(out)])
    assert result.exit_code == EXIT_OK, result.output
    assert "2 charts" in result.output
    assert len(list((tmp_path / "debrief_files").glob("*.png"))) == 2


def test_a_results_file_masked(tmp_path: Path, greenland_batch: tuple[Path, BatchOutcome]) -> None:
    out = tmp_path / "study.html"
    result = runner.invoke(_app(), ["report", str(greenland_batch[0]), "-o", str(out), "--masked"])
    assert result.exit_code == EXIT_OK, result.output
    text = out.read_text(encoding="utf-8")
    assert "Masked edition" in text and "Denmark" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.wgsave.json"], "no such file"),
        (["{save}", "-o", "{tmp}/aar.pdf"], "use .html"),
        (["{notes}"], "not a saved session"),
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path, tutorial_save: Path, args: list[str], message: str
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("x", encoding="utf-8")
    filled = [a.format(save=tutorial_save, tmp=tmp_path, notes=notes) for a in args]
    result = runner.invoke(_app(), ["report", *filled])
    assert result.exit_code == EXIT_USAGE
    assert message in result.output


def test_a_damaged_save_exits_1_with_the_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.wgsave.json"
    bad.write_text('{"format": "wargame-save", "format_version": 1', encoding="utf-8")
    result = runner.invoke(_app(), ["report", str(bad)])
    assert result.exit_code == EXIT_PROBLEMS
    assert "not a readable save file" in result.output
    assert "Traceback" not in result.output


def test_without_matplotlib_it_says_how_to_add_it(
    tmp_path: Path, tutorial_save: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now fails
    out = tmp_path / "aar.html"
    result = runner.invoke(_app(), ["report", str(tutorial_save), "-o", str(out)])
    assert result.exit_code == EXIT_USAGE
    assert "pip install 'wargame[report]'" in result.output
    assert not out.exists()


def test_the_library_raises_the_same_hint(
    tmp_path: Path, tutorial_save: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wargame.report import ReportDependencyError, build_report, write_report

    report_ = build_report(tutorial_save)  # the model needs no matplotlib
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ReportDependencyError, match=r"pip install 'wargame\[report\]'"):
        write_report(report_, tmp_path / "aar.html")

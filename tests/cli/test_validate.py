"""`wargame validate`: summaries, positioned errors with excerpts, JSON, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wargame.cli import app
from wargame.scenario.ir import ScenarioIR

ROOT = Path(__file__).parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINIMAL = FIXTURES / "scenarios" / "minimal.yaml"
runner = CliRunner()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_prints_one_summary_line() -> None:
    result = runner.invoke(app, ["validate", str(MINIMAL)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{MINIMAL}: ok: Minimal crisis (1 actor, 1 move, 3 turns)\n"


def test_invalid_file_prints_every_error_with_excerpt_and_hint(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("capital: {name: The Capital}",
                        "capital: {name: The Capital, breifing: Hi}")
    text = text.replace("start: 2, min: 0", "start: '2', min: 0")
    bad = write(tmp_path / "bad.yaml", text)
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{bad}:8:32: error[E101]: unknown key `breifing` in actors.capital\n"
        "    8 |   capital: {name: The Capital, breifing: Hi}\n"
        "      |                                ^\n"
        "    hint: did you mean `briefing`?\n"
        f"{bad}:10:20: error[E102]: variables.tension.start: expected a number, got the "
        "text '2'\n"
        "   10 |   tension: {start: '2', min: 0, max: 10}\n"
        "      |                    ^\n"
        "    hint: remove the quotes: `2` is a number, `'2'` is text\n"
    )


def test_reference_errors_from_the_compiler_are_shown_too(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("actor: capital", "actor: capitol")
    bad = write(tmp_path / "ref.yaml", text)
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{bad}:12:23: error[E201]: unknown actor `capitol`"


def test_yaml_and_encoding_errors_use_the_same_format(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(FIXTURES / "bad" / "latin1.yaml")])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].endswith("latin1.yaml:2:11: error[E002]: the file is not valid UTF-8: "
                             "byte 0xe9 at byte offset 21 cannot be decoded")
    assert lines[1] == "    2 | title: Caf\ufffd crisis"
    assert lines[2] == "      |           ^"


def test_tabs_keep_the_caret_aligned(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(FIXTURES / "bad" / "tabs.yaml")])
    assert result.exit_code == 1
    assert "    3 | \tnorth: {name: North}\n      | ^\n    hint: indent with spaces" \
        in result.stdout


def test_very_long_lines_are_windowed(tmp_path: Path) -> None:
    bad = write(tmp_path / "deep.yaml", "[" * 100_000)
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    header, source, caret, hint = result.stdout.splitlines()
    assert header == f"{bad}:1:65: error[E004]: the document is nested more than 64 levels deep"
    # A 100-character window around column 65 (from column 15), with the caret still under it.
    assert source == "    1 | …" + "[" * 100 + "…"
    assert caret == "      |  " + " " * 50 + "^"
    assert hint.startswith("    hint: ")


def test_folders_are_searched_recursively(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", MINIMAL.read_text(encoding="utf-8"))
    write(tmp_path / "sub" / "b.yml", MINIMAL.read_text(encoding="utf-8"))
    write(tmp_path / "notes.txt", "not yaml")
    result = runner.invoke(app, ["validate", str(tmp_path), str(tmp_path / "a.yaml")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'a.yaml'}: ok: Minimal crisis (1 actor, 1 move, 3 turns)",
        f"{tmp_path / 'sub' / 'b.yml'}: ok: Minimal crisis (1 actor, 1 move, 3 turns)",
        "2 files checked: all valid",
    ]


def test_one_bad_file_among_good_ones_exits_1(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", MINIMAL.read_text(encoding="utf-8"))
    write(tmp_path / "b.yaml", "wargame: 1\nid: x\nid: y\n")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == (
        "2 files checked: 1 valid, 1 with problems (1 error)"
    )


def test_json_output_is_a_versioned_document(tmp_path: Path) -> None:
    bad = write(tmp_path / "b.yaml", "wargame: 1\nid: x\nid: y\n")
    syntax = write(tmp_path / "c.yaml", "a: [1,\n")
    result = runner.invoke(app, ["validate", "--format", "json", str(MINIMAL), str(bad),
                                 str(syntax)])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["version"] == 1
    assert doc["files"][0] == {
        "file": str(MINIMAL), "valid": True, "errors": 0,
        "summary": {"id": "minimal", "title": "Minimal crisis", "actors": 1, "moves": 1,
                    "turns": 3},
    }
    assert doc["files"][1] == {"file": str(bad), "valid": False, "errors": 1, "summary": None}
    assert doc["diagnostics"] == [
        {
            "file": str(bad), "line": 3, "column": 1, "severity": "error", "code": "E007",
            "message": "duplicate key `id`: first defined at line 2, column 1, defined again "
                       "here at line 3, column 1",
            "hint": "remove one of the two, or merge them into one", "path": "id",
        },
        {
            "file": str(syntax), "line": 2, "column": 1, "severity": "error", "code": "E003",
            "message": "YAML syntax error: did not find expected node content (while parsing "
                       "a flow node started at line 2, column 1)",
            "hint": "check that every `[` and `{` is closed and items are separated by commas",
            "path": None,
        },
    ]


def test_json_output_for_valid_files_exits_0() -> None:
    result = runner.invoke(app, ["validate", "-f", "json", str(MINIMAL)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["diagnostics"] == []


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr == f"wargame: no such file or folder: {tmp_path / 'nope.yaml'}\n"
    assert result.stdout == ""


def test_folder_without_scenarios_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"wargame: no .yaml or .yml files in {tmp_path}\n"


def test_no_arguments_and_bad_options_are_usage_errors() -> None:
    assert runner.invoke(app, ["validate"]).exit_code == 2
    result = runner.invoke(app, ["validate", "--format", "xml", str(MINIMAL)])
    assert result.exit_code == 2
    assert "xml" in result.stderr


def test_unexpected_exception_is_one_line_and_exit_101(monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.scenario import loader

    secret = "local-value-that-must-not-leak"

    def boom(path: object) -> None:
        token = secret
        raise RuntimeError("kaput " + token[:0])

    monkeypatch.setattr(loader, "inspect_file", boom)
    monkeypatch.delenv("WARGAME_TRACEBACK", raising=False)
    result = runner.invoke(app, ["validate", str(MINIMAL)])
    assert result.exit_code == 101
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("wargame: internal error (RuntimeError). This is a bug in "
                                    "wargame")
    assert "Traceback" not in result.stderr and secret not in result.stderr


def test_internal_error_inside_loading_is_a_diagnostic_and_exit_101(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from wargame.scenario import compile as compile_module

    def boom(*args: object, **kwargs: object) -> ScenarioIR:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(compile_module, "compile_scenario", boom)
    result = runner.invoke(app, ["validate", str(MINIMAL)])
    assert result.exit_code == 101
    assert result.stdout.splitlines()[0] == (
        f"{MINIMAL}:1:1: error[E999]: internal error while loading: ZeroDivisionError: "
        "division by zero"
    )
    assert "this is a bug in wargame" in result.stdout


def test_help_texts_have_examples() -> None:
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    assert "validate" in top.stdout and "schema" in top.stdout
    assert "wargame validate scenarios/greenland.yaml" in top.stdout
    sub = runner.invoke(app, ["validate", "--help"])
    assert sub.exit_code == 0
    assert "wargame validate scenarios/ --format json" in sub.stdout
    assert "Exit status" in sub.stdout


def test_the_installed_entry_point_and_python_m_agree() -> None:
    """A real process: exit status, output, and no Textual loaded by `validate`."""
    code = (
        "import sys\n"
        "sys.argv = ['wargame', 'validate', sys.argv[1]]\n"
        "from wargame.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    print('textual' in sys.modules, exc.code)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(MINIMAL)], capture_output=True,
                         text=True, check=False)
    assert out.stdout.splitlines()[-1] == "False 0", out.stderr
    bad = subprocess.run([sys.executable, "-m", "wargame", "validate", "/nonexistent.yaml"],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert bad.stderr == "wargame: no such file or folder: /nonexistent.yaml\n"

"""The shared formatter: text and JSON come from the same diagnostics; exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import typer

from wargame.cli.output import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_PROBLEMS,
    bug_line,
    excerpt,
    exit_code,
    format_diagnostic,
    guarded,
    json_document,
)
from wargame.errors import Diagnostic, Span

MINIMAL = Path(__file__).parent.parent / "fixtures" / "scenarios" / "minimal.yaml"

DIAG = Diagnostic("E101", "unknown key `x`", Span("f.yaml", 2, 3), hint="did you mean `y`?",
                  path="a.x")


def test_text_format_header_excerpt_hint() -> None:
    assert format_diagnostic(DIAG, "a:\n  x: 1\n") == (
        "f.yaml:2:3: error[E101]: unknown key `x`\n"
        "    2 |   x: 1\n"
        "      |   ^\n"
        "    hint: did you mean `y`?"
    )


def test_text_format_without_source_or_hint() -> None:
    plain = Diagnostic("E014", "cannot read the file", Span("f.yaml", 1, 1))
    assert format_diagnostic(plain) == "f.yaml:1:1: error[E014]: cannot read the file"
    assert excerpt(DIAG, "only one line") == []
    assert excerpt(DIAG, "a:\n   \n") == []


def test_json_document_shape() -> None:
    doc = json.loads(json_document([{"file": "f.yaml", "valid": False}], [DIAG]))
    assert doc == {
        "version": 1,
        "files": [{"file": "f.yaml", "valid": False}],
        "diagnostics": [{
            "file": "f.yaml", "line": 2, "column": 3, "severity": "error", "code": "E101",
            "message": "unknown key `x`", "hint": "did you mean `y`?", "path": "a.x",
        }],
    }


def test_exit_codes() -> None:
    assert exit_code([]) == EXIT_OK
    assert exit_code([DIAG]) == EXIT_PROBLEMS
    warning = Diagnostic("W101", "w", Span("f", 1, 1), severity="warning")
    assert exit_code([warning]) == EXIT_OK
    internal = Diagnostic("E999", "internal", Span("f", 1, 1))
    assert exit_code([DIAG, internal]) == EXIT_INTERNAL


def test_guarded_turns_exceptions_into_exit_101(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WARGAME_TRACEBACK", raising=False)

    @guarded
    def command(n: int) -> int:
        return 10 // n

    assert command(2) == 5
    with pytest.raises(typer.Exit) as info:
        command(0)
    assert info.value.exit_code == EXIT_INTERNAL
    assert capsys.readouterr().err == bug_line(ZeroDivisionError()) + "\n"
    monkeypatch.setenv("WARGAME_TRACEBACK", "1")
    with pytest.raises(ZeroDivisionError):
        command(0)


def test_guarded_lets_exits_through() -> None:
    @guarded
    def command() -> None:
        raise typer.Exit(3)

    with pytest.raises(typer.Exit) as info:
        command()
    assert info.value.exit_code == 3


def _break_the_schema_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.scenario import jsonschema

    def boom() -> str:
        raise RuntimeError("kaput")

    monkeypatch.setattr(jsonschema, "render_schema", boom)
    monkeypatch.setattr(sys, "argv", ["wargame", "schema"])


def test_main_shows_the_traceback_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """`WARGAME_TRACEBACK=1` reaches the developer through `main`, whose last-resort catch
    used to turn the error `guarded` let through back into the one-line message."""
    from wargame.cli import main

    _break_the_schema_command(monkeypatch)
    monkeypatch.setenv("WARGAME_TRACEBACK", "1")
    with pytest.raises(RuntimeError, match="kaput"):
        main()


def test_main_without_the_switch_prints_one_line_and_exits_101(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from wargame.cli import main

    _break_the_schema_command(monkeypatch)
    monkeypatch.delenv("WARGAME_TRACEBACK", raising=False)
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == EXIT_INTERNAL
    assert capsys.readouterr().err == bug_line(RuntimeError()) + "\n"


def test_the_switch_shows_the_traceback_of_an_internal_error_while_loading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The loader's E999 (docs/authoring.md, Internal errors) also lets the traceback through."""
    from wargame.cli import main
    from wargame.scenario import compile as compile_module

    def boom(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("inside the compiler")

    monkeypatch.setattr(compile_module, "compile_scenario", boom)
    monkeypatch.setattr(sys, "argv", ["wargame", "validate", str(MINIMAL)])
    monkeypatch.setenv("WARGAME_TRACEBACK", "1")
    with pytest.raises(ZeroDivisionError, match="inside the compiler"):
        main()


def test_a_file_with_many_findings_is_split_into_lines_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every excerpt split the whole file again: `lint` of 10,000 actors (20,000 warnings)
    ran for minutes."""
    from wargame.scenario import source

    calls: list[int] = []
    real = source.source_lines

    def counting(text: str) -> list[str]:
        calls.append(1)
        return real(text)

    monkeypatch.setattr(source, "source_lines", counting)
    text = "a: 1\n" * 3000 + "unique: true\n"
    for line in range(1, 2001):
        format_diagnostic(Diagnostic("W101", "w", Span("f", line, 1), severity="warning"), text)
    assert len(calls) == 1

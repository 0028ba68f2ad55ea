"""The shared formatter: text and JSON come from the same diagnostics; exit codes."""

from __future__ import annotations

import json

import pytest
import typer

from wargame.cli_output import (
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

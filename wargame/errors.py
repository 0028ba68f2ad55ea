"""Errors and diagnostics shared by every layer.

Authoring mistakes are collected as `Diagnostic`s (code, severity, position, message, hint)
and raised together in one `ScenarioError`, so an author sees every problem in a file at
once. Every command that reports problems renders them through one formatter, so text and
JSON output never disagree.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from typing import Final, Literal

Severity = Literal["error", "warning", "info"]

TRACEBACK_ENV: Final = "WARGAME_TRACEBACK"
"""Set to 1 to let an internal error's traceback through (for wargame's developers)."""


def traceback_wanted() -> bool:
    """Whether `WARGAME_TRACEBACK` asks for tracebacks: every layer that turns an unexpected
    exception into a plain line (the commands, the loader's E999) lets it through then."""
    return os.environ.get(TRACEBACK_ENV, "") not in ("", "0")


@dataclass(frozen=True, slots=True)
class Span:
    """A position in a source file: 1-based line and column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a scenario, with where it is and how to fix it."""

    code: str
    """Stable code, e.g. ``E201``; lint warnings use ``W``."""
    message: str
    span: Span
    severity: Severity = "error"
    hint: str | None = None
    path: str | None = None
    """Dotted path of the node in the document, e.g. ``moves[3].when``."""

    def format(self) -> str:
        """Render as ``file:line:col: severity[code]: message`` plus an indented hint."""
        text = f"{self.span}: {self.severity}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict; the keys are a stable, documented surface."""
        return {
            "file": self.span.file,
            "line": self.span.line,
            "column": self.span.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "path": self.path,
        }


class WargameError(Exception):
    """Base of every error this package raises on purpose."""


@dataclass
class ScenarioError(WargameError, ValueError):
    """A scenario file could not be loaded; carries every diagnostic found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(d.format() for d in self.diagnostics)


class IllegalActionError(WargameError, ValueError):
    """An action was refused by the rules; the message says which rule and why."""


class SaveFormatError(WargameError):
    """A save file is corrupt, of an unknown version, or does not match its scenario."""


class SaveConflictError(SaveFormatError, OSError):
    """A save was not written: the file holds the save of a game of another scenario.

    Also an `OSError` (`EEXIST`, the message as `strerror`), so a caller that reports a
    failed write ("Could not save to PATH: ...") reports this refusal the same way.
    """

    def __init__(self, message: str) -> None:
        super().__init__(errno.EEXIST, message)

    def __str__(self) -> str:
        return str(self.strerror)

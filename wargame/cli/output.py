"""How every `wargame` command reports problems: one formatter, fixed exit codes.

Every diagnostic a command prints, whether a YAML syntax error, an unreadable file or an
expression error, goes through `format_diagnostic` (text) or `json_document` (JSON), so the
two formats never disagree. Exit codes follow ruff and ty:

- 0: success, nothing to report;
- 1: the input has problems (diagnostics were printed);
- 2: usage error (bad option, missing file) or the output could not be written;
- 101: an internal error, i.e. a bug in wargame; one plain line, never a traceback.

Commands wrap their body in `guarded` so an unexpected exception becomes that one line;
`guarded_status` does the same for code run outside Typer (the fast `wargame validate` of
`wargame.cli.main`). Typer is imported only when a command needs it, so this module costs
nothing at start-up.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, ParamSpec, TypeVar

from wargame.errors import TRACEBACK_ENV, Diagnostic, traceback_wanted

if TYPE_CHECKING:
    import typer

EXIT_OK: Final = 0
EXIT_PROBLEMS: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERNAL: Final = 101
EXIT_INTERRUPTED: Final = 130
"""Ctrl-C, as Typer reports it."""

JSON_VERSION: Final = 1
"""Version of the `--format json` document; bumped only on incompatible changes."""

INTERNAL_CODE: Final = "E999"

_EXCERPT_WIDTH: Final = 100

P = ParamSpec("P")
R = TypeVar("R")


def format_diagnostic(diagnostic: Diagnostic, text: str | None = None) -> str:
    """`file:line:col: error[CODE]: message`, the source line with a caret, then the hint."""
    out = [f"{diagnostic.span}: {diagnostic.severity}[{diagnostic.code}]: {diagnostic.message}"]
    out.extend(excerpt(diagnostic, text))
    if diagnostic.hint:
        out.append(f"    hint: {diagnostic.hint}")
    return "\n".join(out)


@functools.lru_cache(maxsize=4)
def _lines(text: str) -> list[str]:
    """The file's lines, split once per file: a file with thousands of findings was split
    again for each one (quadratic: `lint` of 5,000 endings ran for minutes)."""
    from wargame.scenario.source import source_lines

    return source_lines(text)


def excerpt(diagnostic: Diagnostic, text: str | None) -> list[str]:
    """The offending source line and a caret under the column (empty when unknown)."""
    if text is None:
        return []
    lines = _lines(text)
    line_no, col = diagnostic.span.line, diagnostic.span.col
    if not 1 <= line_no <= len(lines):
        return []
    line = lines[line_no - 1]
    if not line.strip():
        return []
    start = 0
    if len(line) > _EXCERPT_WIDTH:  # show a window around the column of a very long line
        start = max(0, min(col - 1 - _EXCERPT_WIDTH // 2, len(line) - _EXCERPT_WIDTH))
    shown = line[start : start + _EXCERPT_WIDTH]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + _EXCERPT_WIDTH < len(line) else ""
    # Copy tabs into the caret's padding so it lines up however wide tabs are shown.
    pad = "".join("\t" if ch == "\t" else " " for ch in shown[: max(0, col - 1 - start)])
    gutter = f"{line_no:>5} | "
    return [
        f"{gutter}{prefix}{shown}{suffix}",
        f"{' ' * (len(gutter) - 2)}| {' ' * len(prefix)}{pad}^",
    ]


def json_document(files: Iterable[Mapping[str, Any]], diagnostics: Iterable[Diagnostic]) -> str:
    """The documented `--format json` output: `{"version", "files", "diagnostics"}`."""
    import json  # only for JSON output: ~3 ms of a start that prints text

    document = {
        "version": JSON_VERSION,
        "files": list(files),
        "diagnostics": [d.to_json() for d in diagnostics],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def exit_code(diagnostics: Iterable[Diagnostic]) -> int:
    """1 when any error was found, 101 when one of them is an internal error, else 0."""
    codes = {d.code for d in diagnostics if d.severity == "error"}
    if INTERNAL_CODE in codes:
        return EXIT_INTERNAL
    return EXIT_PROBLEMS if codes else EXIT_OK


def bug_line(exc: BaseException) -> str:
    """The one line printed for an unexpected exception: no traceback, no local values."""
    return (
        f"wargame: internal error ({type(exc).__name__}). This is a bug in wargame, not in "
        f"your input: please report it with the command you ran and its input files "
        f"(set {TRACEBACK_ENV}=1 to see the traceback)."
    )


def usage_error(message: str) -> typer.Exit:
    """Print `wargame: message` to stderr; raise the returned exception to exit with 2."""
    import typer

    typer.echo(f"wargame: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def require_file(path: Path, what: str) -> None:
    """A usage error (exit 2) unless `path` is a regular file: `wargame: PATH: no such
    scenario file`, or what it is instead (a folder, a named pipe, a device)."""
    from wargame.reading import why_not_a_file

    reason = why_not_a_file(path)
    if reason is None:
        return
    if reason == "no such file":
        raise usage_error(f"{path}: no such {what}")
    raise usage_error(f"{path}: not a {what}: {reason}")


def scenario_file(path: Path) -> Path:
    """The scenario file a command's argument names: the file at `path`, else the shipped
    scenario of that name (`wargame simulate greenland`); a usage error (exit 2) otherwise,
    naming the shipped scenarios."""
    from wargame.reading import why_not_a_file
    from wargame.scenario.shipped import shipped_named, shipped_scenarios

    reason = why_not_a_file(path)
    if reason is None:
        return path
    if reason == "no such file":
        shipped = shipped_named(path)
        if shipped is not None:
            return shipped
        names = ", ".join(s.name for s in shipped_scenarios())
        hint = f" (shipped scenarios: {names}; `wargame scenarios` lists them)" if names else ""
        raise usage_error(f"{path}: no such scenario file{hint}")
    raise usage_error(f"{path}: not a scenario file: {reason}")


def emit_text(text: str, output: Path | None) -> None:
    """Print `text` to stdout, or write it to `output` and say so on stderr.

    An unwritable `output` is a usage error (exit 2) naming the file and the reason.
    """
    import typer

    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise usage_error(f"cannot write {output}: {exc.strerror or exc}") from None
    typer.echo(f"wrote {output}", err=True)


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """Turn any unexpected exception in a command into `bug_line` and exit code 101."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        import typer

        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(EXIT_OK) from None
        except Exception as exc:
            if traceback_wanted():
                raise
            print(bug_line(exc), file=sys.stderr)
            raise typer.Exit(EXIT_INTERNAL) from None

    return run


def guarded_status(body: Callable[[], int]) -> int:
    """Run `body` as a `guarded` command runs under Typer, outside Typer: its exit status;
    0 when the reader of standard output went away; 101 and `bug_line` on an unexpected
    exception; 130 on Ctrl-C, as Typer exits."""
    try:
        return body()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:
        if traceback_wanted():
            raise
        print(bug_line(exc), file=sys.stderr)
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    """The reader went away (`wargame lint ... | head`): not a bug, nothing to say. Point
    stdout at /dev/null so the interpreter's final flush stays quiet too."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


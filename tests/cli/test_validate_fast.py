"""`wargame validate` without Typer: the fast start-up path says exactly what Typer says.

`wargame.cli.main` runs the plain `validate FILE... [--format F]` without building the Typer
app; anything else falls through to Typer. These tests pin both the choice and the output.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wargame.cli import OutputFormat, app, plain_validate

REPO = Path(__file__).resolve().parents[2]
GREENLAND = REPO / "scenarios" / "greenland.yaml"
BROKEN = REPO / "scenarios" / "greenland.tests.yaml"  # not a scenario: E100

runner = CliRunner()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["validate", "a.yaml"], ([Path("a.yaml")], OutputFormat.text)),
        (["validate", "a.yaml", "b"], ([Path("a.yaml"), Path("b")], OutputFormat.text)),
        (["validate", "-f", "json", "a.yaml"], ([Path("a.yaml")], OutputFormat.json)),
        (["validate", "a.yaml", "--format", "text"], ([Path("a.yaml")], OutputFormat.text)),
        (["validate", "a.yaml", "--format=json"], ([Path("a.yaml")], OutputFormat.json)),
    ],
)
def test_the_plain_form_is_recognised(argv: list[str], expected: object) -> None:
    assert plain_validate(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["validate"],
        ["validate", "--help"],
        ["validate", "a.yaml", "-h"],
        ["validate", "--", "a.yaml"],
        ["validate", "a.yaml", "--format"],
        ["validate", "a.yaml", "--format", "xml"],
        ["validate", "a.yaml", "-f", "json", "-f", "text"],
        ["validate", "a.yaml", "--strict"],
        ["lint", "a.yaml"],
        ["--help"],
    ],
)
def test_anything_else_goes_to_typer(argv: list[str]) -> None:
    assert plain_validate(argv) is None


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wargame", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    "args",
    [
        [str(GREENLAND)],
        [str(GREENLAND), "--format", "json"],
        [str(BROKEN), str(GREENLAND)],
        [str(BROKEN), "-f", "json"],
        ["/nonexistent.yaml"],
    ],
)
def test_the_fast_path_prints_what_typer_prints(args: list[str]) -> None:
    fast = _run("validate", *args)
    typer_run = runner.invoke(app, ["validate", *args])
    assert fast.returncode == typer_run.exit_code
    assert fast.stdout == typer_run.stdout
    assert fast.stderr == typer_run.stderr


def test_the_fast_path_loads_neither_typer_nor_textual() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['wargame', 'validate', sys.argv[1]]\n"
        "from wargame.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    print('typer' in sys.modules, 'textual' in sys.modules, exc.code)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(GREENLAND)], capture_output=True, text=True, check=False
    )
    assert out.stdout.splitlines()[-1] == "False False 0", out.stderr


@pytest.mark.parametrize("fast", [True, False])
def test_a_reader_that_goes_away_is_not_an_error(fast: bool) -> None:
    """Standard output is a pipe nobody reads: exit 0 and nothing on stderr, both ways."""
    read, write = os.pipe()
    os.close(read)
    args = [str(GREENLAND)] if fast else [str(GREENLAND), "--format", "json", "--format", "json"]
    try:
        out = subprocess.run(
            [sys.executable, "-m", "wargame", "validate", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write)
    assert (out.returncode, out.stderr) == (0, "")

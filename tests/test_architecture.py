"""The layers stay honest: the core never grows a dependency on the screen or the disk.

Each check imports a layer in a fresh interpreter and lists what it dragged in, so a stray
top-level import anywhere below shows up here (and in the command line's cold start).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY_UI = ("textual", "rich", "typer")
FILE_FORMATS = ("yaml", "pydantic", "sqlite3")


def _modules_after_import(module: str) -> set[str]:
    code = f"import json, sys\nimport {module}\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return {name.split(".")[0] for name in json.loads(out)}


@pytest.mark.parametrize("module", ["wargame.engine", "wargame.bots"])
def test_core_imports_no_ui_and_no_file_formats(module: str) -> None:
    loaded = _modules_after_import(module)
    assert not loaded & set(HEAVY_UI + FILE_FORMATS), loaded & set(HEAVY_UI + FILE_FORMATS)


@pytest.mark.parametrize(
    "module", ["wargame.session", "wargame.analysis", "wargame.scenario.loader", "wargame.table"]
)
def test_shells_below_the_tui_import_no_ui(module: str) -> None:
    loaded = _modules_after_import(module)
    assert not loaded & {"textual"}, "textual is loaded by " + module


def test_validate_command_does_not_load_textual() -> None:
    code = "import sys\nfrom wargame import cli\nprint('textual' in sys.modules)\n"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert out == "False"


def test_import_contracts_hold() -> None:
    """import-linter's layer and purity contracts from pyproject.toml."""
    result = subprocess.run(["lint-imports"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_expressions_are_parsed_in_one_place() -> None:
    """One front end for the expression language: only `wargame.scenario.expressions`
    parses Python syntax. Lint, the graph and explanations read `Expr.tree`, so a function
    added to the vocabulary cannot be understood by one reader and ignored by another."""
    root = Path(__file__).resolve().parent.parent / "wargame"
    front_end = root / "scenario" / "expressions"
    uses_ast = re.compile(r"^\s*(import ast\b|from ast import)", re.MULTILINE)
    outside = [
        str(path.relative_to(root))
        for path in sorted(root.rglob("*.py"))
        if front_end not in path.parents and uses_ast.search(path.read_text(encoding="utf-8"))
    ]
    assert outside == []

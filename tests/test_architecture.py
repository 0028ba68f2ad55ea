"""The layers stay honest: the core never grows a dependency on the screen or the disk.

Each check imports a layer in a fresh interpreter and lists what it dragged in, so a stray
top-level import anywhere below shows up here (and in the command line's cold start).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
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
    "module",
    [
        "wargame.play",
        "wargame.session",
        "wargame.analysis",
        "wargame.scenario.loader",
        "wargame.table",
    ],
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
    """import-linter's layer and purity contracts from pyproject.toml (this interpreter's
    lint-imports, also when its environment's folder is not on PATH)."""
    beside = Path(sys.executable).with_name("lint-imports")
    command = str(beside) if beside.exists() else "lint-imports"
    result = subprocess.run([command], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_expressions_are_parsed_in_one_place() -> None:
    """One front end for the expression language: only `wargame.scenario.expressions`
    parses Python syntax. Lint, the graph and explanations read `Expr.tree`, so a function
    added to the vocabulary cannot be understood by one reader and ignored by another."""
    root = ROOT / "wargame"
    front_end = root / "scenario" / "expressions"
    uses_ast = re.compile(r"^\s*(import ast\b|from ast import)", re.MULTILINE)
    outside = [
        str(path.relative_to(root))
        for path in sorted(root.rglob("*.py"))
        if front_end not in path.parents and uses_ast.search(path.read_text(encoding="utf-8"))
    ]
    assert outside == []


def _layers() -> list[str]:
    """The modules named by the main layers contract of pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = config["tool"]["importlinter"]["contracts"][0]
    assert contract["type"] == "layers" and "containers" not in contract
    return [name.strip() for layer in contract["layers"] for name in re.split(r"[|:]", layer)]


def test_every_module_of_the_package_is_in_a_layer() -> None:
    """A module outside every layer escapes the contract: `wargame/cli_output.py` once let
    `wargame.scenario` import the command line and lint-imports still passed."""
    package = ROOT / "wargame"
    top = {p.stem for p in package.glob("*.py") if p.stem not in ("__init__", "__main__")}
    top |= {p.name for p in package.iterdir() if (p / "__init__.py").exists()}
    named = {name.removeprefix("wargame.") for name in _layers()}
    assert top - named == set(), "add these to the layers contract in pyproject.toml"


def test_the_contract_refuses_an_import_of_the_command_line_from_below(tmp_path: Path) -> None:
    """lint-imports, run on a copy of the package in which the scenario layer imports the
    command line's output module, fails and names that import."""
    shutil.copytree(
        ROOT / "wargame", tmp_path / "wargame", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    files = tmp_path / "wargame" / "scenario" / "files.py"
    files.write_text(files.read_text(encoding="utf-8") + "\nimport wargame.cli.output\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        ["lint-imports", "--no-cache"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0, result.stdout
    assert "wargame.scenario.files -> wargame.cli.output" in result.stdout


PER_STEP_VALUES = {
    "engine/state.py": {"GameState", "Pending", "EndingHold"},
    "engine/events.py": {"Event"},
    "engine/playout.py": {"Playout"},
    "bots/policy.py": {"Decision"},
    "session/dice.py": {"Dice"},
    "analysis/play.py": {"MovePlayed", "Game", "RunFigures"},
}
"""The named tuples: values built on every step, or every game, of a Monte Carlo run
(docs/architecture.md, Records)."""
UNSLOTTED_IN_TUI = {
    "tui/screens/briefing.py": {"BriefingStyles"},
    "tui/screens/dialogs.py": {"Flash"},
    "tui/widgets/lines.py": {"SplitLines", "Columns", "CellLine"},
}
"""Frozen dataclasses without slots, left to the TUI's rebuild (issue 19): no new ones."""


def _class_decorations() -> Iterator[tuple[str, str, list[str], list[str]]]:
    """(path under wargame/, class name, base names, decorator texts) of every class."""
    import ast

    package = ROOT / "wargame"
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases = [ast.unparse(b) for b in node.bases]
                decorators = [ast.unparse(d) for d in node.decorator_list]
                yield str(path.relative_to(package)), node.name, bases, decorators


def test_one_record_idiom() -> None:
    """Records are `@dataclass(frozen=True, slots=True)`; named tuples only for the values
    built on every step or game of a run, where a tuple is several times cheaper to build."""
    tuples: dict[str, set[str]] = {}
    unslotted: dict[str, set[str]] = {}
    for path, name, bases, decorators in _class_decorations():
        if "NamedTuple" in bases:
            tuples.setdefault(path, set()).add(name)
        for decorator in decorators:
            if "frozen=True" in decorator and "slots=True" not in decorator:
                unslotted.setdefault(path, set()).add(name)
    assert tuples == PER_STEP_VALUES
    for path, names in unslotted.items():
        assert names <= UNSLOTTED_IN_TUI.get(path, set()), f"{path}: {names} need slots=True"


APP_MODULE_LINES = 600
"""Issue 19's thin app: an App wires keys and screens to the flow and to the modules that
do the rest, so a module defining one stays under this many lines."""


def _app_module_lines(package: Path) -> dict[str, int]:
    """Line counts of the modules under `package` that define a Textual `App` subclass,
    directly (`App[int]`) or through another app (`SeatApp(WargameApp)`)."""
    import ast

    classes: list[tuple[str, str, set[str]]] = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {ast.unparse(b).split("[")[0].rsplit(".")[-1] for b in node.bases}
                classes.append((str(path.relative_to(package)), node.name, bases))
    apps, grew = {"App"}, True
    while grew:
        found = {name for _, name, bases in classes if bases & apps}
        grew, apps = not found <= apps, apps | found
    return {
        path: len((package / path).read_text(encoding="utf-8").splitlines())
        for path, name, bases in classes
        if bases & apps
    }


def test_no_app_module_is_over_600_lines() -> None:
    """A feature lands in its own module (`wargame/tui/keys.py`, `bots.py`, `freeplay.py`,
    ...), and the app only wires it to a key or a screen."""
    lines = _app_module_lines(ROOT / "wargame")
    assert {"tui/app.py", "tui/seat_app.py"} <= set(lines), lines
    over = {path: n for path, n in lines.items() if n > APP_MODULE_LINES}
    assert not over, f"split a concern out of these App modules (lines): {over}"


def test_the_app_line_count_sees_an_app_of_an_app(tmp_path: Path) -> None:
    """The check counts a module whose App subclasses another app of the package."""
    (tmp_path / "base.py").write_text("from textual.app import App\nclass A(App[int]): ...\n")
    body = "from base import A\nclass B(A):\n" + "    x = 1\n" * 600
    (tmp_path / "child.py").write_text(body)
    (tmp_path / "other.py").write_text("class C:\n" + "    x = 1\n" * 700)
    assert _app_module_lines(tmp_path) == {"base.py": 2, "child.py": 602}

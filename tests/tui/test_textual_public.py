"""The TUI uses Textual through its public API only.

An underscore name of Textual is Textual's private room: it changes in any release, and the
app then breaks (or quietly does something else) for users on a version nobody tested. So no
module of `wargame` imports a `textual._*` module, reads or sets an underscore attribute
that Textual defines, overrides an underscore method of a Textual class, names one in
`getattr`, or replaces a method of a Textual class (`Widget.refresh = ...`). The one
exception would be `wargame/tui/textual_compat.py`, whose functions fall back to plain
Textual on versions it was not tested on; there is none today.

Checked on the source (`ast`), with the names Textual defines read from the installed
Textual: an attribute of `self` in a class built on a Textual class counts when one of
its Textual bases defines it; any other `x._name` counts when Textual defines `_name`
and `wargame` never does.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import textual

WARGAME = Path(__file__).resolve().parents[2] / "wargame"
COMPAT = WARGAME / "tui" / "textual_compat.py"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _defined_in(tree: ast.AST) -> set[str]:
    """Underscore names a source defines: functions, class attributes, `self._x = ...`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("self", "cls")
        ):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {name for name in names if _private(name)}


@cache
def _class_privates(cls: type) -> frozenset[str]:
    """The underscore names a Textual class defines itself (its body and its `self._x`)."""
    names = {name for name in vars(cls) if _private(name)}
    with contextlib.suppress(OSError, TypeError):  # (no source: a built-in class)
        names |= _defined_in(ast.parse(inspect.getsource(cls)))
    return frozenset(names)


@cache
def _textual_privates() -> frozenset[str]:
    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        names |= _defined_in(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(names)


def _is_textual(cls: type) -> bool:
    return cls.__module__.split(".")[0] == "textual"


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(WARGAME.rglob("*.py")):
        if path != COMPAT and path.name != "__main__.py":
            parts = path.relative_to(WARGAME.parent).with_suffix("").parts
            yield ".".join(p for p in parts if p != "__init__"), path


def _from_textual(tree: ast.AST) -> set[str]:
    """The names a module imports from Textual (its classes and functions)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "textual":
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def _reaches(module_name: str, path: Path, ours: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    textual_names = _textual_privates()
    imported = _from_textual(tree)
    found: list[str] = []
    where = f"{path.relative_to(WARGAME.parent)}"
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id in imported
        ):
            found.append(f"{where}:{node.lineno} replaces {node.value.id}.{node.attr}")
        if isinstance(node, ast.ImportFrom | ast.Import):
            modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            modules += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            for module in modules:
                if module.split(".")[0] == "textual" and any(map(_private, module.split("."))):
                    found.append(f"{where}:{node.lineno} imports {module}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
                private = [alias.name for alias in node.names if _private(alias.name)]
                found += [f"{where}:{node.lineno} imports {name}" for name in private]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and node.args[1].value in textual_names
        ):
            found.append(f"{where}:{node.lineno} {node.func.id}(…, {node.args[1].value!r})")
        elif isinstance(node, ast.ClassDef):
            found += _class_reaches(module_name, node, where)
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in textual_names
            and node.attr not in ours
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
        ):
            found.append(f"{where}:{node.lineno} .{node.attr}")
    return found


def _textual_bases(cls: type) -> set[type]:
    """The Textual classes `cls` is built on, or, for a mixin, that the classes it is mixed
    into are built on."""
    users = [cls, *(c for c in _subclasses(cls) if c.__module__.startswith("wargame"))]
    return {base for user in users for base in user.__mro__ if _is_textual(base)}


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _class_reaches(module_name: str, node: ast.ClassDef, where: str) -> list[str]:
    """Underscore names a class built on Textual's (or mixed into one) shares with one of
    its Textual bases."""
    cls = getattr(importlib.import_module(module_name), node.name, None)
    if not isinstance(cls, type):
        return []  # (a class made inside a function: its module-level uses are checked)
    theirs: set[str] = set()
    for base in _textual_bases(cls):
        theirs |= _class_privates(base)
    if not theirs:
        return []
    found = []
    for inner in ast.walk(node):
        name = None
        if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
            name = inner.name
        elif isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name):
            if inner.value.id in ("self", "cls", "super"):
                name = inner.attr
        elif isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Call):
            if isinstance(inner.value.func, ast.Name) and inner.value.func.id == "super":
                name = inner.attr
        elif isinstance(inner, ast.AnnAssign) and isinstance(inner.target, ast.Name):
            name = inner.target.id
        if name is not None and name in theirs:
            found.append(f"{where}:{inner.lineno} {node.name}.{name} is Textual's")
    return found


def test_no_module_reaches_into_textual_s_private_names() -> None:
    for name, _ in _modules():
        importlib.import_module(name)  # (every class and its subclasses known)
    ours: set[str] = set()
    for _, path in _modules():
        ours |= _defined_in(ast.parse(path.read_text(encoding="utf-8")))
    found = [reach for name, path in _modules() for reach in _reaches(name, path, ours)]
    assert not found, "\n".join(found)


def test_the_check_finds_a_private_reach() -> None:
    """The check above is not vacuous: each kind of reach it looks for is found."""
    source = '''
from textual._compositor import Compositor
from textual.app import App
from textual.widget import Widget

Widget.refresh = print

class Reaching(Widget):
    def _size_updated(self, *args): ...
    def mine(self) -> None:
        self._dirty_regions.clear()

def elsewhere(app: App) -> None:
    app._driver.send_message(None)
    getattr(app, "_compositor")
'''
    import sys
    import types

    from textual.widget import Widget

    module = types.ModuleType("wargame_probe")
    refresh = Widget.refresh  # the probe really replaces it: put it back for later tests
    try:
        exec(compile(source, "probe.py", "exec"), module.__dict__)
    finally:
        Widget.refresh = refresh  # type: ignore[method-assign]
    sys.modules["wargame_probe"] = module
    try:
        path = Path(__file__).with_name("_probe_source.py")
        path.write_text(source, encoding="utf-8")
        try:
            found = " ".join(
                reach.split(" ", 1)[1] for reach in _reaches("wargame_probe", path, set())
            )
        finally:
            path.unlink()
    finally:
        del sys.modules["wargame_probe"]
    for expected in (
        "imports textual._compositor",
        "Reaching._size_updated",
        "Reaching._dirty_regions",
        "._driver",
        "'_compositor'",
        "replaces Widget.refresh",
    ):
        assert expected in found, (expected, found)

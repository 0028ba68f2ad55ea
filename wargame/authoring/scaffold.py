"""`wargame new`: a first scenario that validates, lints clean and plays at once.

The starter is a small, fully commented crisis that uses one of everything an author needs
first: the schema modeline, two actors in one alliance, variables and a flag, a plain move,
a dice move, a chance move, an inject and two endings (one the default). `--full` adds the
rest of the format: phases (one simultaneous), rulings, argued and secret moves, an
unplayable actor, `visible_to` and an `at_end` ending. Authors learn the format by editing
something that already works (the texts are in `scaffold_templates`).

The modeline names a schema that exists: the one found in the file's folder or a `schema/`
folder above it, else a copy `new` writes beside the file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from wargame.authoring.scaffold_templates import FULL, STARTER

__all__ = ["SCHEMA_NAME", "Scaffold", "ScaffoldError", "plan_scaffold", "render_scaffold"]

SCHEMA_NAME: Final = "scenario.schema.json"


class ScaffoldError(Exception):
    """The scaffold cannot be written (the message says why, for the command line)."""


@dataclass(frozen=True, slots=True)
class Scaffold:
    """What `new` writes: the file, its text, and where the modeline points."""

    path: Path
    text: str
    schema: str
    """The modeline's schema path, relative to the file."""
    schema_found: bool
    """False when no `schema/scenario.schema.json` was found above the file: `new` then
    writes one beside it, at `schema_file`, so the modeline names a file that exists."""

    @property
    def schema_file(self) -> Path:
        return self.path.parent / self.schema


_ID_CLEAN: Final = re.compile(r"[^a-z0-9]+")


def scenario_id(name: str) -> str:
    """A valid scenario id from a file name: `My Crisis-2` -> `my_crisis_2`."""
    ident = _ID_CLEAN.sub("_", name.lower()).strip("_")
    if not ident or not ident[0].isalpha():
        ident = "scenario_" + ident if ident else "scenario"
    return ident[:64]


def scenario_title(ident: str) -> str:
    return ident.replace("_", " ").strip().capitalize() or "New scenario"


def plan_scaffold(name: str, *, cwd: Path | None = None, full: bool = False) -> Scaffold:
    """Where `new NAME` writes and what (`full`: the full template); raises
    `ScaffoldError` if the file exists."""
    here = cwd if cwd is not None else Path.cwd()
    path = Path(name)
    if path.suffix not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    if not path.is_absolute():
        path = here / path
    if path.exists():
        raise ScaffoldError(f"{_shown(path, here)} already exists; choose another name")
    if not path.parent.is_dir():
        raise ScaffoldError(f"no such folder: {_shown(path.parent, here)}")
    schema, found = _schema_path(path.parent)
    ident = scenario_id(path.stem)
    text = render_scaffold(ident, scenario_title(ident), schema, full=full)
    return Scaffold(path, text, schema, found)


def _shown(path: Path, here: Path) -> str:
    try:
        return str(path.relative_to(here))
    except ValueError:
        return str(path)


def _schema_path(folder: Path) -> tuple[str, bool]:
    """The schema beside the file or in a `schema/` folder above it, relative to the file."""
    for parent in (folder, *folder.parents):
        for candidate in (parent / SCHEMA_NAME, parent / "schema" / SCHEMA_NAME):
            if candidate.is_file():
                return Path(os.path.relpath(candidate, folder)).as_posix(), True
    return SCHEMA_NAME, False


def render_scaffold(ident: str, title: str, schema: str, *, full: bool = False) -> str:
    """The scaffold's text for scenario `ident` (`full`: the full template)."""
    return (FULL if full else STARTER).format(id=ident, title=title, schema=schema)

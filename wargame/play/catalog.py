"""Where scenarios are found for the start screen, and what the list shows about each.

The shipped scenarios live in the repository's `scenarios/` folder (an installed wheel
carries them as `wargame/_scenarios`); any `*.yaml` scenario in the current folder is
listed too, so a class can drop a file next to the projector and pick it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import wargame
from wargame.errors import Diagnostic
from wargame.scenario.files import is_scenario_file
from wargame.scenario.ir import ScenarioIR


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One scenario file as the start screen lists it."""

    path: Path
    origin: str
    """`shipped` or `local` (found in the current folder)."""
    scenario: ScenarioIR | None = None
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def ok(self) -> bool:
        return self.scenario is not None

    @property
    def title(self) -> str:
        return self.scenario.title if self.scenario else self.path.name

    @property
    def summary(self) -> str:
        if self.scenario:
            return self.scenario.summary
        count = len(self.diagnostics)
        return f"Does not load: {count} problem{'s' if count != 1 else ''} (Enter shows them)"

    @property
    def turns(self) -> int:
        return self.scenario.calendar.turns if self.scenario else 0

    @property
    def roles(self) -> tuple[str, ...]:
        if not self.scenario:
            return ()
        return tuple(a.name for a in self.scenario.actors if a.playable)


def shipped_scenario_dir() -> Path | None:
    """The folder of shipped scenarios: the repository's, else the installed copy."""
    package = Path(wargame.__file__).resolve().parent
    for candidate in (package.parent / "scenarios", package / "_scenarios"):
        if candidate.is_dir():
            return candidate
    return None


def scenario_files(folder: Path | None) -> list[Path]:
    """The scenario files directly inside `folder`, sorted by name."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if is_scenario_file(p))


def discover(cwd: Path | None = None, *, include_shipped: bool = True) -> list[tuple[Path, str]]:
    """Every scenario file to list: shipped ones first, then the current folder's.

    The tutorial is listed first among the shipped ones: it is where a new class starts.
    """
    shipped = scenario_files(shipped_scenario_dir()) if include_shipped else []
    shipped.sort(key=lambda p: (p.stem != "tutorial", p.name))
    seen = {p.resolve() for p in shipped}
    local = [p for p in scenario_files(cwd or Path.cwd()) if p.resolve() not in seen]
    return [(p, "shipped") for p in shipped] + [(p, "local") for p in local]


def inspect(path: Path, origin: str) -> CatalogEntry:
    """Load one file for the list; a file that fails keeps its diagnostics."""
    from wargame.scenario.loader import inspect_file

    report = inspect_file(path)
    return CatalogEntry(path, origin, report.scenario, tuple(report.diagnostics))


def looks_like_scenario(path: Path) -> bool:
    """Cheap check that a local YAML file is a wargame scenario (has `wargame:` at the top)."""
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return any(line.startswith("wargame:") for line in head.splitlines())


def entries(paths: Iterable[tuple[Path, str]]) -> list[CatalogEntry]:
    """Inspect every listed file (local files only if they look like scenarios)."""
    return [
        inspect(path, origin)
        for path, origin in paths
        if origin == "shipped" or looks_like_scenario(path)
    ]

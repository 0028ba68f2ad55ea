"""The scenarios shipped with wargame, reachable by name from every command.

A checkout keeps them in the repository's `scenarios/` folder; a wheel carries the same
files as `wargame/_scenarios` (pyproject's `force-include`), so after a plain
`pip install wargame` the name `greenland` still finds `greenland.yaml`. A name is the
file's stem; a path that exists always wins over a name, so a local `greenland.yaml` (or
a folder called `greenland`) is what `wargame simulate greenland` opens when it is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wargame.scenario.files import is_scenario_file

__all__ = ["ShippedScenario", "shipped_dir", "shipped_named", "shipped_scenarios"]


@dataclass(frozen=True, slots=True)
class ShippedScenario:
    """One shipped scenario file and the name commands accept for it."""

    name: str
    """The file's stem: `greenland`."""
    path: Path


def shipped_dir(package: Path | None = None) -> Path | None:
    """The folder of shipped scenarios: the checkout's `scenarios/`, else the installed copy
    (`package`: the `wargame` package folder, by default this one's)."""
    package = package or Path(__file__).resolve().parent.parent
    for candidate in (package.parent / "scenarios", package / "_scenarios"):
        if candidate.is_dir() and any(is_scenario_file(p) for p in candidate.iterdir()):
            return candidate
    return None


def shipped_scenarios() -> list[ShippedScenario]:
    """Every shipped scenario, the tutorial first (where a new class starts), then by name."""
    folder = shipped_dir()
    if folder is None:
        return []
    files = [p for p in folder.iterdir() if is_scenario_file(p)]
    files.sort(key=lambda p: (p.stem != "tutorial", p.name))
    return [ShippedScenario(p.stem, p) for p in files]


def shipped_named(name: str | Path) -> Path | None:
    """The shipped scenario a bare name means (`greenland`, `greenland.yaml`), or None.

    Only a plain name is looked up: anything with a folder in it is a path the user meant.
    """
    text = str(name)
    if not text or "/" in text or "\\" in text or text in (".", ".."):
        return None
    stem = text
    for suffix in (".yaml", ".yml"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    for scenario in shipped_scenarios():
        if scenario.name == stem:
            return scenario.path
    return None

"""Which files are scenarios: one rule for every command that takes files or folders.

A folder holds scenarios (`*.yaml`, `*.yml`) and, beside them, their playthrough tests
(`NAME.tests.yaml`), which are not scenarios and must never be validated, linted or listed
as one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Final

SCENARIO_SUFFIXES: Final = (".yaml", ".yml")
SIDECAR_SUFFIX: Final = ".tests.yaml"


class NoScenarioFiles(ValueError):
    """A path that does not exist, or a folder with no scenario in it."""


def is_scenario_file(path: Path) -> bool:
    """True for a `*.yaml`/`*.yml` file that is not a playthrough-test sidecar."""
    return (
        path.suffix in SCENARIO_SUFFIXES
        and not path.name.endswith(SIDECAR_SUFFIX)
        and path.is_file()
    )


def find_scenario_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, plus the scenario files under the folders named, without repeats.

    A bare name that is no file here is the shipped scenario of that name (`greenland`).
    Raises NoScenarioFiles for a missing path or a folder without scenarios.
    """
    from wargame.scenario.shipped import shipped_named  # it imports this module

    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if is_scenario_file(p))
            if not inside:
                raise NoScenarioFiles(f"no .yaml or .yml files in {path}")
            found.extend(inside)
        elif path.exists():
            found.append(path)  # a FIFO or a device: the reader says why it is refused
        elif (shipped := shipped_named(path)) is not None:
            found.append(shipped)
        else:
            raise NoScenarioFiles(f"no such file or folder: {path}")
    return list(dict.fromkeys(found))

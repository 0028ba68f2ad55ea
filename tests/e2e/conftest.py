"""Fixtures of the end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def hosted(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The tutorial hosted for two browser seats, Northport and Southhaven (seed 3): what
    `wargame host --format json` printed (its `url` and the seats' `codes`)."""
    from .browser import hosting  # imported here: it skips without the browser extras

    with hosting(
        tmp_path, "tutorial.yaml", "--teams", "northport,southhaven", "--seed", "3"
    ) as info:
        yield info

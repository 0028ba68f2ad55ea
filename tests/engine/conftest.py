"""Fixtures for the engine tests."""

from __future__ import annotations

import pytest

from wargame.scenario.ir import ScenarioIR

from .helpers import load


@pytest.fixture(scope="session")
def rules() -> ScenarioIR:
    """tests/engine/fixtures/rules.yaml, compiled."""
    return load("rules")

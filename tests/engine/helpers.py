"""Helpers for the engine tests: fixture scenarios and scripted randomness."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from random import Random

from wargame.engine import Action, GameState, step
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_text

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str, replace: Mapping[str, str] | None = None) -> ScenarioIR:
    """A fixture scenario, optionally with text replacements (each must match)."""
    text = (FIXTURES / f"{name}.yaml").read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text, f"{old!r} not in {name}.yaml"
        text = text.replace(old, new)
    return load_text(text, f"{name}.yaml")


class ScriptedRandom(Random):
    """A generator whose `random()` returns the listed values in order (then fails)."""

    def __init__(self, values: Iterable[float]) -> None:
        super().__init__(0)
        self.values = list(values)
        self.drawn = 0

    def random(self) -> float:
        if not self.values:
            raise AssertionError("the engine drew more random numbers than scripted")
        self.drawn += 1
        return self.values.pop(0)


def die(face: int, sides: int = 6) -> float:
    """The `random()` value that rolls `face` on a die with `sides` faces."""
    return (face - 0.5) / sides


def play(
    scenario: ScenarioIR, state: GameState, *actions: Action, rng: Random | None = None
) -> GameState:
    """Apply `actions` in order (each must be legal)."""
    generator = rng if rng is not None else Random(0)
    for action in actions:
        state, _ = step(scenario, state, action, generator)
    return state

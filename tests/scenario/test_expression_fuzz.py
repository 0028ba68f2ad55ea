"""Fuzzing the expression checker: mutated expression text always ends in a positioned
diagnostic, never a traceback.

The seeds are every expression and effect of the shipped scenarios; Hypothesis mutates them
(characters inserted, deleted, repeated, swapped, look-alikes and control characters put
in) and each result goes through the checker on its own and inside a scenario file. What
compiles is also evaluated, explained and linted, which read the checked tree.

`WARGAME_FUZZ_EXAMPLES` sets the number of examples per test (default 100), for a longer
fuzzing run in CI.
"""

from __future__ import annotations

import json
import os
import random
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.engine import initial_state
from wargame.errors import ScenarioError
from wargame.scenario.expressions import (
    ExpressionError,
    compile_effect,
    compile_expr,
    explain_false,
)
from wargame.scenario.ir import Expr, ScenarioIR
from wargame.scenario.lint import Domains, _Analysis, lint_scenario
from wargame.scenario.loader import load_scenario, load_text

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"
CODES = {"E301", "E302", "E303", "E304", "E305", "E306", "E307"}
FUZZ = settings(
    max_examples=int(os.environ.get("WARGAME_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@cache
def greenland() -> ScenarioIR:
    return load_scenario(SHIPPED / "greenland.yaml")


@cache
def seeds() -> list[str]:
    """Every expression and effect source of the shipped scenarios."""
    found: set[str] = set()
    for path in sorted(SHIPPED.glob("*.yaml")):
        if path.name.endswith(".tests.yaml"):
            continue
        ir = load_scenario(path)
        for move in ir.moves:
            found.update(e.source for e in move.effects)
            if move.when is not None:
                found.add(move.when.source)
        for inject in ir.injects:
            found.update(e.source for e in inject.effects)
            for expr in (inject.when, inject.chance):
                if expr is not None:
                    found.add(expr.source)
        for ending in ir.endings:
            if ending.when is not None:
                found.add(ending.when.source)
    return sorted(found)


PIECES = [
    *"()[],.=<>!+-*/%&|^~:;'\"#@\\ \t\n\r",
    "\x00",
    "and",
    "or",
    "not",
    "if",
    "else",
    "==",
    "**",
    "//",
    "flags.",
    "trust[",
    "1e999",
    "999999999999999999",
    "lambda",
    "ｓ",  # fullwidth s: Python reads it as `s`
    "é",
    "≥",
    "\u200b",  # zero-width space
    "１",
    "𝐬",
    "\ufeff",
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(seeds()))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        to = draw(st.integers(at, min(len(text), at + 8)))
        how = draw(st.sampled_from(["insert", "delete", "repeat", "swap", "replace"]))
        if how == "insert":
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        elif how == "delete":
            text = text[:at] + text[to:]
        elif how == "repeat":
            text = text[:to] + text[at:to] * draw(st.integers(2, 40)) + text[to:]
        elif how == "swap":
            other = draw(st.sampled_from(seeds()))
            text = text[:at] + other + text[to:]
        else:
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[to:]
    return text


def _positioned(error: ExpressionError, text: str) -> None:
    assert error.code in CODES, error
    assert 0 <= error.offset <= len(text), error
    assert error.message.strip(), error


def _use(expr: Expr, ir: ScenarioIR) -> None:
    """What compiled runs, explains and lints without raising."""
    state = initial_state(ir, umpire=False, rng=random.Random(0))
    expr(state)
    analysis = _Analysis(Domains.of(ir), {})
    if expr.kind == "bool":
        explain_false(expr, state)
        analysis.sat(expr.tree, {})
        analysis.sat(expr.tree, {}, want=False)
    else:
        analysis.number(expr.tree)


@FUZZ
@given(mutated(), st.sampled_from([None, "bool", "number"]))
def test_mutated_text_is_compiled_or_positioned(text: str, expect: str | None) -> None:
    ir = greenland()
    try:
        expr = compile_expr(text, ir.names, expect=expect)  # type: ignore[arg-type]
    except ExpressionError as error:
        _positioned(error, text)
    else:
        _use(expr, ir)
    try:
        effect = compile_effect(text, ir.names)
    except ExpressionError as error:
        _positioned(error, text)
    else:
        _use(effect.value, ir)


_SCENARIO = """\
wargame: 1
id: fuzz
title: Fuzz
calendar: {{start: Day 1, turns: 4}}
actors:
  a: {{name: A}}
  b: {{name: B}}
alliances:
  pact: {{name: Pact, members: {{a: {{commitment: 60}}, b: {{commitment: 70}}}}}}
variables:
  escalation: {{start: 2, min: 0, max: 10}}
flags:
  talks: {{label: Talks}}
moves:
  - {{id: talk, actor: a, label: Talk, when: {when}, effects: [{effect}]}}
injects:
  - {{id: leak, label: Leak, chance: {chance}}}
endings:
  - {{id: done, title: Done, default: true}}
"""


@FUZZ
@given(mutated(), mutated(), mutated())
def test_mutated_text_in_a_file_gets_positioned_diagnostics(
    when: str, effect: str, chance: str
) -> None:
    text = _SCENARIO.format(
        when=json.dumps(when), effect=json.dumps(effect), chance=json.dumps(chance)
    )
    lines = text.splitlines()
    try:
        ir = load_text(text, "fuzz.yaml")
    except ScenarioError as error:
        assert error.diagnostics
        for d in error.diagnostics:
            assert 1 <= d.span.line <= len(lines), d.format()
            assert 1 <= d.span.col <= len(lines[d.span.line - 1]) + 1, d.format()
            assert d.code.startswith("E"), d.format()
    else:
        lint_scenario(ir)

"""Static lint: each rule fires on its fixture at the right place, and not on its near miss.

Fixtures live in tests/fixtures/lint/: `W1xx.yaml` triggers the rule, `W1xx_ok.yaml` is the
closest file that must not. A Hypothesis property checks that the condition analysis is
sound: it never calls a condition impossible that some state makes true.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.errors import Diagnostic
from wargame.scenario.files import find_scenario_files
from wargame.scenario.lint import RULES, lint_scenario
from wargame.scenario.loader import load_scenario, load_text

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lint"
SHIPPED = Path(__file__).parent.parent.parent / "scenarios"


def lint(name: str) -> list[Diagnostic]:
    return lint_scenario(load_scenario(FIXTURES / name))


def where(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int, str | None]]:
    return [(d.code, d.span.line, d.span.col, d.path) for d in diagnostics]


EXPECTED: dict[str, list[tuple[str, int, int, str | None]]] = {
    "W101.yaml": [("W101", 13, 3, "variables.morale")],
    "W102.yaml": [("W102", 15, 3, "flags.noise")],
    "W103.yaml": [("W103", 15, 3, "flags.alarm")],
    "W104.yaml": [
        ("W104", 19, 76, "moves[2].when"),
        ("W104", 20, 77, "moves[3].when"),
        ("W104", 21, 69, "moves[4].when"),
        ("W104", 23, 46, "injects[0].when"),
        ("W104", 26, 38, "endings[1].when"),
    ],
    "W105.yaml": [
        ("W105", 19, 73, "moves[2].effects[0]"),
        ("W105", 20, 70, "moves[3].effects[0]"),
        ("W105", 20, 86, "moves[3].effects[1]"),
    ],
    "W106.yaml": [("W106", 20, 53, "endings[1].when"), ("W106", 22, 46, "endings[3].when")],
    "W106_default.yaml": [("W106", 21, 5, "endings[2]")],
    "W107.yaml": [("W107", 11, 3, "actors.south")],
    "W108.yaml": [("W108", 17, 5, "phases[1]")],
    "W109.yaml": [
        ("W109", 16, 5, "moves[0]"),
        ("W109", 19, 5, "injects[0]"),
        ("W109", 21, 5, "endings[0]"),
    ],
    "W110.yaml": [("W110", 6, 3, "actors.north")],
    "W111.yaml": [("W111", 17, 7, "alliances.pact.members.south")],
    "W112.yaml": [
        ("W112", 28, 35, "moves[2].dice.outcomes[0].at_least"),
        ("W112", 41, 11, "moves[3].dice.outcomes[1]"),
    ],
    "W113.yaml": [
        ("W113", 23, 26, "moves[2].chance[0].p"),
        ("W113", 24, 26, "moves[2].chance[1].p"),
        ("W113", 26, 9, "moves[2].chance[3]"),
        ("W113", 28, 39, "injects[0].chance"),
    ],
    "W114.yaml": [("W114", 14, 1, "arguments"), ("W114", 21, 5, "moves[1].argued")],
    "W120.yaml": [("W120", 24, 29, "injects[1].at"), ("W120", 25, 29, "injects[2].at")],
    "W121.yaml": [
        ("W121", 25, 7, "exercise.objectives[1]"),
        ("W121", 28, 5, "exercise.capabilities.listening"),
    ],
    "W122.yaml": [("W122", 30, 48, "exercise.capabilities.talking.expected[0].move")],
    "W123.yaml": [("W123", 24, 5, "modules[1]")],
    "W124.yaml": [("W124", 26, 5, "injects[0]")],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rule_fires_at_the_node(name: str) -> None:
    assert where(lint(name)) == EXPECTED[name]


@pytest.mark.parametrize("rule", [r.code for r in RULES])
def test_every_rule_has_a_triggering_and_a_clean_fixture(rule: str) -> None:
    assert any(d.code == rule for d in lint(f"{rule}.yaml"))
    assert lint(f"{rule}_ok.yaml") == []


def test_clean_base_is_clean() -> None:
    assert lint("clean.yaml") == []


def test_diagnostics_are_warnings_with_hints() -> None:
    for name in EXPECTED:
        for d in lint(name):
            assert d.severity == "warning"
            assert d.hint
            assert d.span.file == str(FIXTURES / name)


def test_messages_say_why() -> None:
    messages = {d.path: d.message for d in lint("W104.yaml")}
    assert messages["moves[2].when"].endswith("tension stays within its bounds 0..10")
    assert messages["moves[3].when"].endswith("it contradicts itself")
    assert "turn runs from 1 to 3" in messages["injects[0].when"]
    assert "fixed never changes from its start 3" in messages["endings[1].when"]
    shadowed = {d.path: d.message for d in lint("W106.yaml")}
    assert (
        "`war` holds too and is checked first (priority 10 against 5)"
        in shadowed["endings[1].when"]
    )
    assert "same priority 0, earlier in the file" in shadowed["endings[3].when"]


def test_disable_comments_silence_by_file_and_by_node() -> None:
    found = where(lint("suppressed.yaml"))
    # W109 is off for the file, W107 for `south`, W101 for `morale` (comment above it),
    # W104 for the `shout` move; `unused` still warns and the unknown W999 is reported.
    assert found == [("W101", 21, 3, "variables.unused"), ("W100", 26, 112, None)]


def test_shipped_scenarios_lint_without_errors() -> None:
    for path in find_scenario_files([SHIPPED]):
        assert all(d.severity == "warning" for d in lint_scenario(load_scenario(path)))


# ---- soundness of the condition analysis ------------------------------------------------

_TEMPLATE = """\
wargame: 1
id: prop
title: Property
calendar: {{start: Day 1, turns: 3}}
actors:
  a: {{name: A}}
variables:
  x: {{start: 0, min: {lo}, max: {hi}}}
  y: {{start: 0, min: 0, max: 10}}
moves:
  - {{id: up, actor: a, label: Up, effects: ["x += 1", "y += 1"]}}
  - {{id: down, actor: a, label: Down, effects: ["x -= 1", "y -= 1"]}}
  - {{id: probe, actor: a, label: Probe, when: "{cond}"}}
endings:
  - {{id: end, title: End, default: true}}
"""

_OPS = ("<", "<=", ">", ">=", "==", "!=")
_atoms = st.builds(
    lambda name, op, c: f"{name} {op} {c}",
    st.sampled_from(("x", "y", "x + y", "turn")),
    st.sampled_from(_OPS),
    st.integers(-3, 13),
)
_conditions = st.recursive(
    _atoms,
    lambda inner: st.one_of(
        st.builds(lambda a, b: f"({a} and {b})", inner, inner),
        st.builds(lambda a, b: f"({a} or {b})", inner, inner),
        st.builds(lambda a: f"not ({a})", inner),
    ),
    max_leaves=5,
)


class _State:
    def __init__(self, x: float, y: float, turn: int) -> None:
        self.vars = (x, y)
        self.turn = turn


@settings(max_examples=150, deadline=None)
@given(_conditions, st.integers(-2, 0), st.integers(8, 12))
def test_never_warns_about_a_condition_some_state_satisfies(cond: str, lo: int, hi: int) -> None:
    ir = load_text(_TEMPLATE.format(lo=lo, hi=hi, cond=cond), "prop.yaml")
    warned = any(d.code == "W104" for d in lint_scenario(ir))
    when = ir.move("probe").when
    assert when is not None
    satisfiable = any(
        when(_State(x / 2, y / 2, turn))  # type: ignore[arg-type]
        for x in range(2 * lo, 2 * hi + 1)
        for y in range(0, 21)
        for turn in (1, 2, 3)
    )
    if satisfiable:
        assert not warned, cond


_NUMBERS = (
    "x",
    "y",
    "turn",
    "x + y",
    "x - y",
    "2 * x",
    "x // 2",
    "x % 3",
    "-x",
    "abs(x - 2)",
    "min(x, y)",
    "max(x, 3)",
    "clamp(x, 1, 4)",
    "round(x / 3)",
    "(x if y > 4 else -y)",
)
_rich_conditions = st.recursive(
    st.builds(
        lambda a, op, c: f"{a} {op} {c}",
        st.sampled_from(_NUMBERS),
        st.sampled_from(_OPS),
        st.integers(-6, 13),
    ),
    lambda inner: st.one_of(
        st.builds(lambda a, b: f"({a} and {b})", inner, inner),
        st.builds(lambda a, b: f"({a} or {b})", inner, inner),
        st.builds(lambda a: f"not ({a})", inner),
        st.builds(lambda a, b, c: f"({a} if {b} else {c})", inner, inner, inner),
    ),
    max_leaves=4,
)


@settings(max_examples=150, deadline=None)
@given(_rich_conditions)
def test_functions_and_branches_are_analysed_soundly(cond: str) -> None:
    """The ranges of functions come from their vocabulary entries; never too narrow."""
    ir = load_text(_TEMPLATE.format(lo=-4, hi=8, cond=cond), "prop.yaml")
    warned = any(d.code == "W104" for d in lint_scenario(ir))
    when = ir.move("probe").when
    assert when is not None
    satisfiable = any(
        when(_State(x / 2, y / 2, turn))  # type: ignore[arg-type]
        for x in range(-8, 17)
        for y in range(0, 21)
        for turn in (1, 2, 3)
    )
    if satisfiable:
        assert not warned, cond


def test_floor_division_of_an_unbounded_quantity_is_understood() -> None:
    """`played(m) // 2` has no upper bound: once a traceback (floor of infinity)."""
    text = _TEMPLATE.format(lo=0, hi=10, cond="played(up) // 2 < 0 or fired(news) // 3 > -1")
    text = text.replace("endings:", "injects:\n  - {id: news, label: News}\nendings:")
    assert _never(text) == []
    assert _never(_TEMPLATE.format(lo=0, hi=10, cond="played(up) // 2 < 0")) == ["moves[2].when"]


def _never(text: str) -> list[str | None]:
    return [d.path for d in lint_scenario(load_text(text, "f.yaml")) if d.code == "W104"]

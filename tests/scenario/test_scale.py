"""Scenario size: memory and work linear in the scenario, never in the square of its actors.

A 189 KB file with 10,000 actors took 25 s and 4.7 GB to validate (a full trust matrix of
100 million cells, copied again into every game's opening state); 20,000 actors ran out
of memory. The checks here are structural (what is stored, how often work is done), never
timings; `python -m benchmarks --only scale` prints the figures.
"""

from __future__ import annotations

from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wargame.engine import PlayMove, initial_state, step
from wargame.scenario.compile import DENSE_TRUST_ACTORS, SELF_TRUST
from wargame.scenario.ir import DefaultRow, TrustRow, trust_received
from wargame.scenario.loader import load_text
from wargame.session import state_digest


def many_actors(n: int) -> str:
    lines = ["wargame: 1", "id: many", "title: Many"]
    lines += ["calendar: {start: Day 1, step: day, turns: 2}"]
    lines += ["actors:", *(f"  a{i}: {{name: A{i}}}" for i in range(n))]
    lines += ["relations:", "  default: 40", "  trust:", "    a1: {a2: 70}"]
    lines += ["variables:", "  x: {start: 1}", "moves:"]
    lines += ['  - {id: m, actor: a0, label: M, effects: ["trust[a3][a4] += 5"]}']
    lines += ["endings:", "  - {id: e, title: E, default: true}"]
    return "\n".join(lines) + "\n"


def test_a_large_scenario_stores_only_the_rows_of_trust_it_declares() -> None:
    n = DENSE_TRUST_ACTORS + 500
    ir = load_text(many_actors(n))
    assert sum(isinstance(row, tuple) for row in ir.trust) == 1  # a1's, declared
    assert ir.trust[1][2] == 70.0 and ir.trust[1][1] == SELF_TRUST and ir.trust[1][0] == 40.0
    row = ir.trust[7]
    assert isinstance(row, DefaultRow)
    assert (row[7], row[8], row[-1], len(row)) == (SELF_TRUST, 40.0, 40.0, n)
    state = initial_state(ir, rng=Random(0))
    assert state.trust is ir.trust  # the opening state shares the rows, it does not copy them
    assert len(repr(state.trust)) < 60 * n  # so a save's digest is linear in the actors too
    assert len(state_digest(state)) == 16


def test_a_row_of_defaults_is_stored_whole_once_a_cell_changes_and_both_paths_agree() -> None:
    ir = load_text(many_actors(DENSE_TRUST_ACTORS + 10))
    state = initial_state(ir, rng=Random(0))
    loud, _ = step(ir, state, PlayMove("a0", "m"), Random(1))
    quiet, _ = step(ir, state, PlayMove("a0", "m"), Random(1), record=False)
    assert loud.trust[3] == quiet.trust[3]
    assert isinstance(loud.trust[3], tuple) and isinstance(quiet.trust[3], tuple)
    assert loud.trust[3][4] == 45.0 and loud.trust[3][3] == SELF_TRUST
    assert isinstance(loud.trust[5], DefaultRow)


def test_a_row_of_defaults_reads_as_the_tuple_of_its_values() -> None:
    row = DefaultRow(4, 1, 50.0, 100.0)
    dense = (50.0, 100.0, 50.0, 50.0)
    assert tuple(row) == dense and row == dense and hash(row) == hash(dense)
    assert row[1:3] == dense[1:3] and list(row) == list(dense)
    assert row == DefaultRow(4, 1, 50.0, 100.0) and row != DefaultRow(4, 2, 50.0, 100.0)


def test_a_small_scenario_keeps_every_row_whole() -> None:
    ir = load_text(many_actors(30))
    assert all(isinstance(row, tuple) for row in ir.trust)


@st.composite
def trust_matrices(draw: st.DrawFn) -> tuple[TrustRow, ...]:
    """A trust matrix as a large scenario holds one: rows of defaults among whole rows."""
    n = draw(st.integers(0, 8))
    value = st.floats(0, 100, allow_nan=False)
    rows: list[TrustRow] = []
    for a in range(n):
        if draw(st.booleans()):
            rows.append(DefaultRow(n, a, draw(value), SELF_TRUST))
        else:
            rows.append(tuple(draw(st.lists(value, min_size=n, max_size=n))))
    return tuple(rows)


@given(trust_matrices())
def test_trust_received_is_each_column_summed_without_its_own_cell(
    trust: tuple[TrustRow, ...],
) -> None:
    n = len(trust)
    expected = [sum(trust[b][a] for b in range(n) if b != a) for a in range(n)]
    assert list(trust_received(trust)) == pytest.approx(expected, abs=1e-9)
